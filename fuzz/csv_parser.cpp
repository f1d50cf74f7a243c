// libFuzzer target: the streaming CSV parser, fed the same bytes whole and at random chunk
// splits, must give the same records, cells and counters, or the same error.
//
// Input: byte 0 picks the record cap (small caps reach the size limit), the next bytes give the
// chunk sizes, the rest is the CSV.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/csv_parser.hpp"

namespace {

using sfc::parse::csv_error;
using sfc::parse::csv_parser;
using sfc::parse::csv_rows;

struct parse_result {
    std::vector<std::vector<std::string>> records;
    std::optional<std::string> error;
    std::uint64_t counted = 0;
    std::uint64_t anomalies = 0;
};

// Moves the completed records out of `rows`, checking the accessors agree with each other.
void take(csv_rows& rows, parse_result& r) {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::vector<std::string> cells;
        std::size_t record_bytes = 0;
        for (std::size_t c = 0; c < rows.field_count(i); ++c) {
            cells.emplace_back(rows.field(i, c));
            record_bytes += cells.back().size();
        }
        if (record_bytes != rows.record_bytes(i)) std::abort();
        bytes += record_bytes;
        r.records.push_back(std::move(cells));
    }
    if (bytes != rows.bytes()) std::abort();
    rows.clear();
    if (rows.size() != 0 || rows.bytes() != 0) std::abort();
}

parse_result parse(std::string_view csv,
                   std::size_t cap,
                   const std::vector<std::size_t>& chunk_sizes) {
    parse_result r;
    csv_parser parser(cap);
    csv_rows rows;
    try {
        std::size_t at = 0, next = 0;
        while (at < csv.size()) {
            std::size_t n =
                chunk_sizes.empty() ? csv.size() : chunk_sizes[next++ % chunk_sizes.size()];
            if (n == 0 || n > csv.size() - at) n = csv.size() - at;
            parser.feed(csv.substr(at, n), rows);
            at += n;
            take(rows, r);  // between chunks, as the ELF source does
        }
        parser.finish(rows);
    } catch (const csv_error& e) {
        r.error = e.what();
    }
    take(rows, r);
    r.counted = parser.records();
    r.anomalies = parser.anomalies();
    return r;
}

[[noreturn]] void mismatch(const char* what) {
    std::fprintf(stderr, "csv_parser: chunked and whole parses differ: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::uint8_t cap_pick = in.ConsumeIntegral<std::uint8_t>();
    const std::size_t cap = cap_pick < 128 ? csv_parser::default_max_record_bytes : cap_pick - 127;
    std::vector<std::size_t> chunks;
    const std::size_t count = in.ConsumeIntegralInRange<std::size_t>(1, 8);
    for (std::size_t k = 0; k < count; ++k) {
        chunks.push_back(in.ConsumeIntegralInRange<std::size_t>(1, 64));
    }
    const std::string csv = in.ConsumeRemainingBytesAsString();

    const parse_result whole = parse(csv, cap, {});
    const parse_result split = parse(csv, cap, chunks);
    const parse_result bytewise = parse(csv, cap, {1});
    for (const parse_result* r : {&split, &bytewise}) {
        if (r->records != whole.records) mismatch("records");
        if (r->error != whole.error) mismatch("error");
        if (r->counted != whole.counted) mismatch("records()");
        if (r->anomalies != whole.anomalies) mismatch("anomalies()");
    }
    if (!whole.error && whole.counted != whole.records.size()) mismatch("records() vs rows");
    return 0;
}
