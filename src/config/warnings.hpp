#pragma once
// What a valid config may still do wrong: credentials other users can read, TLS verification
// turned off, a HEC token sent without TLS. `validate` prints every one; the start logs those
// nothing else logs (the org and sink code warn about their own TLS and key settings).

#include <string>
#include <vector>

#include "sfc/config.hpp"

namespace sfc::config {

struct config_warning {
    std::string text;       ///< one line naming the org or sink, the setting and the fix
    bool at_start = false;  ///< also logged by `run`/`once` at start-up from here
};

/// The warnings for a loaded config. Looks at the files' permissions, never at their content.
std::vector<config_warning> config_warnings(const collector_config& config);

}  // namespace sfc::config
