// Secrets are read once at start-up; errors name where the secret was looked for, never its value.
#include "util/secret.hpp"

#include <algorithm>
#include <cstdlib>

#include "platform/file.hpp"

namespace sfc::util {
namespace {

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
    throw secret_error(std::string(what) + ": " + problem);
}

/// Wipes the file's bytes when the read ends, however it ends.
struct wiped_text {
    std::string text;
    ~wiped_text() {
        volatile char* p = text.data();
        for (std::size_t i = 0; i < text.size(); ++i) p[i] = 0;
    }
};

// The first line without its line ending ("\n" or "\r\n"); a file without a newline is one line.
// Only a regular file of at most 64 KiB is read, opened without blocking: a FIFO must not hang
// the start, nor a huge file exhaust memory.
std::string first_line(std::string_view what, const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        fail(what, "secret file '" + file.string() + "' is a directory; point it at a file");
    }
    wiped_text content;
    const auto result =
        platform::read_small_file(file, platform::max_secret_file_size, content.text);
    if (result.status == platform::small_file_status::cannot_open) {
        fail(what,
             "cannot read secret file '" + file.string() + "': " + result.error.message() +
                 "; create it (readable by the collector's user) or fix the path");
    }
    if (!result) {
        fail(what,
             "secret file '" + file.string() + "' " +
                 platform::describe_small_file_failure(
                     result, "secret file", platform::max_secret_file_size) +
                 "; point it at a small regular file holding the secret on its first line");
    }
    std::string_view text = content.text;
    std::string line(text.substr(0, text.find('\n')));
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
