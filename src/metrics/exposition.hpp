#pragma once
// The Prometheus text exposition format (version 0.0.4): families of samples with HELP and TYPE
// lines, label values escaped. Prometheus' own client libraries are not in Debian; this is the
// small part of them a collector needs.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sfc::metrics {

using labels = std::vector<std::pair<std::string_view, std::string_view>>;

enum class metric_type { counter, gauge };

class exposition {
public:
    /// Starts a family; its samples follow. `name` has no _total suffix for a counter: it is
    /// added here, as OpenMetrics names a counter's sample.
    void family(std::string_view name, metric_type type, std::string_view help);
    /// One sample of the current family.
    void sample(const labels& labels, double value);
    void sample(const labels& labels, std::uint64_t value);

    const std::string& text() const { return out_; }

private:
    void sample_name_and_labels(const labels& labels);

    std::string out_;
    std::string sample_name_;
};

/// A label value as the format wants it: backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);

}  // namespace sfc::metrics
