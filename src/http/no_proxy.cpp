// NO_PROXY matching, as curl does it: domains with their subdomains, IP addresses, networks.
#include "http/proxy.hpp"

#include "http/text.hpp"
#include "net/cidr.hpp"

#include "platform/ip_address.hpp"

#include <algorithm>

namespace sfc::http {
namespace {

using platform::ip_address;
using platform::parse_ip_address;

// "10.0.0.0/8" or "fd00::/8": whether ip lies in that network.
bool in_network(const ip_address& ip, std::string_view text) {
    const auto network = net::split_cidr(text);
    if (!network) return false;
    const auto base = parse_ip_address(network->address);
    const std::size_t bits = network->bits;
    if (!base || base->size != ip.size || bits > ip.size * 8) return false;
    const std::size_t whole = bits / 8;
    if (!std::equal(ip.bytes.begin(), ip.bytes.begin() + whole, base->bytes.begin())) {
        return false;
    }
    const unsigned rest = bits % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (ip.bytes[whole] & mask) == (base->bytes[whole] & mask);
}

// Lower case, without brackets, a ":port" suffix or a trailing dot.
std::string normalise(std::string_view entry) {
    entry = detail::trim(entry);
    if (entry.starts_with('[')) {
        entry = entry.substr(1, entry.find(']') - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
        entry = entry.substr(0, entry.find(':'));  // a bare IPv6 address has several colons
    }
    if (entry.ends_with('.')) entry.remove_suffix(1);
    std::string out(entry);
    std::transform(out.begin(), out.end(), out.begin(), detail::ascii_lower);
    return out;
}

bool matches(std::string_view host,
             const std::optional<ip_address>& host_ip,
             std::string_view entry) {
    if (entry == "*") return true;
    if (entry.find('/') != std::string_view::npos) return host_ip && in_network(*host_ip, entry);
    if (const auto entry_ip = parse_ip_address(entry)) return host_ip == entry_ip;
    if (host_ip) return false;  // a domain never matches an address
    if (entry.starts_with("*.")) entry.remove_prefix(1);
    if (entry.starts_with('.')) entry.remove_prefix(1);
    if (entry.empty()) return false;
    return host == entry || (host.ends_with(entry) && host[host.size() - entry.size() - 1] == '.');
}

}  // namespace

bool bypass_proxy(std::string_view host, const std::vector<std::string>& no_proxy) {
    const std::string name = normalise(host);
    const auto ip = parse_ip_address(name);
    return std::any_of(no_proxy.begin(), no_proxy.end(), [&](const std::string& entry) {
        const std::string wanted = normalise(entry);
        return !wanted.empty() && matches(name, ip, wanted);
    });
}

}  // namespace sfc::http
