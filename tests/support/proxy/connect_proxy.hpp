#pragma once
// A tiny HTTP proxy for tests: it answers CONNECT host:port by connecting to the target and piping
// bytes both ways until either side closes. It can demand a Proxy-Authorization (407 otherwise)
// and refuse targets (403); any other method gets 405, malformed requests 400.
//
// Threading: the proxy runs its own io_context on its own thread. Every public member may be
// called from any thread while it runs. Asio stays behind the pimpl.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::test {

struct connect_proxy_options {
    /// The Proxy-Authorization value every CONNECT must carry ("Basic ..."); empty: none needed.
    std::string required_authorization;
    /// CONNECT targets ("host:port", as the client writes them) answered 403 Forbidden.
    std::vector<std::string> refused_targets;
    std::uint16_t port = 0;  ///< 0: any free port on 127.0.0.1
};

/// One request as the proxy saw it.
struct proxy_request {
    std::string method;  ///< empty when the request could not be parsed
    std::string target;
    std::string host;        ///< the Host header
    std::string user_agent;  ///< the User-Agent header
    int status = 0;          ///< what the proxy answered (200: a tunnel)
};

/// Counters; read a copy with stats() or wait on a predicate with wait_for().
struct connect_proxy_stats {
    int tunnels = 0;                      ///< CONNECTs answered 200 and piped
    int open_tunnels = 0;                 ///< tunnels still piping
    std::vector<proxy_request> requests;  ///< in order of arrival
};

/// "Basic base64(user:password)": the Proxy-Authorization a client with those credentials sends.
std::string basic_credentials(std::string_view user, std::string_view password);

class connect_proxy {
public:
    explicit connect_proxy(connect_proxy_options options = {});
    ~connect_proxy();  ///< stops
    connect_proxy(const connect_proxy&) = delete;
    connect_proxy& operator=(const connect_proxy&) = delete;

    /// Binds 127.0.0.1 and starts serving on a thread of its own. Throws on bind errors.
    void start();
    /// Closes the listener and every tunnel, and joins the thread. Idempotent.
    void stop();

    std::uint16_t port() const;
    std::string url() const;  ///< "http://127.0.0.1:<port>" (after start())

    int tunnels() const;
    std::vector<std::string> targets() const;  ///< every CONNECT target, in order of arrival
    connect_proxy_stats stats() const;
    /// Waits until pred(stats) holds (checked on every change); false on timeout.
    bool wait_for(const std::function<bool(const connect_proxy_stats&)>& pred,
                  std::chrono::milliseconds timeout) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace sfc::test
