// Secrets are read once at start-up; errors name where the secret was looked for, never its value.
#include "sinks/secret.hpp"

#include "sinks/file_sink.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace sfc::sinks {
namespace {

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
    throw sink_error(std::string(what) + ": " + problem);
}

// The first line without its line ending ("\n" or "\r\n"); a file without a newline is one line.
std::string first_line(std::string_view what, const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        fail(what, "secret file '" + file.string() + "' is a directory; point it at a file");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        fail(what,
             "cannot read secret file '" + file.string() + "': " + std::strerror(errno) +
                 "; create it (readable by the collector's user) or fix the path");
    }
    std::string line;
    std::getline(in, line);
    if (in.bad()) {
        fail(what, "cannot read secret file '" + file.string() + "': I/O error");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
        fail(what,
             "secret file '" + file.string() +
                 "' has an empty first line; write the secret on its first line");
    }
    return line;
}

std::string from_env(std::string_view what, const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        fail(what,
             "environment variable " + name +
                 " is not set; export it in the collector's environment or use secret.file");
    }
    if (*value == '\0') {
        fail(what, "environment variable " + name + " is empty; set it to the secret");
    }
    return value;
}

// Secrets travel in HTTP headers, where a control character would break (or forge) the framing.
bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F;
    });
}

}  // namespace

std::string read_secret(const config::secret_ref& ref, std::string_view what) {
    if (ref.empty()) fail(what, "no secret configured; set secret.file or secret.env");
    if (!ref.file.empty() && !ref.env.empty()) {
        fail(what, "both secret.file and secret.env are set; keep one");
    }
    std::string secret = ref.file.empty() ? from_env(what, ref.env) : first_line(what, ref.file);
    if (has_control(secret)) {
        const std::string where = ref.file.empty() ? "environment variable " + ref.env
                                                   : "file '" + ref.file.string() + "'";
        fail(what,
             "the secret in " + where +
                 " contains a control character (tab, line break); "
                 "remove it");
    }
    return secret;
}

}  // namespace sfc::sinks
