// The documented token-endpoint errors (docs/salesforce-api.md 1.5 and 2) and what the operator
// does about each, in the words and step numbers of the set-up guide.
#include "auth/oauth_advice.hpp"

#include <array>

namespace sfc::auth::detail {
namespace {

/// Which grant an entry speaks for: the same code can need a different fix per grant.
enum class scope { any, jwt, client_credentials };

struct known_error {
    scope applies_to;
    std::string_view code;
    std::string_view description;  ///< empty: any description
    std::string_view hint;
    bool permanent;
};

constexpr std::string_view pre_authorize_hint =
    "pre-authorize the user's profile or permission set in the External Client App's Policies "
    "(App Policies, 'Admin approved users are pre-authorized', External Client App Step 12), "
    "and check that salesforce.username is that user";

constexpr std::string_view consumer_key_hint =
    "the client credentials were refused: salesforce.client_id must be the Consumer Key from "
    "'How to Find Client ID (Consumer Key)'";

constexpr std::string_view client_secret_hint =
    "the client secret is wrong: check that salesforce.client_secret_file or "
    "salesforce.client_secret_env holds the Consumer Secret shown beside the Consumer Key ('How "
    "to Find Client ID (Consumer Key)'), and that salesforce.client_id is that Consumer Key";

// Specific descriptions come before the catch-all entry of their code.
constexpr std::array known_errors{
    known_error{scope::any,
                "invalid_grant",
                "user hasn't approved this consumer",
                pre_authorize_hint,
                true},
    known_error{scope::any, "invalid_app_access", "", pre_authorize_hint, true},
    known_error{scope::any,
                "invalid_grant",
                "invalid assertion",
                "the certificate uploaded to the External Client App (server.crt, External "
                "Client App Step 9) does not match the private key in salesforce.private_key, "
                "or the key file is not server.pem",
                true},
    known_error{scope::any,
                "invalid_grant",
                "audience is invalid",
                "set salesforce.login_url to https://login.salesforce.com (production) or "
                "https://test.salesforce.com (sandbox), and leave salesforce.audience empty or "
                "set it to the same",
                true},
    known_error{scope::any,
                "invalid_grant",
                "expired authorization code",
                "the clock of this host is off: sync it (NTP)",
                true},
    known_error{scope::jwt,
                "invalid_grant",
                "inactive user",
                "the user in salesforce.username is deactivated: reactivate it in Setup > Users "
                "or configure an active user",
                true},
    known_error{scope::client_credentials,
                "invalid_grant",
                "inactive user",
                "the Run As user of the External Client App is deactivated: reactivate it in "
                "Setup > Users or choose an active one (External Client App Step 14)",
                true},
    known_error{scope::jwt,
                "invalid_grant",
                "user is locked",
                "the user in salesforce.username is locked out: unlock it in Setup > Users; "
                "the collector retries later",
                false},
    known_error{scope::client_credentials,
                "invalid_grant",
                "user is locked",
                "the Run As user of the External Client App is locked out: unlock it in Setup > "
                "Users; the collector retries later",
                false},
    known_error{scope::jwt,
                "invalid_grant",
                "request not supported on this domain",
                "this grant must go to the org's My Domain host: set salesforce.login_url to "
                "https://<your domain>.my.salesforce.com",
                true},
    known_error{scope::client_credentials,
                "invalid_grant",
                "request not supported on this domain",
                "the client credentials flow works only on the org's My Domain host, never on "
                "login.salesforce.com or test.salesforce.com: set salesforce.instance_url to the "
                "Current My Domain URL (https://<your domain>.my.salesforce.com, External Client "
                "App Step 6)",
                true},
    known_error{scope::any,
                "invalid_grant",
                "no client credentials user enabled",
                "enable the client credentials flow and set a Run As user in the External Client "
                "App's OAuth policies ('Enable Client Credentials Flow' and 'Run As (Username)', "
                "External Client App Step 14)",
                true},
    known_error{scope::jwt,
                "invalid_grant",
                "",
                "Salesforce refused the JWT grant: check salesforce.username and "
                "salesforce.client_id, and that 'Enable JWT Bearer Flow' is ticked (External "
                "Client App Step 8)",
                true},
    known_error{scope::client_credentials,
                "invalid_grant",
                "",
                "Salesforce refused the client credentials grant: check that 'Enable Client "
                "Credentials Flow' is ticked and a Run As user set (External Client App Steps 8 "
                "and 14), and that salesforce.instance_url is your My Domain URL",
                true},
    known_error{scope::any,
                "invalid_client_id",
                "",
                "salesforce.client_id must be the Consumer Key from 'How to Find Client ID "
                "(Consumer Key)'",
                true},
    known_error{scope::jwt, "invalid_client", "", consumer_key_hint, true},
    known_error{scope::jwt, "invalid_client_credentials", "", consumer_key_hint, true},
    known_error{scope::client_credentials, "invalid_client", "", client_secret_hint, true},
    known_error{
        scope::client_credentials, "invalid_client_credentials", "", client_secret_hint, true},
    known_error{scope::jwt,
                "unsupported_grant_type",
                "",
                "the External Client App does not allow the JWT bearer flow: tick 'Enable JWT "
                "Bearer Flow' (External Client App Step 8), and check that salesforce.login_url "
                "is a Salesforce login host",
                true},
    known_error{scope::client_credentials,
                "unsupported_grant_type",
                "",
                "the External Client App does not allow the client credentials flow: tick "
                "'Enable Client Credentials Flow' (External Client App Steps 8 and 14), and check "
                "that salesforce.instance_url is your My Domain URL",
                true},
    known_error{scope::any,
                "inactive_org",
                "",
                "the Salesforce org is inactive, expired or locked: ask your Salesforce "
                "administrator to reactivate it",
                true},
    known_error{scope::any,
                "rate_limit_exceeded",
                "",
                "Salesforce limits how often a user may log in; the collector retries later",
                false},
    known_error{scope::jwt,
                "invalid_request",
                "",
                "the token request was refused as malformed: check that salesforce.login_url "
                "is https://login.salesforce.com, https://test.salesforce.com or your My "
                "Domain, with no proxy rewriting the request",
                true},
    known_error{scope::client_credentials,
                "invalid_request",
                "",
                "the token request was refused as malformed: check that salesforce.instance_url "
                "is your My Domain URL, with no proxy rewriting the request",
                true},
    known_error{scope::any,
                "invalid_scope",
                "",
                "select the 'api' and 'refresh_token, offline_access' OAuth scopes in the "
                "External Client App (External Client App Step 7)",
                true},
};

bool applies(scope applies_to, grant_flow flow) {
    switch (applies_to) {
        case scope::any:
            return true;
        case scope::jwt:
            return flow == grant_flow::jwt_bearer;
        case scope::client_credentials:
            return flow == grant_flow::client_credentials;
    }
    return false;
}

/// The setting that names the token endpoint's host.
std::string url_setting(grant_flow flow) {
    return flow == grant_flow::client_credentials ? "salesforce.instance_url"
                                                  : "salesforce.login_url";
}

}  // namespace

advice advice_for_error(std::string_view code,
                        std::string_view description,
                        unsigned http_status,
                        grant_flow flow) {
    for (const auto& known : known_errors) {
        if (applies(known.applies_to, flow) && known.code == code &&
            (known.description.empty() || known.description == description)) {
            // A server-side failure is worth a retry whatever the code says.
            return {std::string(known.hint), known.permanent && http_status < 500};
        }
    }
    const std::string credentials =
        flow == grant_flow::client_credentials
            ? "salesforce.client_secret_file or salesforce.client_secret_env,"
            : "salesforce.username";
    return {"see the error above; check salesforce.client_id, " + credentials + " and " +
                url_setting(flow) + " against the set-up guide",
            http_status < 500 && http_status != 429};
}

advice advice_for_http(unsigned http_status, grant_flow flow) {
    if (http_status == 404) {
        const std::string_view host = flow == grant_flow::client_credentials
                                          ? "a Salesforce My Domain URL"
                                          : "a Salesforce login host";
        return {url_setting(flow) + " does not look like " + std::string(host) +
                    " (no token endpoint there); the collector retries later",
                false};
    }
    if (http_status == 429) return {"too many requests; the collector retries later", false};
    if (http_status >= 500) {
        return {"Salesforce or a proxy is failing; the collector retries later", false};
    }
    return {"the answer did not come from Salesforce's token endpoint (a proxy?); check " +
                url_setting(flow) + "; the collector retries later",
            false};
}

}  // namespace sfc::auth::detail
