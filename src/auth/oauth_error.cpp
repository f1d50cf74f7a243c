#include "auth/oauth_error.hpp"

#include <simdjson.h>

#include <optional>
#include <string>

#include "auth/oauth_advice.hpp"
#include "http/client.hpp"

namespace sfc::auth {
namespace {

constexpr std::size_t max_field_length = 200;
constexpr std::string_view redacted = "<redacted>";

/// One printable line of bounded length: the server's words, never a dump.
std::string single_line(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, max_field_length)) {
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
    if (text.size() > max_field_length) out += "...";
    return out;
}

struct parsed_body {
    std::string code;
    std::string description;
};

std::optional<parsed_body> parse_body(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    std::string_view code;
    if (root["error"].get_string().get(code) != simdjson::SUCCESS || code.empty()) {
        return std::nullopt;
    }
    std::string_view description;
    if (root["error_description"].get_string().get(description) != simdjson::SUCCESS) {
        description = {};
    }
    return parsed_body{single_line(code), single_line(description)};
}

void replace_all(std::string& text, std::string_view secret) {
    if (secret.empty()) return;
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + redacted.size())) {
        text.replace(pos, secret.size(), redacted);
    }
}

std::string redact(std::string text, std::string_view secret) {
    replace_all(text, secret);
    replace_all(text, http::url_encode(secret));
    return text;
}

}  // namespace

oauth_error make_oauth_error(std::string_view peer,
                             unsigned http_status,
                             std::string_view body,
                             grant_flow flow) {
    std::string message(peer);
    if (auto error = parse_body(body)) {
        const auto what_to_do =
            detail::advice_for_error(error->code, error->description, http_status, flow);
        message += ": " + error->code;
        if (!error->description.empty()) message += ": " + error->description;
        message.append(" -- ").append(what_to_do.hint);
        return oauth_error(std::move(message),
                           std::move(error->code),
                           std::move(error->description),
                           what_to_do.permanent);
    }
    std::string code = "ERROR_HTTP_" + std::to_string(http_status);
    std::string description = body.empty()
                                  ? "HTTP " + std::to_string(http_status) + " with an empty body"
                                  : "HTTP " + std::to_string(http_status) +
                                        " with a body that is not an OAuth JSON error";
    const auto what_to_do = detail::advice_for_http(http_status, flow);
    message += ": " + code + ": " + description + " -- " + what_to_do.hint;
    return oauth_error(
        std::move(message), std::move(code), std::move(description), what_to_do.permanent);
}

oauth_error without_secret(const oauth_error& error, std::string_view secret) {
    if (secret.empty()) return error;
    return oauth_error(redact(error.what(), secret),
                       redact(error.code(), secret),
                       redact(error.description(), secret),
                       error.permanent());
}

}  // namespace sfc::auth
