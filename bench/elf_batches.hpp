#pragma once
// The EventLogFile path the benchmarks share: CSV bytes parsed in 64 KiB chunks, each chunk's
// rows built into events and handed over as one batch.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parse/csv_parser.hpp"
#include "parse/elf_event.hpp"

namespace sfc::bench {

inline constexpr std::size_t chunk_size = 64 * 1024;

/// Parses `csv` (header first) and calls `on_batch(std::span<const event>)` per chunk; returns
/// the number of events.
template <class OnBatch>
std::size_t build_batches(std::string_view csv, const std::string& event_type, OnBatch&& on_batch) {
    parse::csv_parser parser;
    parse::csv_rows rows;
    std::optional<parse::elf_event_builder> builder;
    std::vector<event> batch;
    std::uint64_t row = 0;
    auto flush = [&] {
        std::size_t first = 0;
        if (!builder && rows.size() > 0) {
            std::vector<std::string> header;
            for (std::size_t c = 0; c < rows.field_count(0); ++c) {
                header.emplace_back(rows.field(0, c));
            }
            builder.emplace(parse::log_file_info{"00D5j00000DgAYGEA0",
                                                 "0ATD000000001bROAQ",
                                                 event_type,
                                                 "Hourly",
                                                 1,
                                                 "2023-12-18T05:00:00.000+0000",
                                                 "2023-12-18T09:00:00.000+0000"},
                            std::move(header));
            first = 1;
        }
        for (std::size_t r = first; r < rows.size(); ++r) {
            batch.push_back(builder->build(rows, r, ++row));
        }
        on_batch(std::span<const event>(batch));
        batch.clear();
        rows.clear();
    };
    for (std::size_t at = 0; at < csv.size(); at += chunk_size) {
        parser.feed(csv.substr(at, chunk_size), rows);
        flush();
    }
    parser.finish(rows);
    flush();
    return row;
}

}  // namespace sfc::bench
