#pragma once
// What the operator should do about a token endpoint's refusal, per grant (the set-up guide's
// steps and the collector's settings), and whether retrying unchanged can help.

#include <string>
#include <string_view>

#include "auth/oauth_error.hpp"

namespace sfc::auth::detail {

struct advice {
    std::string hint;
    bool permanent;  ///< retrying without an operator's change cannot help
};

/// For an OAuth JSON error {"error": code, "error_description": description}.
advice advice_for_error(std::string_view code,
                        std::string_view description,
                        unsigned http_status,
                        grant_flow flow);

/// For an answer that is not an OAuth JSON error.
advice advice_for_http(unsigned http_status, grant_flow flow);

}  // namespace sfc::auth::detail
