#include "proxy/connect_proxy.hpp"

#include "loopback_listener.hpp"
#include "proxy/tunnel.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace sfc::test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using proxy_detail::use_tuple;

std::string status_line(int status) {
    switch (status) {
        case 200:
            return "HTTP/1.1 200 Connection established\r\n";
        case 403:
            return "HTTP/1.1 403 Forbidden\r\n";
        case 405:
            return "HTTP/1.1 405 Method Not Allowed\r\nAllow: CONNECT\r\n";
        case 407:
            return "HTTP/1.1 407 Proxy Authentication Required\r\n"
                   "Proxy-Authenticate: Basic realm=\"connect-proxy\"\r\n";
        case 502:
            return "HTTP/1.1 502 Bad Gateway\r\n";
        default:
            return "HTTP/1.1 400 Bad Request\r\n";
    }
}

// A refusal: the status, no body, and the connection closed.
awaitable<void> answer_and_close(tcp::socket& client, int status) {
    const std::string text = status_line(status) + "Content-Length: 0\r\nConnection: close\r\n\r\n";
    const auto bytes = asio::buffer(text);
    co_await asio::async_write(client, bytes, use_tuple);
    boost::system::error_code ignored;
    client.shutdown(tcp::socket::shutdown_send, ignored);
    client.close(ignored);
}

// "host:port" or "[v6]:port" to a connected socket; nullopt when it cannot be reached.
awaitable<std::optional<tcp::socket>> connect_target(std::string_view target) {
    const auto colon = target.rfind(':');
    if (colon == std::string_view::npos) co_return std::nullopt;
    std::string host(target.substr(0, colon));
    const std::string port(target.substr(colon + 1));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(host, port, use_tuple);
    if (resolve_ec) co_return std::nullopt;
    tcp::socket socket(executor);
    auto [connect_ec, endpoint] = co_await asio::async_connect(socket, endpoints, use_tuple);
    if (connect_ec) co_return std::nullopt;
    co_return std::optional<tcp::socket>(std::move(socket));
}

}  // namespace

std::string basic_credentials(std::string_view user, std::string_view password) {
    namespace base64 = boost::beast::detail::base64;
    const std::string plain = std::string(user) + ":" + std::string(password);
    std::string encoded(base64::encoded_size(plain.size()), '\0');
    encoded.resize(base64::encode(encoded.data(), plain.data(), plain.size()));
    return "Basic " + encoded;
}

struct connect_proxy::impl {
    explicit impl(connect_proxy_options o) : options(std::move(o)) {}

    // Changes the counters under the lock and wakes wait_for().
    template <typename Change>
    void update(Change change) {
        {
            std::lock_guard lock(mutex);
            change(stats);
        }
        changed.notify_all();
    }

    // 0: open the tunnel; otherwise the refusal's status.
    int verdict(const http::request<http::empty_body>& req) const {
        if (req.method() != http::verb::connect) return 405;
        const auto& required = options.required_authorization;
        if (!required.empty() && req[http::field::proxy_authorization] != required) return 407;
        const auto& refused = options.refused_targets;
        const bool refuse =
            std::find(refused.begin(), refused.end(), req.target()) != refused.end();
        return refuse ? 403 : 0;
    }

    awaitable<void> accept_loop(tcp::acceptor& acceptor) {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
            if (ec) continue;
            asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);
        }
    }

    // One request: a refusal, or a tunnel that outlives this coroutine.
    awaitable<void> session(tcp::socket client) {
        boost::beast::flat_buffer buffer;
        http::request_parser<http::empty_body> parser;
        parser.header_limit(16 * 1024);
        auto [ec, n] = co_await http::async_read_header(client, buffer, parser, use_tuple);
        if (ec && !parser.got_some()) co_return;  // closed before sending anything
        proxy_request seen;
        seen.status = 400;
        if (!ec) seen = inspect(parser.get());
        std::optional<tcp::socket> upstream;
        if (seen.status == 0) upstream = co_await connect_target(seen.target);
        if (seen.status == 0) seen.status = upstream ? 200 : 502;
        update([&](connect_proxy_stats& s) {
            s.requests.push_back(seen);
            s.tunnels += seen.status == 200;
            s.open_tunnels += seen.status == 200;
        });
        if (seen.status != 200) {
            co_await answer_and_close(client, seen.status);
            co_return;
        }
        const std::string established = status_line(200) + "\r\n";
        const auto bytes = asio::buffer(established);
        // A failed write needs no branch: the tunnel then fails on its first step and ends.
        co_await asio::async_write(client, bytes, use_tuple);
        const std::string pending = boost::beast::buffers_to_string(buffer.data());
        proxy_detail::start_tunnel(std::move(client), std::move(*upstream), pending, [this] {
            update([](connect_proxy_stats& s) { --s.open_tunnels; });
        });
    }

    proxy_request inspect(const http::request<http::empty_body>& req) const {
        proxy_request seen;
        seen.method = std::string(req.method_string());
        seen.target = std::string(req.target());
        seen.host = std::string(req[http::field::host]);
        seen.user_agent = std::string(req[http::field::user_agent]);
        seen.status = verdict(req);
        return seen;
    }

    connect_proxy_options options;
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    connect_proxy_stats stats;
    // Last: destroyed, and so stopped, before the members its sessions use.
    loopback_listener listener;
};

connect_proxy::connect_proxy(connect_proxy_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {}

connect_proxy::~connect_proxy() {
    stop();
}

void connect_proxy::start() {
    impl_->listener.start(impl_->options.port,
                          [this](tcp::acceptor& a) { return impl_->accept_loop(a); });
}

void connect_proxy::stop() {
    impl_->listener.stop();
}

std::uint16_t connect_proxy::port() const {
    return impl_->listener.port();
}

std::string connect_proxy::url() const {
    return "http://127.0.0.1:" + std::to_string(impl_->listener.port());
}

int connect_proxy::tunnels() const {
    return stats().tunnels;
}

std::vector<std::string> connect_proxy::targets() const {
    std::vector<std::string> out;
    for (const auto& r : stats().requests) {
        if (r.method == "CONNECT") out.push_back(r.target);
    }
    return out;
}

connect_proxy_stats connect_proxy::stats() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->stats;
}

bool connect_proxy::wait_for(const std::function<bool(const connect_proxy_stats&)>& pred,
                             std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, timeout, [&] { return pred(impl_->stats); });
}

}  // namespace sfc::test
