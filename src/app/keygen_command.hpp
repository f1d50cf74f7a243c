#pragma once
// sfcollector keygen: the set-up guide's OpenSSL steps (key, self-signed certificate, optional
// encrypted key and PKCS#12 keystore) in one command.

#include <string>
#include <vector>

namespace sfc::app {

/// `args` are the words after "keygen". Prints what it wrote and the next steps; returns the
/// exit code (0, 64 usage error, 73 a file exists without --force, 1 other failures).
int run_keygen(const std::vector<std::string>& args);

/// The text of `sfcollector keygen --help`.
std::string keygen_usage();

}  // namespace sfc::app
