#pragma once
// Which file of a poll's list a free download slot takes next. A file whose retry is due comes
// first, the lowest in list order (the cursor waits for it), then the next file not yet tried:
// a file waiting out its backoff holds back no other download. Bookkeeping only; the caller
// runs the downloads and the backoff timers.

#include <cstddef>
#include <optional>
#include <set>

namespace sfc::sources {

class download_schedule {
public:
    explicit download_schedule(std::size_t files) : files_(files) {}

    /// The file to download now (it counts as active), or nullopt when none is ready.
    std::optional<std::size_t> take();
    /// An active file's attempt failed: it waits for its backoff.
    void failed(std::size_t i);
    /// A waiting file's backoff is over: take() may hand it out again.
    void due(std::size_t i);
    /// An active file is finished (delivered, skipped or given up).
    void finished(std::size_t i);

    /// Nothing is left to take now or later, and nothing is being downloaded.
    bool over() const { return next_ == files_ && waiting_ == 0 && due_.empty() && active_ == 0; }
    std::size_t active() const { return active_; }
    std::size_t waiting() const { return waiting_; }

private:
    std::size_t files_;
    std::size_t next_ = 0;  // the first file never taken
    std::size_t active_ = 0;
    std::size_t waiting_ = 0;
    std::set<std::size_t> due_;
};

}  // namespace sfc::sources
