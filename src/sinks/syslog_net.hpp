#pragma once
// Pieces shared by the syslog transports: the one-line failure, and name resolution under a
// deadline. Internal to the syslog .cpp files (includes Asio).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sfc::sinks {

/// A network step failed; what() is "<peer>: <step> failed: <reason>".
class transport_failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail_step(const std::string& peer, std::string_view step, std::string_view why);

/// Resolves host:port before `deadline` (the resolver has no deadline of its own). Throws
/// transport_failure naming `peer`.
boost::asio::awaitable<boost::asio::ip::tcp::resolver::results_type> resolve_peer(
    const std::string& host,
    const std::string& port,
    std::chrono::steady_clock::time_point deadline,
    std::chrono::milliseconds timeout,
    const std::string& peer);

}  // namespace sfc::sinks
