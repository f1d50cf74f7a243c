#pragma once
// Reading a sink's secret (password, token, API key) from a file or an environment variable.

#include <string>
#include <string_view>

#include "sfc/config.hpp"

namespace sfc::sinks {

/// Returns the secret `ref` points at: the first line of `ref.file` (without its line ending) or
/// the value of the environment variable `ref.env`. `what` names the config field for errors
/// ("sinks[1].http.secret"). Throws sink_error (sink_error.hpp) when the secret is unset, the file
/// cannot be read, the variable is unset, or the value is empty; the message names the file or
/// variable and the fix, never the value.
std::string read_secret(const config::secret_ref& ref, std::string_view what);

}  // namespace sfc::sinks
