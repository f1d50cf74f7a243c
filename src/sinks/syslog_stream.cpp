// Syslog over a byte stream: TCP (RFC 6587) and TLS (RFC 5425). One connection, opened on demand
// and again after a failure, by the connector the HTTP client uses; deadlines on every step.

#include <spdlog/spdlog.h>
#include <stdexcept>
#include <vector>

#include "http/connector.hpp"
#include "sinks/sink_error.hpp"
#include "sinks/syslog_transport.hpp"

namespace sfc::sinks {
namespace {

namespace asio = boost::asio;

http::stream_target make_target(const config::syslog_sink_config& cfg, std::string name) {
    http::stream_target target;
    target.host = cfg.host;
    target.port = std::to_string(cfg.port);
    target.name = std::move(name);
    target.use_tls = cfg.transport == config::syslog_transport::tls;
    target.tls.ca_file = cfg.tls.ca_file;
    target.tls.cert_file = cfg.tls.cert_file;
    target.tls.key_file = cfg.tls.key_file;
    target.tls.insecure_skip_verify = cfg.tls.insecure_skip_verify;
    target.server_name = cfg.tls.server_name;
    return target;
}

// The TLS set-up reads the CA file, certificate and key now, so that a bad one stops the start.
http::stream_connector make_connector(const config::syslog_sink_config& cfg,
                                      asio::any_io_executor executor,
                                      const std::string& name) {
    try {
        return http::stream_connector(std::move(executor), make_target(cfg, name));
    } catch (const std::invalid_argument& e) {
        throw sink_error(name + ": " + e.what());
    }
}

class stream_transport final : public syslog_transport {
public:
    stream_transport(const config::syslog_sink_config& cfg,
                     asio::any_io_executor executor,
                     std::string peer_name,
                     const syslog_timeouts& timeouts)
        : name_(std::move(peer_name)),
          timeouts_(timeouts),
          connector_(make_connector(cfg, std::move(executor), name_)) {}

    asio::awaitable<transport_result> deliver(std::span<const std::string> payloads) override {
        // A syslog receiver never sends application data, so a connection it has shut down
        // (FIN, RST) shows only as a hang-up. Checking before a write keeps a batch from
        // vanishing into a connection the receiver has already left (rsyslog's omfwd does the
        // same check).
        if (conn_ && conn_->peer_hung_up()) {
            spdlog::debug("{}: the receiver closed the connection; reconnecting", name_);
            conn_.reset();
        }
        if (!conn_) {
            try {
                conn_ = co_await connector_.connect(timeouts_.connect);
            } catch (const std::exception& e) {  // transport_error; invalid_argument (name)
                co_return transport_result{0, e.what()};
            }
            spdlog::debug("{}: connected to {}", name_, conn_->address());
        }
        buffers_.clear();
        for (const auto& p : payloads) buffers_.push_back(asio::buffer(p));
        const auto failure = co_await conn_->write(buffers_, timeouts_.write);
        if (failure) {
            conn_.reset();  // the receiver may hold part of the batch: the retry resends it all
            co_return transport_result{0, name_ + ": write failed: " + *failure};
        }
        co_return transport_result{payloads.size(), {}};
    }

    // RFC 5425 §4.4: close_notify before closing (TLS).
    asio::awaitable<void> close() override {
        if (!conn_) co_return;
        co_await conn_->close(timeouts_.shutdown);
        conn_.reset();
    }

private:
    std::string name_;
    syslog_timeouts timeouts_;
    http::stream_connector connector_;
    std::unique_ptr<http::byte_stream> conn_;
    std::vector<asio::const_buffer> buffers_;  // reused by every batch
};

}  // namespace

std::unique_ptr<syslog_transport> make_stream_transport(const config::syslog_sink_config& cfg,
                                                        asio::any_io_executor executor,
                                                        std::string peer_name,
                                                        const syslog_timeouts& timeouts) {
    return std::make_unique<stream_transport>(
        cfg, std::move(executor), std::move(peer_name), timeouts);
}

}  // namespace sfc::sinks
