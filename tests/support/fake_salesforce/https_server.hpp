#pragma once
// A small HTTPS/1.1 server (plain HTTP/1.1 without a certificate): TLS on 127.0.0.1, keep-alive,
// one coroutine per connection on an io_context of its own thread. Replies are whole bodies or
// chunked streams written piece by piece (each write waits for the socket: backpressure). Beast
// and Asio stay in the .cpp.

#include "fake_salesforce/http_types.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace sfc::test::fake_sf {

class https_server {
public:
    using handler = std::function<http_reply(const http_request&)>;

    /// cert_pem may hold a chain; key_pem is the server key. An empty cert_pem serves plain
    /// HTTP (no TLS), for peers such as a local Elasticsearch.
    https_server(handler on_request, std::string cert_pem, std::string key_pem);
    ~https_server();
    https_server(const https_server&) = delete;
    https_server& operator=(const https_server&) = delete;

    /// Binds 127.0.0.1:port (0: any) and starts the thread. Throws on failure.
    void start(std::uint16_t port);
    /// Stops the thread and closes the listener and every connection. Idempotent.
    void stop();
    std::uint16_t port() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace sfc::test::fake_sf
