// Secrets are read once at start-up; errors name where the secret was looked for, never its value.
#include "util/secret.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace sfc::util {
namespace {

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
    throw secret_error(std::string(what) + ": " + problem);
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

std::string from_env(std::string_view what, std::string_view env_name) {
    const std::string name(env_name);
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        fail(what,
             "environment variable " + name +
                 " is not set; export it in the collector's environment or use a secret file");
    }
    if (*value == '\0') {
        fail(what, "environment variable " + name + " is empty; set it to the secret");
    }
    return value;
}

// Secrets travel in HTTP headers and form bodies, where a control character would break (or
// forge) the framing; in a passphrase it is almost surely a copy-and-paste accident.
bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F;
    });
}

}  // namespace

std::string read_secret(const std::filesystem::path& file,
                        std::string_view env_name,
                        std::string_view what) {
    if (file.empty() && env_name.empty()) {
        fail(what, "no secret configured; name a secret file or an environment variable");
    }
    if (!file.empty() && !env_name.empty()) {
        fail(what, "both a secret file and an environment variable are set; keep one");
    }
    std::string secret = file.empty() ? from_env(what, env_name) : first_line(what, file);
    if (has_control(secret)) {
        const std::string where = file.empty() ? "environment variable " + std::string(env_name)
                                               : "file '" + file.string() + "'";
        fail(what,
             "the secret in " + where +
                 " contains a control character (tab, line break); remove it");
    }
    return secret;
}

}  // namespace sfc::util
