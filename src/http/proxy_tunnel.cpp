// The CONNECT request and the proxy's answer, with advice an operator can act on.
#include "http/proxy_tunnel.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace sfc::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t header_limit = 16 * 1024;
constexpr std::size_t reason_limit = 100;

// "host:port", an IPv6 address in brackets: CONNECT's target and its Host header.
std::string tunnel_target(const peer_info& peer) {
    const bool v6 = peer.host.find(':') != std::string::npos;
    return (v6 ? "[" + peer.host + "]" : peer.host) + ":" + peer.port;
}

[[noreturn]] void tunnel_failed(const peer_info& peer, std::string_view reason) {
    throw transport_error(peer.name + ": CONNECT through proxy " + peer.proxy->display +
                          " failed: " + std::string(reason));
}

std::string advice(const peer_info& peer, unsigned status) {
    if (status == 407 && peer.proxy->authorization.empty()) {
        return "the proxy wants a user and password; give them in the proxy URL "
               "(salesforce.proxy in the config, or HTTPS_PROXY): "
               "http://user:password@host:port";
    }
    if (status == 407) {
        return "check the proxy user and password in the proxy URL (salesforce.proxy in the "
               "config, or HTTPS_PROXY)";
    }
    if (status == 403) {
        return "the proxy does not allow tunnels to " + tunnel_target(peer) +
               "; ask its administrator to allow them";
    }
    if (status == 502 || status == 503 || status == 504) {
        return "the proxy could not reach " + tunnel_target(peer) +
               "; check the host name and the proxy's own network access";
    }
    return "check that it is an HTTP proxy that allows CONNECT";
}

// The proxy's reason phrase, printable and short: it is the peer's text, not ours.
std::string reason_text(const bhttp::response<bhttp::empty_body>& res) {
    std::string_view reason = res.reason();
    if (reason.empty()) reason = bhttp::obsolete_reason(res.result());
    std::string out;
    for (const char c : reason.substr(0, reason_limit)) out += c >= 0x20 && c < 0x7F ? c : '?';
    return out;
}

[[noreturn]] void refused(const peer_info& peer, const bhttp::response<bhttp::empty_body>& res) {
    const unsigned status = res.result_int();
    throw transport_error(peer.name + ": proxy " + peer.proxy->display + " refused CONNECT: HTTP " +
                          std::to_string(status) + " " + reason_text(res) + "; " +
                          advice(peer, status));
}

}  // namespace

asio::awaitable<void> open_tunnel(beast::tcp_stream& stream,
                                  const peer_info& peer,
                                  std::string_view user_agent,
                                  std::chrono::milliseconds timeout) {
    const std::string target = tunnel_target(peer);
    bhttp::request<bhttp::empty_body> req{bhttp::verb::connect, target, 11};
    req.set(bhttp::field::host, target);
    req.set(bhttp::field::user_agent, user_agent);
    if (!peer.proxy->authorization.empty()) {
        req.set(bhttp::field::proxy_authorization, peer.proxy->authorization);
    }
    auto [write_ec, written] = co_await bhttp::async_write(stream, req, use_tuple);
    if (write_ec) tunnel_failed(peer, describe(write_ec, timeout));

    bhttp::response_parser<bhttp::empty_body> parser;
    parser.header_limit(header_limit);
    parser.skip(true);  // a 2xx answer to CONNECT has no body: the tunnel begins after the header
    beast::flat_buffer buffer;
    auto [read_ec, read] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
    if (read_ec) tunnel_failed(peer, describe(read_ec, timeout));
    if (parser.get().result_int() / 100 != 2) refused(peer, parser.get());
    // The origin speaks only after our first bytes; anything here would be lost to the tunnel.
    if (buffer.size() > 0) tunnel_failed(peer, "the proxy sent data after its 2xx answer");
}

}  // namespace sfc::http
