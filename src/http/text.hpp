#pragma once
// The ASCII helpers under the names the http module and its users have always called.

#include "net/text.hpp"

namespace sfc::http::detail {

using net::ascii_lower;
using net::iequals;
using net::trim;

}  // namespace sfc::http::detail
