#pragma once
// The one classification of HTTP statuses. Each domain refines it for its own codes: Salesforce's
// REST errors (salesforce/errors), Splunk HEC's answers (sinks/hec_response) and the HTTP and
// Elasticsearch sinks. Light on purpose: nothing but the enum and two functions.

namespace sfc::http {

/// What a caller should do with an HTTP status.
enum class status_class {
    ok,            ///< 2xx
    auth_expired,  ///< 401: renew the token once, then give up on this request
    forbidden,     ///< 403: the credentials are refused this request (a domain may know better)
    retry,         ///< 408, 429, 5xx: back off and try again
    fatal,         ///< other 4xx, and what is no answer to a request (1xx, 3xx): the request
                   ///< itself is wrong
};
status_class classify(unsigned status);

/// 401 or 403: the peer does not take the credentials; for a sink, its configuration is wrong.
constexpr bool refuses_credentials(status_class c) {
    return c == status_class::auth_expired || c == status_class::forbidden;
}

}  // namespace sfc::http
