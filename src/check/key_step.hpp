#pragma once
// The private key step (JWT bearer flow): the key file can be read with its passphrase, and only
// its owner can reach it.

#include <optional>

#include "check/report.hpp"
#include "crypto/private_key.hpp"
#include "sfc/config.hpp"

namespace sfc::check {

struct key_step_result {
    verdict outcome;
    /// The key when it could be read (even from a file others may read), for the certificate step.
    std::optional<crypto::private_key> key;
};

/// Reads salesforce.private_key (with its passphrase). Unreadable, or readable by others: fails
/// with check_refused, naming the file and the fix.
key_step_result check_key(const config::salesforce_config& sf);

}  // namespace sfc::check
