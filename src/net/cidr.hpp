#pragma once
// A network in CIDR form ("10.0.0.0/8", "fd00::/8") as NO_PROXY lists it, split the one way
// that both the config check and the http matcher read it.

#include <optional>
#include <string_view>

namespace sfc::net {

struct cidr {
    std::string_view address;  ///< before the '/', unchecked
    unsigned bits = 0;
};

/// Splits "address/bits"; nullopt without a '/' or when bits is not a plain decimal number. The
/// address, and bits against its family's 32 or 128, are the caller's to check: the config and
/// the matcher parse addresses with different tools.
std::optional<cidr> split_cidr(std::string_view text);

}  // namespace sfc::net
