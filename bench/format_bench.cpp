// Parse, build and format on one core: EventLogFile CSV bytes → events → each SIEM format's
// bytes, as a sink would put them on the wire. The input is the fake Salesforce's generated
// Login, URI and API files (real column sets, the odd quoted or non-ASCII cell).
#include <benchmark/benchmark.h>

#include <chrono>
#include <span>
#include <string>
#include <vector>

#include "elf_batches.hpp"
#include "fake_salesforce/csv_generator.hpp"
#include "sinks/es_bulk.hpp"
#include "sinks/hec_body.hpp"
#include "sinks/line_writer.hpp"
#include "sinks/syslog_message.hpp"

namespace {

using sfc::event;

struct log_file {
    std::string event_type;
    std::string csv;
};

const std::vector<log_file>& inputs() {
    static const std::vector<log_file> files = [] {
        namespace fake = sfc::test::fake_sf;
        std::vector<log_file> out;
        for (const char* type : {"Login", "URI", "API"}) {
            fake::generated_csv_spec spec;
            spec.event_type = type;
            spec.org_id15 = "00D5j00000DgAYG";
            spec.file_id = std::string("0AT5j00000Bench") + type;
            spec.log_date = fake::from_ms(1702875600000);
            spec.rows = 20000;
            const auto content = fake::make_generated_csv(spec);
            log_file file{type, {}};
            content->append_header(file.csv);
            for (std::size_t r = 0; r < content->row_count(); ++r) content->append_row(file.csv, r);
            out.push_back(std::move(file));
        }
        return out;
    }();
    return files;
}

template <class Format>
void run(benchmark::State& state, Format format) {
    std::size_t events = 0, bytes = 0;
    for (auto _ : state) {
        for (const log_file& file : inputs()) {
            events += sfc::bench::build_batches(file.csv, file.event_type, format);
            bytes += file.csv.size();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void bm_json_lines(benchmark::State& state) {
    std::string out;
    run(state, [&](std::span<const event> events) {
        sfc::sinks::render_lines(out, events);
        benchmark::DoNotOptimize(out.data());
    });
}
BENCHMARK(bm_json_lines)->Unit(benchmark::kMillisecond);

void bm_syslog(benchmark::State& state, sfc::config::syslog_format format) {
    sfc::format::syslog_header header;
    header.hostname = "collector-1";
    header.procid = "4242";
    const auto now = std::chrono::system_clock::now();
    run(state, [&](std::span<const event> events) {
        for (const event& e : events) {
            benchmark::DoNotOptimize(sfc::sinks::render_syslog_message(e, format, header, now));
        }
    });
}
void bm_rfc5424(benchmark::State& state) {
    bm_syslog(state, sfc::config::syslog_format::rfc5424);
}
void bm_cef(benchmark::State& state) {
    bm_syslog(state, sfc::config::syslog_format::cef);
}
void bm_leef(benchmark::State& state) {
    bm_syslog(state, sfc::config::syslog_format::leef);
}
BENCHMARK(bm_rfc5424)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_cef)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_leef)->Unit(benchmark::kMillisecond);

void bm_es_bulk(benchmark::State& state) {
    std::string out;
    run(state, [&](std::span<const event> events) {
        out.clear();
        sfc::sinks::es_bulk::append_body(out, events, "salesforce");
        benchmark::DoNotOptimize(out.data());
    });
}
BENCHMARK(bm_es_bulk)->Unit(benchmark::kMillisecond);

void bm_hec(benchmark::State& state) {
    sfc::sinks::hec_body_builder builder({"salesforce", "", "security", ""});
    std::string out;
    run(state, [&](std::span<const event> events) {
        builder.build(out, events);
        benchmark::DoNotOptimize(out.data());
    });
}
BENCHMARK(bm_hec)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
