#pragma once
// The options of `sfcollector keygen` and its passphrase, checked before any key is made.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/keygen.hpp"

namespace sfc::app {

/// What the operator got wrong on the command line; exit 64.
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct keygen_options {
    int bits = 2048;
    int days = 365;
    crypto::certificate_subject subject;
    std::filesystem::path out_dir = ".";
    bool encrypted_key = false;
    bool pkcs12 = false;
    std::filesystem::path passphrase_file;
    std::string passphrase_env;
    bool force = false;
};

/// The passphrase, wiped from memory when it goes; empty when none is needed.
struct passphrase {
    std::optional<crypto::key_bytes> text;
};

/// The words after "keygen"; throws usage_error naming the option and the fix.
keygen_options parse_keygen_options(const std::vector<std::string>& args);
/// From --passphrase-file or --passphrase-env when a file needs one; throws usage_error.
passphrase read_keygen_passphrase(const keygen_options& o);

}  // namespace sfc::app
