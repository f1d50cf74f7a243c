#pragma once
// Captures what the code under test logs through spdlog's default logger, for as long as it
// lives, and puts the previous logger back afterwards. Header-only.

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::test {

struct log_line {
    spdlog::level::level_enum level;
    std::string text;
};

class log_capture {
public:
    explicit log_capture(spdlog::level::level_enum level = spdlog::level::info)
        : previous_(spdlog::default_logger()), sink_(std::make_shared<sink>()) {
        auto logger = std::make_shared<spdlog::logger>("capture", sink_);
        logger->set_level(level);
        spdlog::set_default_logger(std::move(logger));
    }
    ~log_capture() { spdlog::set_default_logger(previous_); }
    log_capture(const log_capture&) = delete;
    log_capture& operator=(const log_capture&) = delete;

    std::vector<log_line> lines() const {
        std::lock_guard lock(sink_->mu);
        return sink_->lines;
    }
    /// Lines at `level` containing `part`.
    int count(spdlog::level::level_enum level, std::string_view part) const {
        const auto all = lines();
        return static_cast<int>(std::count_if(all.begin(), all.end(), [&](const log_line& l) {
            return l.level == level && l.text.find(part) != std::string::npos;
        }));
    }
    /// The first line containing `part`, or "".
    std::string find(std::string_view part) const {
        for (const auto& l : lines()) {
            if (l.text.find(part) != std::string::npos) return l.text;
        }
        return {};
    }

private:
    struct sink : spdlog::sinks::base_sink<spdlog::details::null_mutex> {
        void sink_it_(const spdlog::details::log_msg& msg) override {
            std::lock_guard lock(mu);
            lines.push_back({msg.level, std::string(msg.payload.data(), msg.payload.size())});
        }
        void flush_() override {}
        mutable std::mutex mu;
        std::vector<log_line> lines;
    };

    std::shared_ptr<spdlog::logger> previous_;
    std::shared_ptr<sink> sink_;
};

}  // namespace sfc::test
