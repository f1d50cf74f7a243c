#include "auth/token_response.hpp"

#include <simdjson.h>

#include <string>

namespace sfc::auth {
namespace {

/// Splits ".../id/<org>/<user>" into its two ids; leaves them empty if the URL has another shape.
void read_identity_url(std::string_view url, access_token& token) {
    const auto pos = url.rfind("/id/");
    if (pos == std::string_view::npos) return;
    std::string_view ids = url.substr(pos + 4);
    const auto slash = ids.find('/');
    if (slash == std::string_view::npos || slash == 0) return;
    std::string_view user = ids.substr(slash + 1);
    if (user.empty() || user.find('/') != std::string_view::npos) return;
    token.org_id = ids.substr(0, slash);
    token.user_id = user;
}

std::string optional_string(simdjson::dom::element root, const char* field) {
    std::string_view value;
    if (root[field].get_string().get(value) != simdjson::SUCCESS) return {};
    return std::string(value);
}

}  // namespace

std::optional<access_token> parse_token_response(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
    access_token token;
    token.value = optional_string(root, "access_token");
    if (token.value.empty()) return std::nullopt;
    token.instance_url = optional_string(root, "instance_url");
    read_identity_url(optional_string(root, "id"), token);
    return token;
}

}  // namespace sfc::auth
