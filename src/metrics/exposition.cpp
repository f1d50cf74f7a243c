#include "metrics/exposition.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sfc::metrics {

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

void exposition::family(std::string_view name, metric_type type, std::string_view help) {
    sample_name_ = std::string(name);
    if (type == metric_type::counter) sample_name_ += "_total";
    // HELP text escapes only backslash and newline.
    std::string escaped;
    for (char c : help) {
        if (c == '\\') {
            escaped += "\\\\";
        } else if (c == '\n') {
            escaped += "\\n";
        } else {
            escaped += c;
        }
    }
    fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n", sample_name_, escaped);
    fmt::format_to(std::back_inserter(out_),
                   "# TYPE {} {}\n",
                   sample_name_,
                   type == metric_type::counter ? "counter" : "gauge");
}

void exposition::sample_name_and_labels(const labels& labels) {
    out_ += sample_name_;
    if (labels.empty()) return;
    out_ += '{';
    bool first = true;
    for (const auto& [name, value] : labels) {
        if (!first) out_ += ',';
        first = false;
        fmt::format_to(std::back_inserter(out_), "{}=\"{}\"", name, escape_label_value(value));
    }
    out_ += '}';
}

void exposition::sample(const labels& labels, double value) {
    sample_name_and_labels(labels);
    if (std::isnan(value)) {
        out_ += " NaN\n";
    } else if (std::isinf(value)) {
        out_ += value > 0 ? " +Inf\n" : " -Inf\n";
    } else {
        fmt::format_to(std::back_inserter(out_), " {}\n", value);
    }
}

void exposition::sample(const labels& labels, std::uint64_t value) {
    sample_name_and_labels(labels);
    fmt::format_to(std::back_inserter(out_), " {}\n", value);
}

}  // namespace sfc::metrics
