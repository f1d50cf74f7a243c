#include "fake_salesforce/log_file_endpoint.hpp"

#include "fake_salesforce/gzip_encoder.hpp"
#include "fake_salesforce/text_util.hpp"

#include <functional>
#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>
#include <string>

namespace sfc::test::fake_sf {
namespace {

constexpr std::size_t piece_size = 64 * 1024;

struct trickle {
    std::uint64_t after = 0;
    std::chrono::milliseconds every{0};
};

class log_file_stream final : public body_stream {
public:
    log_file_stream(std::shared_ptr<fake_state> state,
                    std::shared_ptr<const csv_content> content,
                    bool gzip,
                    std::optional<std::uint64_t> reset_after,
                    std::string id,
                    std::optional<trickle> slow)
        : state_(std::move(state)),
          cursor_(std::move(content)),
          reset_after_(reset_after),
          trickle_(slow),
          id_(std::move(id)),
          hook_(state_->log_file_hook) {
        if (gzip) gzip_.emplace();
    }

    std::chrono::milliseconds pause() const override {
        return trickling() ? trickle_->every : std::chrono::milliseconds(0);
    }

    status next(std::string& out) override {
        piece_.clear();
        if (!take_piece()) {
            if (gzip_) gzip_->write({}, out, gzip_encoder::flush::finish);
            return status::last;
        }
        bool cut = false;
        if (reset_after_ && produced_ + piece_.size() >= *reset_after_) {
            piece_.resize(std::size_t(*reset_after_ - produced_));
            cut = true;
        }
        produced_ += piece_.size();
        if (hook_) hook_(id_, produced_);
        if (gzip_) {
            // Flush on a cut so the client really receives the bytes sent before the reset.
            const bool flush = cut || trickling();
            gzip_->write(
                piece_, out, flush ? gzip_encoder::flush::sync : gzip_encoder::flush::none);
        } else {
            out.swap(piece_);
        }
        return cut ? status::abort : status::more;
    }

    void finished(bool completed, std::uint64_t bytes_written) override {
        std::lock_guard lock(state_->mu);
        ++(completed ? state_->stats.log_file_completed : state_->stats.log_file_aborted);
        state_->stats.log_file_bytes += bytes_written;
        state_->changed.notify_all();
    }

private:
    bool trickling() const { return trickle_ && produced_ >= trickle_->after; }

    // The next piece into piece_: whole lines from the cursor, or one byte once trickling.
    bool take_piece() {
        if (pending_.empty() && !cursor_.next(pending_, piece_size)) return false;
        std::size_t n = pending_.size();
        if (trickling()) {
            n = 1;
        } else if (trickle_) {
            n = std::min<std::uint64_t>(n, trickle_->after - produced_);
        }
        piece_.assign(pending_, 0, n);
        pending_.erase(0, n);
        return true;
    }

    std::shared_ptr<fake_state> state_;
    csv_cursor cursor_;
    std::string pending_;
    std::optional<gzip_encoder> gzip_;
    std::optional<std::uint64_t> reset_after_;
    std::optional<trickle> trickle_;
    std::uint64_t produced_ = 0;
    std::string piece_;
    std::string id_;
    std::function<void(const std::string&, std::uint64_t)> hook_;  // copied: called unlocked
};

bool accepts_gzip(const http_request& request) {
    return to_lower(request.header("Accept-Encoding")).find("gzip") != std::string::npos;
}

}  // namespace

http_reply handle_log_file(const std::shared_ptr<fake_state>& state,
                           const http_request& request,
                           std::string_view file_id) {
    const auto it = state->files.find(std::string(file_id));
    if (it == state->files.end()) {
        return json_reply(404,
                          "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested "
                          "resource does not exist\"}]");
    }
    std::optional<std::uint64_t> reset_after;
    if (state->reset_times > 0) {
        --state->reset_times;
        reset_after = state->reset_after_bytes;
    }
    std::optional<trickle> slow;
    if (state->trickle_times > 0) {
        --state->trickle_times;
        slow = trickle{state->trickle_after_bytes, state->trickle_every};
    }
    const bool gzip = state->options.gzip_log_files && accepts_gzip(request);
    http_reply reply;
    reply.set("Content-Type", state->options.log_file_content_type);
    if (gzip) reply.set("Content-Encoding", "gzip");
    reply.stream = std::make_unique<log_file_stream>(
        state, it->second.content, gzip, reset_after, std::string(file_id), slow);
    ++state->stats.log_file_started;
    return reply;
}

}  // namespace sfc::test::fake_sf
