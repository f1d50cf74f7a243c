// `pipeline:`: the bounded queue between sources and sinks, retries, dead letters, shutdown.

#include "config/duration.hpp"
#include "config/numbers.hpp"
#include "config/sections.hpp"

namespace sfc::config {
namespace {

constexpr std::uint64_t max_queue_events = 100'000'000;
constexpr std::chrono::seconds max_shutdown_grace{std::chrono::hours(1)};

std::size_t parse_max_events(const std::string& text) {
    return check_range(parse_count(text), 1, max_queue_events, "use e.g. 20000");
}

std::size_t parse_max_bytes(const std::string& text) {
    return check_range(parse_size(text), 1, max_size_bytes, "use e.g. 64MiB");
}

std::chrono::milliseconds parse_retry(const std::string& text) {
    auto value = parse_duration_ms(text);
    if (value.count() == 0) {
        throw value_error("the retry delay is zero", "use at least 1ms, e.g. 500ms or 1s");
    }
    return value;
}

std::chrono::seconds parse_grace(const std::string& text) {
    auto value = parse_duration(text);
    if (value > max_shutdown_grace) {
        throw value_error("the shutdown grace is longer than 1h",
                          "use at most 1h (and keep systemd's TimeoutStopSec above it)");
    }
    return value;
}

when_full read_when_full(const yaml_reader& reader, const field& at, when_full fallback) {
    return reader
        .read_choice<when_full>(
            at,
            "queue policy",
            {{"block", when_full::block}, {"drop_newest", when_full::drop_newest}})
        .value_or(fallback);
}

/// Back-off grows from retry_initial to retry_max; the other way round is surely a slip.
void read_retry(const yaml_reader& reader, const mapping& section, pipeline_config& out) {
    auto initial = section.find("retry_initial");
    auto max = section.find("retry_max");
    if (initial)
        out.retry_initial = reader.read_as(*initial, parse_retry).value_or(out.retry_initial);
    if (max) out.retry_max = reader.read_as(*max, parse_retry).value_or(out.retry_max);
    if (out.retry_initial > out.retry_max) {
        const field& at = initial ? *initial : *max;
        auto default_max =
            std::chrono::duration_cast<std::chrono::seconds>(pipeline_config{}.retry_max);
        std::string note = " (which defaults to " + std::to_string(default_max.count()) + "s)";
        reader.fail(at,
                    "retry_initial is longer than retry_max" + (max ? std::string() : note),
                    "make retry_initial at most retry_max, e.g. 1s and 60s");
    }
}

}  // namespace

pipeline_config read_pipeline(const section_context& context, const field& at) {
    const yaml_reader& reader = context.reader;
    mapping section = reader.read_mapping(at,
                                          {"max_events",
                                           "max_bytes",
                                           "when_full",
                                           "retry_initial",
                                           "retry_max",
                                           "dead_letter_path",
                                           "shutdown_grace"});
    pipeline_config out;
    if (auto v = section.find("max_events")) {
        out.max_events = reader.read_as(*v, parse_max_events).value_or(out.max_events);
    }
    if (auto v = section.find("max_bytes")) {
        out.max_bytes = reader.read_as(*v, parse_max_bytes).value_or(out.max_bytes);
    }
    if (auto v = section.find("when_full"))
        out.when_full = read_when_full(reader, *v, out.when_full);
    read_retry(reader, section, out);
    if (auto v = section.find("dead_letter_path")) {
        if (auto path = read_path(context, *v)) out.dead_letter_path = path->path;
    }
    if (auto v = section.find("shutdown_grace")) {
        out.shutdown_grace = reader.read_as(*v, parse_grace).value_or(out.shutdown_grace);
    }
    return out;
}

}  // namespace sfc::config
