// Throughput of the EventLogFile path: CSV bytes → records → JSON events.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "elf_batches.hpp"
#include "parse/csv_parser.hpp"

namespace {

// About `bytes` of Login CSV shaped like a real file: every cell quoted, some quotes doubled.
std::string make_login_csv(std::size_t bytes) {
    std::string csv =
        R"("EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","RUN_TIME",)"
        R"("CPU_TIME",)"
        R"("URI","SESSION_KEY","LOGIN_KEY","USER_TYPE","REQUEST_STATUS","DB_TOTAL_TIME",)"
        R"("LOGIN_TYPE",)"
        R"("BROWSER_TYPE","API_TYPE","API_VERSION","USER_NAME","TLS_PROTOCOL","CIPHER_SUITE",)"
        R"("AUTHENTICATION_METHOD_REFERENCE","LOGIN_SUB_TYPE","TIMESTAMP_DERIVED",)"
        R"("USER_ID_DERIVED",)"
        R"("CLIENT_IP","URI_ID_DERIVED","LOGIN_STATUS","SOURCE_IP")"
        "\n";
    const std::string row =
        R"("Login","20231218054831.655","4u6LyuMrDvb_G-l1cJIQk-","00D5j00000DgAYG",)"
        R"("0055j00000AT6I1",)"
        R"("1219","127","/services/oauth2/token","","bY5Wfv8t/Ith7WVE","Standard","","1051271151",)"
        R"csv("i","Mozilla/5.0 ""compatible"" (X11; Linux x86_64)","","9998.0",)csv"
        R"("someone@example.com",)"
        R"("TLSv1.2","ECDHE-RSA-AES256-GCM-SHA384","","","2023-12-18T05:48:31.655Z",)"
        R"("0055j00000AT6I1AAL","Salesforce.com IP","","LOGIN_NO_ERROR","103.108.207.58")"
        "\n";
    while (csv.size() < bytes) csv += row;
    return csv;
}

const std::string& input() {
    static const std::string csv = make_login_csv(32u << 20);
    return csv;
}

using sfc::bench::chunk_size;

void bm_csv_parse(benchmark::State& state) {
    const std::string& csv = input();
    for (auto _ : state) {
        sfc::parse::csv_parser parser;
        sfc::parse::csv_rows rows;
        for (std::size_t at = 0; at < csv.size(); at += chunk_size) {
            parser.feed(std::string_view(csv).substr(at, chunk_size), rows);
            rows.clear();
        }
        parser.finish(rows);
        benchmark::DoNotOptimize(parser.records());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
}
BENCHMARK(bm_csv_parse)->Unit(benchmark::kMillisecond);

void bm_csv_to_events(benchmark::State& state) {
    const std::string& csv = input();
    std::size_t events = 0;
    for (auto _ : state) {
        events += sfc::bench::build_batches(csv, "Login", [](std::span<const sfc::event> batch) {
            benchmark::DoNotOptimize(batch.data());
        });
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(bm_csv_to_events)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
