// Syslog over UDP (RFC 5426): one message per datagram, no framing, no acknowledgement. A
// datagram the network drops is lost without notice; a datagram the kernel refuses to send (the
// receiver's port is closed, no route) is dropped and counted, never held for a retry.

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/connector.hpp"
#include "sinks/syslog_transport.hpp"

namespace sfc::sinks {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

class udp_transport final : public syslog_transport {
public:
    udp_transport(const config::syslog_sink_config& cfg,
                  asio::any_io_executor executor,
                  std::string peer_name,
                  const syslog_timeouts& timeouts)
        : socket_(std::move(executor)),
          host_(cfg.host),
          port_(std::to_string(cfg.port)),
          name_(std::move(peer_name)),
          timeouts_(timeouts) {}

    asio::awaitable<transport_result> deliver(std::span<const std::string> payloads) override {
        if (!socket_.is_open()) {
            try {
                co_await open();
            } catch (const http::transport_error& e) {
                co_return transport_result{0, e.what(), payloads.size(), false};
            }
        }
        transport_result result;
        for (std::size_t i = 0; i < payloads.size(); ++i) {
            auto [ec, sent] = co_await socket_.async_send(asio::buffer(payloads[i]), use_tuple);
            if (!ec) {
                ++result.delivered;
                continue;
            }
            ++result.dropped;
            if (result.error.empty()) result.error = name_ + ": send failed: " + ec.message();
            // ECONNREFUSED reports an ICMP "port unreachable" for an earlier datagram; the
            // socket stays usable, and the next datagram may find the receiver back.
            if (ec == asio::error::connection_refused) {
                result.refused = true;
                continue;
            }
            if (ec == asio::error::message_size) continue;  // this datagram only
            // No route, a vanished interface: resolve again next time, the address may have
            // moved. What is left of the batch is dropped: UDP never holds events back.
            boost::system::error_code ignored;
            socket_.close(ignored);
            result.dropped += payloads.size() - i - 1;
            break;
        }
        co_return result;
    }

    asio::awaitable<void> close() override {
        boost::system::error_code ignored;
        socket_.close(ignored);
        co_return;
    }

private:
    /// A connected socket: the kernel filters replies and reports ICMP errors to later sends.
    asio::awaitable<void> open() {
        const auto results = co_await http::resolve(host_, port_, name_, timeouts_.connect);
        const auto target = results.begin()->endpoint();
        const udp::endpoint endpoint(target.address(), target.port());
        boost::system::error_code ec;
        socket_.open(endpoint.protocol(), ec);
        if (!ec) socket_.connect(endpoint, ec);
        if (ec) {
            boost::system::error_code ignored;
            socket_.close(ignored);
            throw http::transport_error(name_ + ": connect failed: " + ec.message());
        }
        spdlog::debug("{}: sending datagrams to {}", name_, endpoint.address().to_string());
    }

    udp::socket socket_;
    std::string host_;
    std::string port_;
    std::string name_;
    syslog_timeouts timeouts_;
};

}  // namespace

std::unique_ptr<syslog_transport> make_udp_transport(const config::syslog_sink_config& cfg,
                                                     asio::any_io_executor executor,
                                                     std::string peer_name,
                                                     const syslog_timeouts& timeouts) {
    return std::make_unique<udp_transport>(
        cfg, std::move(executor), std::move(peer_name), timeouts);
}

}  // namespace sfc::sinks
