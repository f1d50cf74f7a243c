#pragma once
// Byte streams to a host for protocols other than HTTP (syslog over TCP and TLS): the HTTP
// client's own resolve, TCP connect and TLS handshake (SNI, verification, client certificates),
// with the same deadlines and the same one-line errors. Beast and OpenSSL stay in the .cpp files,
// so that this header is cheap to include.

#include "http/transport.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sfc::http {

struct connection;

/// Where a stream goes and how its peer is named in errors.
struct stream_target {
    std::string host;
    std::string port;
    std::string name;  ///< errors read "<name>: <step> failed: <reason>"
    bool use_tls = true;
    tls_options tls;          ///< with use_tls: trust, verification and the client certificate
    std::string server_name;  ///< the name or address the certificate must carry; empty: host
};

/// One connected stream, TLS or plain TCP. Not thread-safe: use it from one strand.
class byte_stream {
public:
    explicit byte_stream(std::unique_ptr<connection> conn);
    ~byte_stream();
    byte_stream(const byte_stream&) = delete;
    byte_stream& operator=(const byte_stream&) = delete;

    /// Writes every buffer, in order, within `timeout`. Returns why it failed, or nothing.
    boost::asio::awaitable<std::optional<std::string>> write(
        const std::vector<boost::asio::const_buffer>& buffers, std::chrono::milliseconds timeout);
    /// The peer has closed its side (FIN or RST); a peer that never sends data shows it no other
    /// way before a write.
    bool peer_hung_up() const;
    /// close_notify (TLS) and the peer's answer within `timeout`, then closes; never throws.
    boost::asio::awaitable<void> close(std::chrono::milliseconds timeout);
    /// The address connected to, for logs.
    const std::string& address() const;

private:
    std::unique_ptr<connection> conn_;
};

/// Opens streams to one target; the TLS context is built once and serves every connection.
class stream_connector {
public:
    /// Throws std::invalid_argument naming the CA file, client certificate or key that is
    /// unusable (without the target's name: the caller adds its own).
    stream_connector(boost::asio::any_io_executor executor, stream_target target);
    ~stream_connector();
    stream_connector(const stream_connector&) = delete;
    stream_connector& operator=(const stream_connector&) = delete;

    /// Resolve, connect and (TLS) handshake within `timeout` altogether. Throws transport_error
    /// "<name>: <step> failed: <reason>".
    boost::asio::awaitable<std::unique_ptr<byte_stream>> connect(std::chrono::milliseconds timeout);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Resolves host:port within `timeout` (the resolver has no deadline of its own). Throws
/// transport_error "<name>: resolve failed: <reason>".
boost::asio::awaitable<boost::asio::ip::tcp::resolver::results_type> resolve(
    const std::string& host,
    const std::string& port,
    const std::string& name,
    std::chrono::milliseconds timeout);

}  // namespace sfc::http
