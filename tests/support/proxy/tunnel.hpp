#pragma once
// The test proxy's byte pipe between a client and the target it asked for.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <string>

namespace sfc::test::proxy_detail {

inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

/// Copies bytes both ways, on the sockets' executor, until both directions have ended: an end of
/// stream is passed on as a half-close, an error closes both sockets. `pending` (bytes the client
/// sent past its request) goes to the target first. on_end runs once, when the tunnel is gone.
void start_tunnel(boost::asio::ip::tcp::socket client,
                  boost::asio::ip::tcp::socket upstream,
                  std::string pending,
                  std::function<void()> on_end);

}  // namespace sfc::test::proxy_detail
