#include "fake_salesforce/token_endpoint.hpp"

#include "fake_salesforce/jwt_verifier.hpp"
#include "fake_salesforce/sf_ids.hpp"
#include "fake_salesforce/text_util.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace sfc::test::fake_sf {
namespace {

using params = std::map<std::string, std::string>;

// Form body first; the query string too, as the newrelic exporter sends it there.
params request_params(const http_request& request) {
    params out;
    for (auto& [k, v] : parse_params(request.body)) out.emplace(std::move(k), std::move(v));
    for (auto& [k, v] : parse_params(request.query())) out.emplace(std::move(k), std::move(v));
    return out;
}

http_reply oauth_error(std::string_view error, std::string_view description) {
    return json_reply(400, oauth_error_body(error, description));
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

const connected_app* find_app(const fake_state& state, std::string_view client_id) {
    for (const auto& app : state.options.apps) {
        if (app.client_id == client_id) return &app;
    }
    return nullptr;
}

std::string strip_slash(std::string_view url) {
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    return std::string(url);
}

bool audience_allowed(const fake_state& state, const std::vector<std::string>& audiences) {
    for (const auto& aud : audiences) {
        const std::string a = strip_slash(aud);
        for (const auto& allowed : state.options.allowed_audiences) {
            if (iequals(a, strip_slash(allowed))) return true;
        }
        if (state.options.allow_base_url_audience && iequals(a, state.base_url)) return true;
    }
    return false;
}

http_reply success(fake_state& state, std::string_view username, bool with_signature) {
    const std::string token = mint_token(state, username);
    const std::string id = fmt::format(
        "https://login.salesforce.com/id/{}/{}", state.options.org_id, hashed_id("005", username));
    std::string body = fmt::format(
        R"({{"access_token":{},"scope":"api","instance_url":{},"id":{},"token_type":"Bearer")",
        json_string(token),
        json_string(state.base_url),
        json_string(id));
    if (with_signature) {
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(state.now().time_since_epoch())
                .count();
        body += fmt::format(R"(,"signature":{},"issued_at":"{}")",
                            json_string(base64_encode(token.substr(token.size() - 32))),
                            ms);
    }
    body += '}';
    ++state.stats.token_ok;
    return json_reply(200, std::move(body));
}

// §1.3/§8.1, checked in the order a failure is most specific.
http_reply jwt_grant(fake_state& state, const params& p) {
    const auto it = p.find("assertion");
    const auto jwt = parse_jwt(it == p.end() ? std::string_view{} : std::string_view(it->second));
    if (!jwt) return oauth_error("invalid_grant", "invalid assertion");
    const connected_app* app = find_app(state, jwt->iss);
    if (!app) return oauth_error("invalid_client_id", "client identifier invalid");
    if (!verify_rs256(jwt->signing_input, jwt->signature, app->certificate_pem)) {
        return oauth_error("invalid_grant", "invalid assertion");
    }
    if (!audience_allowed(state, jwt->audiences)) {
        return oauth_error("invalid_grant", "audience is invalid");
    }
    if (!jwt->exp) return oauth_error("invalid_grant", "invalid assertion");
    // No upper bound: Salesforce accepts sfdx's millisecond exp (§1.3).
    const auto now_s =
        std::chrono::duration_cast<std::chrono::seconds>(state.now().time_since_epoch()).count();
    if (*jwt->exp < now_s - state.options.exp_skew.count()) {
        return oauth_error("invalid_grant", "expired authorization code");
    }
    if (contains(app->not_admin_approved_usernames, jwt->subject)) {
        return oauth_error("invalid_app_access", "user is not admin approved to access this app");
    }
    if (jwt->subject.empty() || !contains(app->approved_usernames, jwt->subject)) {
        return oauth_error("invalid_grant", "user hasn't approved this consumer");
    }
    return success(state, jwt->subject, false);
}

// §2: credentials in the body or in Basic auth; only on a My Domain host.
http_reply client_credentials_grant(fake_state& state,
                                    const params& p,
                                    const http_request& request) {
    if (!state.options.my_domain) {
        return oauth_error("invalid_grant", "request not supported on this domain");
    }
    std::string id = p.count("client_id") ? p.at("client_id") : "";
    std::string secret = p.count("client_secret") ? p.at("client_secret") : "";
    const std::string auth = request.header("Authorization");
    if (auth.size() > 6 && iequals(auth.substr(0, 6), "Basic ")) {
        const auto decoded = base64_decode(auth.substr(6));
        const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon != std::string::npos) {
            id = url_decode(decoded->substr(0, colon), false);
            secret = url_decode(decoded->substr(colon + 1), false);
        }
    }
    const connected_app* app = find_app(state, id);
    if (!app) return oauth_error("invalid_client_id", "client identifier invalid");
    if (app->client_secret.empty() || app->client_secret != secret) {
        return oauth_error("invalid_client", "invalid client credentials");
    }
    if (app->run_as_username.empty()) {
        return oauth_error("invalid_grant", "no client credentials user enabled");
    }
    return success(state, app->run_as_username, true);
}

}  // namespace

std::string mint_token(fake_state& state, std::string_view username) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    unsigned char random[96];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("RAND_bytes failed");
    std::string token = state.org_id15() + "!";
    for (const unsigned char b : random) token += alphabet[b % 64];
    state.tokens[token] = {std::string(username), true};
    return token;
}

http_reply handle_token(fake_state& state, const http_request& request) {
    http_reply reply;
    if (request.method != "POST") {
        reply = oauth_error("invalid_request", "must use HTTP POST");
    } else {
        const params p = request_params(request);
        const auto grant = p.find("grant_type");
        const std::string type = grant == p.end() ? "" : grant->second;
        if (type == "urn:ietf:params:oauth:grant-type:jwt-bearer") {
            reply = jwt_grant(state, p);
        } else if (type == "client_credentials") {
            reply = client_credentials_grant(state, p, request);
        } else {
            reply = oauth_error("unsupported_grant_type", "grant type not supported");
        }
    }
    if (reply.status != 200) ++state.stats.token_failed;
    return reply;
}

}  // namespace sfc::test::fake_sf
