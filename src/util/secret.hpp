#pragma once
// Reading a secret (sink password, client secret, key passphrase) from a file or an environment
// variable, once at start-up.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sfc::util {

/// A secret that cannot be read. what() is one line naming the field, the file or variable and
/// the fix; it never contains the secret.
class secret_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Returns the first line of `file` (without "\n" or "\r\n") or the value of the environment
/// variable `env_name`; exactly one of them must be non-empty. `what` names the config field for
/// errors ("salesforce.client_secret"). Throws secret_error when neither or both are given, the
/// file cannot be read, the variable is unset, the value is empty or holds a control character.
std::string read_secret(const std::filesystem::path& file,
                        std::string_view env_name,
                        std::string_view what);

}  // namespace sfc::util
