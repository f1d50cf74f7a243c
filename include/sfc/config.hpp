#pragma once
// The collector's configuration as plain data, parsed once at start-up (src/config/).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sfc::config {

enum class log_level { trace, debug, info, warn, error };

/// The five values from the Salesforce set-up, plus where to log in.
struct salesforce_config {
    std::filesystem::path private_key;  ///< PEM (server.pem), PKCS#1 or PKCS#8, RSA
    std::string username;               ///< the integration user, JWT `sub`
    std::string client_id;              ///< consumer key, JWT `iss`
    std::string instance_url;           ///< My Domain, "https://company.my.salesforce.com"
    std::string api_version;            ///< "64.0"
    /// Token endpoint host and JWT audience; https://test.salesforce.com for sandboxes.
    std::string login_url = "https://login.salesforce.com";
    /// JWT `aud`; empty means login_url.
    std::string audience;
    /// Extra CA bundle trusted besides the system store (a TLS-inspecting proxy, a test CA).
    std::filesystem::path ca_file;
    /// Turns TLS verification off. Logged as a warning at start-up.
    bool tls_insecure_skip_verify = false;
};

enum class elf_interval { hourly, daily };

struct event_log_file_config {
    bool enabled = true;
    std::vector<std::string> event_types{"Login", "Logout", "LoginAs", "URI", "API", "RestApi",
                                         "Report", "ReportExport"};
    elf_interval interval = elf_interval::hourly;
};

struct collection_config {
    std::chrono::seconds poll_interval{std::chrono::minutes(5)};
    /// How far back the first run looks.
    std::chrono::seconds initial_lookback{std::chrono::hours(24 * 7)};
    /// Poll interval varies by up to this fraction either way, so many collectors don't align.
    double jitter = 0.1;
};

enum class sink_type { stdout_lines, file };

struct sink_config {
    sink_type type = sink_type::stdout_lines;
    std::filesystem::path path;  ///< file sinks: the JSON-lines file
    bool fsync = true;           ///< file sinks: fdatasync before a batch counts as written
};

struct collector_config {
    std::filesystem::path source_path;  ///< the YAML file this came from
    salesforce_config salesforce;
    event_log_file_config event_log_file;
    collection_config collection;
    std::filesystem::path state_dir = "/var/lib/sfcollector";
    log_level level = log_level::info;
    std::vector<sink_config> sinks{sink_config{}};
};

}  // namespace sfc::config
