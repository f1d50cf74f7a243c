#pragma once
// `${VAR}`, `${VAR:-default}` and `$$` in config values, so secrets and per-host values can stay
// out of the file (systemd EnvironmentFile=, container env).

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sfc::config {

/// Looks up an environment variable; nullopt when unset. Injected so tests need no real env.
using env_lookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment (getenv).
env_lookup process_env();

struct expanded_text {
    std::string value;
    bool from_env = false;  ///< an expansion happened: never echo `value` in messages
};

/// Letters, digits and '_', not starting with a digit: what `${NAME}` and *_env keys accept.
bool is_variable_name(std::string_view name);

/// Expands `${VAR}` (unset → value_error naming VAR), `${VAR:-default}` (default when VAR is
/// unset or empty, as in the shell; the default may itself hold `${...}`, nested up to 8 deep)
/// and `$$` (a literal `$`). Any other `$` is kept as is.
expanded_text expand_env(std::string_view text, const env_lookup& env);

}  // namespace sfc::config
