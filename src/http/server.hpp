#pragma once
// A small HTTP/1.1 listener for local plain-text endpoints (the collector's /metrics, /healthz and
// /readyz): GET and HEAD only, small requests, a few connections. Beast stays in the .cpp.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace sfc::http {

struct plain_response {
    unsigned status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

/// Answers a GET (or HEAD) of `path`, the request target without its query.
using plain_handler = std::function<plain_response(std::string_view path)>;

class server {
public:
    /// Binds and listens on host:port now (port 0: any free port); `ec` says why it cannot.
    server(boost::asio::any_io_executor executor,
           const std::string& host,
           std::uint16_t port,
           plain_handler handler,
           std::error_code& ec);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Accepts until stop().
    void start();
    /// Closes the listener and every open connection.
    void stop();
    std::uint16_t port() const;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

}  // namespace sfc::http
