#pragma once
// The CONNECT exchange that turns a TCP connection to an HTTP proxy into a tunnel to the origin.

#include "http/connection.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <string_view>

namespace sfc::http {

/// Sends "CONNECT host:port" for peer over `stream` (connected to *peer.proxy) and reads the
/// answer, within the stream's current deadline (`timeout` is that deadline, for messages).
/// Returns on 2xx; throws transport_error naming the origin and the proxy, never the credentials.
boost::asio::awaitable<void> open_tunnel(boost::beast::tcp_stream& stream,
                                         const peer_info& peer,
                                         std::string_view user_agent,
                                         std::chrono::milliseconds timeout);

}  // namespace sfc::http
