#include "config/proxy_url.hpp"

#include <algorithm>

#include "config/config_error.hpp"
#include "config/text.hpp"
#include "config/url.hpp"
#include "net/cidr.hpp"
#include "net/proxy_url.hpp"
#include "net/text.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view proxy_fix = "write http://[user:password@]host[:port]";
constexpr std::string_view no_proxy_fix =
    "list host names (example.com also covers its subdomains), .example.com, IP addresses, "
    "networks such as 10.0.0.0/8, or *";

/// Throws a value_error that quotes `text` only with its password masked.
[[noreturn]] void fail(std::string_view text, std::string problem, std::string_view fix) {
    throw value_error(std::move(problem), std::string(fix), net::mask_password(text));
}

void check_scheme(std::string_view text, std::string_view scheme) {
    std::string word = lower_ascii(scheme);
    if (word == "https") {
        fail(text,
             "an HTTPS proxy (TLS to the proxy itself) is not supported",
             "write http://host:port: the connection to Salesforce stays TLS end to end inside "
             "the proxy's CONNECT tunnel");
    }
    if (word != "http") {
        fail(text, "only HTTP proxies are supported (not " + word + "://)", proxy_fix);
    }
}

/// Four dotted numbers from 0 to 255, as the matcher (inet_pton) reads them.
bool is_ipv4_address(std::string_view host) {
    int parts = 0;
    for (std::size_t start = 0; start <= host.size(); ++parts) {
        const std::size_t dot = std::min(host.find('.', start), host.size());
        const std::string_view part = host.substr(start, dot - start);
        const bool digits =
            std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (part.empty() || part.size() > 3 || !digits || std::stoi(std::string(part)) > 255) {
            return false;
        }
        start = dot + 1;
    }
    return parts == 4;
}

bool is_ip_address(const std::string& host) {
    if (host.find(':') != std::string::npos) return true;  // normalize_host accepted IPv6
    return is_ipv4_address(host);
}

/// "10.0.0.0/8", "fd00::/8".
void check_network(std::string_view text) {
    auto network = net::split_cidr(text);
    std::string address;
    try {
        if (network) address = normalize_host(network->address);
    } catch (const value_error&) {
    }
    bool ip = !address.empty() && is_ip_address(address);
    unsigned max_bits = address.find(':') != std::string::npos ? 128 : 32;
    if (!network || !ip || network->bits > max_bits) {
        throw value_error("not a network in CIDR form", "write e.g. 10.0.0.0/8 or fd00::/8");
    }
}

/// A host name or IP address, optionally with ":port" (which matching ignores).
void check_host(std::string_view text) {
    try {
        (void)normalize_host(text);
        return;
    } catch (const value_error&) {
        // Perhaps "host:port": the port is allowed, and ignored when matching.
    }
    check_authority(text, no_proxy_fix);
}

}  // namespace

std::string normalize_proxy_url(std::string_view raw) {
    // Without blanks around it: environment values often carry them.
    std::string trimmed(net::trim(raw));
    std::string_view text = trimmed;
    net::proxy_url_parts parts = net::split_proxy_url(text);
    check_scheme(text, parts.scheme.value_or("http"));
    if (!parts.tail.empty() && parts.tail != "/") {
        fail(text, "the proxy URL has a path, query or fragment", proxy_fix);
    }
    // A bare "@" (nothing before it) counts as no user info.
    std::string_view user_info = parts.user_info.value_or("");
    bool user_ok = user_info.find_first_of(" \t\r\n") == std::string_view::npos;
    if (!user_info.empty() && (!user_ok || user_info.starts_with(':'))) {
        fail(text, "the user name before '@' is empty or holds blanks", proxy_fix);
    }
    // The proxy gets the user and password percent-decoded, so a stray '%' would fail there.
    if (!net::percent_decode(user_info)) {
        fail(text, "the user or password has a malformed %-escape", "write '%' as %25");
    }
    try {
        check_authority(parts.authority, proxy_fix);
    } catch (const value_error& e) {
        fail(text, e.problem(), e.fix());
    }
    std::string out = "http://";
    if (!user_info.empty()) out.append(user_info).append("@");
    return out + lower_ascii(parts.authority);
}

std::string normalize_no_proxy_entry(std::string_view text) {
    std::string_view body = text;
    if (body.starts_with("*.")) body.remove_prefix(1);
    if (body.starts_with('.')) body.remove_prefix(1);
    if (body.ends_with('.')) body.remove_suffix(1);  // a fully qualified "example.com."
    if (text == "*") return "*";
    if (text.find("://") != std::string_view::npos) {
        throw value_error("a URL is not allowed here", std::string(no_proxy_fix));
    }
    if (body.find('/') != std::string_view::npos && body.size() == text.size()) {
        check_network(body);
    } else {
        check_host(body);
    }
    return lower_ascii(text);
}

std::vector<std::string> parse_no_proxy_list(std::string_view text) {
    std::vector<std::string> out;
    std::size_t position = 0;
    while (position <= text.size()) {
        auto comma = text.find(',', position);
        std::string entry(net::trim(text.substr(position, comma - position)));
        if (!entry.empty()) {
            try {
                out.push_back(normalize_no_proxy_entry(entry));
            } catch (const value_error& e) {
                throw value_error("entry " + std::to_string(out.size() + 1) + ": " + e.problem(),
                                  e.fix());
            }
        }
        if (comma == std::string_view::npos) break;
        position = comma + 1;
    }
    return out;
}

}  // namespace sfc::config
