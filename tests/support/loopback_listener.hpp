#pragma once
// What the test servers (the fake Salesforce's HTTPS server, the CONNECT proxy) share: a listener
// on 127.0.0.1 and an io_context on a thread of their own, started and stopped from the test.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <thread>

namespace sfc::test {

class loopback_listener {
public:
    using tcp = boost::asio::ip::tcp;
    /// Accepts on the listener until it closes; spawns its sessions on the acceptor's executor.
    using accept_loop = std::function<boost::asio::awaitable<void>(tcp::acceptor&)>;

    loopback_listener() = default;
    loopback_listener(const loopback_listener&) = delete;
    loopback_listener& operator=(const loopback_listener&) = delete;
    ~loopback_listener() { stop(); }

    /// Binds 127.0.0.1:port (0: any free port) and runs `loop` on the thread. Throws on failure;
    /// does nothing if already started.
    void start(std::uint16_t port, const accept_loop& loop) {
        if (io_) return;
        io_.emplace(1);
        const tcp::endpoint where(boost::asio::ip::make_address("127.0.0.1"), port);
        acceptor_.emplace(*io_);
        acceptor_->open(where.protocol());
        acceptor_->set_option(tcp::acceptor::reuse_address(true));
        acceptor_->bind(where);
        acceptor_->listen();
        port_ = acceptor_->local_endpoint().port();
        boost::asio::co_spawn(*io_, loop(*acceptor_), boost::asio::detached);
        thread_ = std::thread([io = &*io_] { io->run(); });
    }

    /// Joins the thread, then closes the listener and every connection: destroying the
    /// io_context destroys the sessions' coroutines, and with them their sockets.
    void stop() {
        if (!io_) return;
        io_->stop();
        if (thread_.joinable()) thread_.join();
        acceptor_.reset();
        io_.reset();
    }

    std::uint16_t port() const { return port_; }

private:
    std::optional<boost::asio::io_context> io_;
    std::optional<tcp::acceptor> acceptor_;
    std::thread thread_;
    std::uint16_t port_ = 0;
};

}  // namespace sfc::test
