#pragma once
// The certificate step: salesforce.certificate (server.crt, the file uploaded to the External
// Client App) was made from salesforce.private_key and is not about to expire.

#include <chrono>
#include <filesystem>

#include "check/report.hpp"
#include "crypto/private_key.hpp"

namespace sfc::check {

/// Certificates expiring within this long get a warning.
inline constexpr std::chrono::hours certificate_warning_window{24 * 30};

/// `key` is null when the key step could not read it (only the dates are checked then). An
/// unreadable file fails with check_config; a certificate of another key or an expired one with
/// check_refused (Salesforce would refuse the JWT).
verdict check_certificate(const std::filesystem::path& certificate,
                          const crypto::private_key* key,
                          std::chrono::system_clock::time_point now);

}  // namespace sfc::check
