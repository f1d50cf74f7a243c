#pragma once
// Time as a seam: every "now" in the collector goes through a clock, so tests can fix it.

#include <chrono>

namespace sfc {

/// Wall-clock and monotonic time. Implementations are thread-safe.
class clock {
public:
    virtual ~clock() = default;
    /// Wall-clock time (JWT iat/exp, query windows).
    virtual std::chrono::system_clock::time_point now() const = 0;
    /// Monotonic time (deadlines, backoff).
    virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

/// The real clock.
class system_clock final : public clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
    std::chrono::steady_clock::time_point steady_now() const override {
        return std::chrono::steady_clock::now();
    }
};

/// A clock that moves only when told to. Not thread-safe: tests drive it from one thread.
class manual_clock final : public clock {
public:
    explicit manual_clock(std::chrono::system_clock::time_point start) : now_(start) {}
    std::chrono::system_clock::time_point now() const override { return now_; }
    std::chrono::steady_clock::time_point steady_now() const override {
        return std::chrono::steady_clock::time_point(now_.time_since_epoch());
    }
    void advance(std::chrono::nanoseconds d) { now_ += std::chrono::duration_cast<
                                                   std::chrono::system_clock::duration>(d); }
    void set(std::chrono::system_clock::time_point t) { now_ = t; }

private:
    std::chrono::system_clock::time_point now_;
};

}  // namespace sfc
