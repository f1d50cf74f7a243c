#include "net/proxy_url.hpp"

namespace sfc::net {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

proxy_url_parts split_proxy_url(std::string_view url) {
    proxy_url_parts parts;
    if (const auto sep = url.find("://"); sep != std::string_view::npos) {
        parts.scheme = url.substr(0, sep);
        url.remove_prefix(sep + 3);
    }
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        parts.user_info = url.substr(0, at);
        url.remove_prefix(at + 1);
    }
    const auto end = url.find_first_of("/?#");
    parts.authority = url.substr(0, end);
    if (end != std::string_view::npos) parts.tail = url.substr(end);
    return parts;
}

std::string mask_password(std::string_view url) {
    const auto user_info = split_proxy_url(url).user_info;
    const auto colon = user_info ? user_info->find(':') : std::string_view::npos;
    if (colon == std::string_view::npos) return std::string(url);
    // user_info is a view into url, so its offset locates the password.
    const auto start = static_cast<std::size_t>(user_info->data() - url.data());
    return std::string(url.substr(0, start + colon + 1)) + std::string(password_mask) +
           std::string(url.substr(start + user_info->size()));
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
        if (low < 0) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

}  // namespace sfc::net
