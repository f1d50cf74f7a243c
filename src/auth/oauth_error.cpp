#include "auth/oauth_error.hpp"

#include <simdjson.h>

#include <array>
#include <optional>
#include <string>

namespace sfc::auth {
namespace {

constexpr std::size_t max_field_length = 200;

struct advice {
    std::string_view hint;
    bool permanent;
};

struct known_error {
    std::string_view code;
    std::string_view description;  ///< empty: any description
    advice what_to_do;
};

constexpr std::string_view pre_authorize_hint =
    "pre-authorize the user's profile or permission set in the External Client App's Policies "
    "(App Policies, 'Admin approved users are pre-authorized', External Client App Step 12), "
    "and check that salesforce.username is that user";

// The documented token-endpoint errors (docs/salesforce-api.md 1.5 and 2). Specific descriptions
// come before the catch-all entry of their code.
constexpr std::array known_errors{
    known_error{"invalid_grant", "user hasn't approved this consumer", {pre_authorize_hint, true}},
    known_error{"invalid_app_access", "", {pre_authorize_hint, true}},
    known_error{"invalid_grant",
                "invalid assertion",
                {"the certificate uploaded to the External Client App (server.crt, External "
                 "Client App Step 9) does not match the private key in salesforce.private_key, "
                 "or the key file is not server.pem",
                 true}},
    known_error{"invalid_grant",
                "audience is invalid",
                {"set salesforce.login_url to https://login.salesforce.com (production) or "
                 "https://test.salesforce.com (sandbox), and leave salesforce.audience empty or "
                 "set it to the same",
                 true}},
    known_error{"invalid_grant",
                "expired authorization code",
                {"the clock of this host is off: sync it (NTP)", true}},
    known_error{"invalid_grant",
                "inactive user",
                {"the user in salesforce.username is deactivated: reactivate it in Setup > Users "
                 "or configure an active user",
                 true}},
    known_error{"invalid_grant",
                "user is locked",
                {"the user in salesforce.username is locked out: unlock it in Setup > Users; "
                 "the collector retries later",
                 false}},
    known_error{"invalid_grant",
                "request not supported on this domain",
                {"this grant must go to the org's My Domain host: set salesforce.login_url to "
                 "https://<your domain>.my.salesforce.com",
                 true}},
    known_error{"invalid_grant",
                "no client credentials user enabled",
                {"set the Run As (Username) user of the External Client App (External Client "
                 "App Step 14)",
                 true}},
    known_error{"invalid_grant",
                "",
                {"Salesforce refused the JWT grant: check salesforce.username and "
                 "salesforce.client_id, and that 'Enable JWT Bearer Flow' is ticked (External "
                 "Client App Step 8)",
                 true}},
    known_error{"invalid_client_id",
                "",
                {"salesforce.client_id must be the Consumer Key from 'How to Find Client ID "
                 "(Consumer Key)'",
                 true}},
    known_error{"invalid_client",
                "",
                {"the client credentials were refused: salesforce.client_id must be the "
                 "Consumer Key from 'How to Find Client ID (Consumer Key)'",
                 true}},
    known_error{"invalid_client_credentials",
                "",
                {"the client credentials were refused: salesforce.client_id must be the "
                 "Consumer Key from 'How to Find Client ID (Consumer Key)'",
                 true}},
    known_error{"unsupported_grant_type",
                "",
                {"the External Client App does not allow the JWT bearer flow: tick 'Enable JWT "
                 "Bearer Flow' (External Client App Step 8), and check that salesforce.login_url "
                 "is a Salesforce login host",
                 true}},
    known_error{"inactive_org",
                "",
                {"the Salesforce org is inactive, expired or locked: ask your Salesforce "
                 "administrator to reactivate it",
                 true}},
    known_error{
        "rate_limit_exceeded",
        "",
        {"Salesforce limits how often a user may log in; the collector retries later", false}},
    known_error{"invalid_request",
                "",
                {"the token request was refused as malformed: check that salesforce.login_url "
                 "is https://login.salesforce.com, https://test.salesforce.com or your My "
                 "Domain, with no proxy rewriting the request",
                 true}},
    known_error{"invalid_scope",
                "",
                {"select the 'api' and 'refresh_token, offline_access' OAuth scopes in the "
                 "External Client App (External Client App Step 7)",
                 true}},
};

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

advice advice_for(const parsed_body& error, unsigned status) {
    for (const auto& known : known_errors) {
        if (known.code == error.code &&
            (known.description.empty() || known.description == error.description)) {
            // A server-side failure is worth a retry whatever the code says.
            return {known.what_to_do.hint, known.what_to_do.permanent && status < 500};
        }
    }
    return {
        "see the error above; check salesforce.client_id, salesforce.username and "
        "salesforce.login_url against the set-up guide",
        status < 500 && status != 429};
}

advice advice_for_http(unsigned status) {
    if (status == 404) {
        return {
            "salesforce.login_url does not look like a Salesforce login host (no token "
            "endpoint there); the collector retries later",
            false};
    }
    if (status == 429) return {"too many requests; the collector retries later", false};
    if (status >= 500)
        return {"Salesforce or a proxy is failing; the collector retries later", false};
    return {
        "the answer did not come from Salesforce's token endpoint (a proxy?); check "
        "salesforce.login_url; the collector retries later",
        false};
}

}  // namespace

oauth_error make_oauth_error(std::string_view peer, unsigned http_status, std::string_view body) {
    std::string message(peer);
    if (auto error = parse_body(body)) {
        const advice what_to_do = advice_for(*error, http_status);
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
    const advice what_to_do = advice_for_http(http_status);
    message += ": " + code + ": " + description + " -- " + std::string(what_to_do.hint);
    return oauth_error(
        std::move(message), std::move(code), std::move(description), what_to_do.permanent);
}

}  // namespace sfc::auth
