#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/file.hpp"
#include "platform/journal.hpp"
#include "util/json_escape.hpp"

namespace sfc::app {
namespace {

// What the text log has always looked like, local time with its offset.
constexpr const char* text_pattern = "%Y-%m-%dT%H:%M:%S.%e%z %l %v";

/// sd-daemon(3)'s prefixes, syslog's priorities: spdlog has no notice level.
char journal_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
        case spdlog::level::debug:
            return '7';
        case spdlog::level::info:
            return '6';
        case spdlog::level::warn:
            return '4';
        case spdlog::level::err:
            return '3';
        case spdlog::level::critical:
            return '2';
        default:
            return '6';
    }
}

void append(spdlog::memory_buf_t& dest, std::string_view text) {
    dest.append(text.data(), text.data() + text.size());
}

/// "2026-12-07T16:20:01.123Z" from spdlog's system_clock time.
void append_utc_timestamp(spdlog::memory_buf_t& dest, spdlog::log_clock::time_point time) {
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(time);
    const auto day = floor<days>(ms);
    const year_month_day date{day};
    const hh_mm_ss time_of_day{ms - day};
    fmt::format_to(std::back_inserter(dest),
                   "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                   static_cast<int>(date.year()),
                   static_cast<unsigned>(date.month()),
                   static_cast<unsigned>(date.day()),
                   time_of_day.hours().count(),
                   time_of_day.minutes().count(),
                   time_of_day.seconds().count(),
                   time_of_day.subseconds().count());
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

/// Splits "org prod: logged in" into "prod" and "logged in", the convention of every line about
/// one org; org names are plain (letters, digits, '_', '-', '.'), so the first ": " ends one.
bool split_org(std::string_view payload, std::string_view& org, std::string_view& rest) {
    constexpr std::string_view prefix = "org ";
    if (payload.substr(0, prefix.size()) != prefix) return false;
    std::size_t end = prefix.size();
    while (end < payload.size() && is_name_char(payload[end])) ++end;
    if (end == prefix.size() || payload.substr(end, 2) != ": ") return false;
    org = payload.substr(prefix.size(), end - prefix.size());
    rest = payload.substr(end + 2);
    return true;
}

class line_formatter final : public spdlog::formatter {
public:
    line_formatter(config::log_format format, bool journal)
        : format_(format),
          journal_(journal),
          text_(std::make_unique<spdlog::pattern_formatter>(text_pattern)) {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        if (format_ == config::log_format::json) {
            if (journal_) append_priority(msg.level, dest);
            append_json(msg, dest);
        } else if (journal_) {
            append_journal_text(msg, dest);
        } else {
            text_->format(msg, dest);
        }
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<line_formatter>(format_, journal_);
    }

private:
    static void append_priority(spdlog::level::level_enum level, spdlog::memory_buf_t& dest) {
        const char prefix[] = {'<', journal_priority(level), '>'};
        dest.append(prefix, prefix + sizeof prefix);
    }

    /// Each line of the message its own entry at the message's priority: journald would file a
    /// continuation line without a prefix as info.
    static void append_journal_text(const spdlog::details::log_msg& msg,
                                    spdlog::memory_buf_t& dest) {
        std::string_view payload(msg.payload.data(), msg.payload.size());
        for (;;) {
            const auto newline = payload.find('\n');
            append_priority(msg.level, dest);
            append(dest, payload.substr(0, newline));
            append(dest, spdlog::details::os::default_eol);
            if (newline == std::string_view::npos) return;
            payload.remove_prefix(newline + 1);
            if (payload.empty()) return;  // a trailing line break starts no empty entry
        }
    }

    static void append_json(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
        append(dest, R"({"timestamp":")");
        append_utc_timestamp(dest, msg.time);
        append(dest, R"(","level":)");
        const auto level = spdlog::level::to_string_view(msg.level);
        std::string json;
        util::append_json_string(json, std::string_view(level.data(), level.size()));
        std::string_view message(msg.payload.data(), msg.payload.size());
        std::string_view org;
        if (split_org(message, org, message)) {
            json += R"(,"org":)";
            util::append_json_string(json, org);
        }
        json += R"(,"message":)";
        util::append_json_string(json, message);
        json += '}';
        append(dest, json);
        append(dest, spdlog::details::os::default_eol);
    }

    config::log_format format_;
    bool journal_;
    std::unique_ptr<spdlog::formatter> text_;
};

/// The rotated log file, or a one-line error naming it and the fix.
spdlog::sink_ptr open_log_file(const config::logging_config& cfg) {
    const std::filesystem::path& file = cfg.file;
    const std::filesystem::path dir = file.parent_path().empty() ? "." : file.parent_path();
    const auto failure = [&](const std::string& why) {
        return std::runtime_error("log_file " + file.string() + " cannot be opened: " + why +
                                  "; check that this user may create and write files in " +
                                  dir.string() +
                                  " (under systemd, LogsDirectory=sfcollector provides "
                                  "/var/log/sfcollector)");
    };
    // Opened once ourselves first: spdlog's own error carries no fix and retries with pauses.
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    platform::file probe = platform::file::open(file, platform::open_mode::append, ec, 0640);
    if (ec) throw failure(ec.message());
    probe.close();
    try {
        return std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            file.string(), static_cast<std::size_t>(cfg.max_size), cfg.max_files);
    } catch (const spdlog::spdlog_ex& e) {
        throw failure(e.what());
    }
}

}  // namespace

log_environment log_environment::detect() {
    log_environment env;
    env.journal = platform::stderr_is_journal();
    return env;
}

spdlog::level::level_enum to_spdlog(config::log_level level) {
    switch (level) {
        case config::log_level::trace:
            return spdlog::level::trace;
        case config::log_level::debug:
            return spdlog::level::debug;
        case config::log_level::info:
            return spdlog::level::info;
        case config::log_level::warn:
            return spdlog::level::warn;
        case config::log_level::error:
            return spdlog::level::err;
    }
    return spdlog::level::info;
}

std::unique_ptr<spdlog::formatter> make_formatter(config::log_format format, bool journal) {
    return std::make_unique<line_formatter>(format, journal);
}

std::shared_ptr<spdlog::logger> make_logger(const config::logging_config& cfg,
                                            const log_environment& env) {
    std::vector<spdlog::sink_ptr> sinks;
    if (!cfg.file.empty()) {
        sinks.push_back(open_log_file(cfg));
        // The file is read by people and log shippers, not journald: never priority prefixes.
        sinks.back()->set_formatter(make_formatter(cfg.format, false));
    }
    if (env.use_stderr) {
        auto err = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        err->set_formatter(make_formatter(cfg.format, env.journal));
        sinks.push_back(std::move(err));
    }
    auto logger = std::make_shared<spdlog::logger>("sfcollector", sinks.begin(), sinks.end());
    logger->set_level(to_spdlog(cfg.level));
    logger->flush_on(spdlog::level::trace);  // every line at once: someone is tailing it
    return logger;
}

void setup_early_logging(const log_environment& env) {
    spdlog::set_default_logger(make_logger(config::logging_config{}, env));
}

void setup_logging(const config::logging_config& cfg, const log_environment& env) {
    spdlog::set_default_logger(make_logger(cfg, env));
}

}  // namespace sfc::app
