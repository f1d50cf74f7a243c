// libFuzzer target: the config loader on arbitrary YAML, with `${...}` expansion from an
// injected environment and no file checks. It must return a config or throw config_error
// (a line per problem, each naming the file), never crash or throw anything else; and no value
// taken from the environment may appear in the error text.
//
// Input: the YAML text. The environment holds a few fixed variables whose values are marked, so
// a leak into a message is easy to see.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/load.hpp"

namespace {

constexpr std::string_view file_name = "/etc/sfcollector/sfcollector.yaml";

const std::map<std::string, std::string>& environment() {
    static const std::map<std::string, std::string> env = {
        {"SF_USER", "LEAKuser@example.com"},
        {"SF_CLIENT_ID", "LEAK3MVG9client"},
        {"SF_URL", "https://LEAKorg.my.salesforce.com"},
        {"PORT", "6514"},
        {"EMPTY", ""},
        {"NL", "LEAKa\nb"},
        {"DOLLAR", "LEAK${SF_USER}"},
    };
    return env;
}

std::optional<std::string> lookup(const std::string& name) {
    const auto it = environment().find(name);
    if (it == environment().end()) return std::nullopt;
    return it->second;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view yaml(reinterpret_cast<const char*>(data), size);
    sfc::config::load_options options;
    options.check_files = false;
    try {
        sfc::config::load_string(yaml, file_name, lookup, options);
    } catch (const sfc::config::config_error& e) {
        // Several problems come one per line, each naming the file.
        const std::string_view what = e.what();
        for (std::size_t at = 0; at < what.size();) {
            const std::size_t end = std::min(what.find('\n', at), what.size());
            if (!what.substr(at, end - at).starts_with(file_name)) {
                std::fprintf(stderr, "config_loader: a line not naming the file: %s\n", e.what());
                std::abort();
            }
            at = end + 1;
        }
        // The input's own text may say LEAK; only an expansion would bring it in otherwise.
        if (what.find("LEAK") != std::string_view::npos &&
            yaml.find("LEAK") == std::string_view::npos) {
            std::fprintf(stderr, "config_loader: an environment value in: %s\n", e.what());
            std::abort();
        }
    }
    return 0;
}
