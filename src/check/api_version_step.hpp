#pragma once
// The API version step: salesforce.api_version is one the org serves, from the unauthenticated
// version list at GET /services/data/ ([{"label":..,"url":..,"version":"64.0"}, ...]).

#include <string>
#include <string_view>
#include <vector>

#include "check/report.hpp"

namespace sfc::check {

/// The "version" values of the list, in its order; empty when the body is not such a list.
std::vector<std::string> parse_api_versions(std::string_view body);

struct api_version_result {
    verdict outcome;
    bool served = false;  ///< the REST steps after it can run
};

/// `status` and `body` are the answer to GET /services/data/ from `origin` (the instance).
api_version_result judge_api_version(unsigned status,
                                     std::string_view body,
                                     const std::string& configured,
                                     const std::string& origin);

}  // namespace sfc::check
