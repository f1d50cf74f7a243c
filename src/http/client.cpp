// The client: one keep-alive connection (TLS or plain TCP), one request at a time, bodies
// streamed through a fixed buffer and inflated on the way.
#include "http/client.hpp"

#include "http/connection.hpp"
#include "http/inflater.hpp"
#include "http/text.hpp"
#include "http/tls.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <exception>
#include <stdexcept>

namespace sfc::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {

constexpr std::size_t piece_size = 128 * 1024;  // body pieces and inflated output, each
constexpr std::uint32_t header_limit = 64 * 1024;
constexpr std::chrono::milliseconds shutdown_timeout_cap{5000};
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

using outgoing = bhttp::request<bhttp::string_body>;
using incoming = bhttp::response_parser<bhttp::buffer_body>;

// The ways an idle keep-alive connection shows that the server has closed it.
bool closed_by_peer(const error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::ssl::error::stream_truncated;
}

bool has_line_break(std::string_view s) {
    return s.find_first_of("\r\n") != s.npos;
}

peer_info make_peer(std::string_view origin, const client_options& options) {
    const auto url = options.allow_plain_http ? parse_url(origin) : parse_https_url(origin);
    if (!url || url->path != "/") {
        throw std::invalid_argument(
            "http client origin '" + std::string(origin) + "' is not of the form " +
            (options.allow_plain_http ? "http(s)://host[:port]" : "https://host[:port]"));
    }
    const bool v6 = url->host.find(':') != std::string::npos;
    const std::string host = v6 ? "[" + url->host + "]" : url->host;
    return peer_info{url->host,
                     url->port,
                     (url->tls ? "https://" : "http://") + host + ":" + url->port,
                     !options.tls.insecure_skip_verify,
                     url->tls,
                     options.proxy,
                     {}};
}

std::string host_header(const peer_info& peer) {
    const bool v6 = peer.host.find(':') != std::string::npos;
    std::string value = v6 ? "[" + peer.host + "]" : peer.host;
    if (peer.port != (peer.tls ? "443" : "80")) value += ":" + peer.port;
    return value;
}

// Plain origins never need a TLS context; building one reads the system CA store.
std::optional<asio::ssl::context> make_context(const peer_info& peer, const tls_options& tls) {
    if (!peer.tls) return std::nullopt;
    return make_tls_context(tls);
}

// The exchange's I/O steps, for either stream type.
template <typename Stream>
asio::awaitable<error_code> write_then_read_header(Stream& stream,
                                                   beast::flat_buffer& buffer,
                                                   const outgoing& msg,
                                                   incoming& parser,
                                                   std::string_view& step,
                                                   std::chrono::milliseconds io_timeout) {
    auto& tcp_layer = beast::get_lowest_layer(stream);
    step = "write";
    tcp_layer.expires_after(io_timeout);
    auto [write_ec, written] = co_await bhttp::async_write(stream, msg, use_tuple);
    if (write_ec) co_return write_ec;
    step = "read";
    tcp_layer.expires_after(io_timeout);
    auto [read_ec, read] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
    co_return read_ec;
}

template <typename Stream>
asio::awaitable<error_code> read_some(Stream& stream,
                                      beast::flat_buffer& buffer,
                                      incoming& parser) {
    auto [ec, n] = co_await bhttp::async_read_some(stream, buffer, parser, use_tuple);
    co_return ec;
}

// Where one response body goes: the caller's handler (a streamed 2xx) or a capped string.
struct body_target {
    const chunk_handler* on_chunk = nullptr;
    std::string* buffer = nullptr;
    std::size_t cap = 0;
    bool truncate = false;  ///< keep the first cap bytes (error bodies) instead of failing
    bool full = false;
};

// What cancel() and a request's deadline act on; shared with the deadline timer's handler, which
// may run after the request, or the client, has ended.
struct interrupt_state {
    enum class cause { none, deadline, cancelled };
    interrupt_point point;
    cause fired = cause::none;  ///< during the current request
    bool cancelled = false;     ///< for good: cancel() was called
    unsigned generation = 0;    ///< of the deadline timer's wait: an older wait's expiry is stale
    void fire(cause why) {
        if (fired == cause::none) fired = why;
        point.interrupt();
    }
};

// One request's overall deadline: when it passes, the socket is closed and the pending step
// fails. Paused while the caller's chunk handler runs: the collector's own backpressure (a sink
// outage) is not the server's slowness.
class deadline_watch {
public:
    deadline_watch(const asio::any_io_executor& executor,
                   std::shared_ptr<interrupt_state> state,
                   std::chrono::milliseconds timeout)
        : timer_(executor), state_(std::move(state)), remaining_(std::min(timeout, longest)) {
        resume();
    }
    ~deadline_watch() { pause(); }
    deadline_watch(const deadline_watch&) = delete;
    deadline_watch& operator=(const deadline_watch&) = delete;

    void pause() {
        if (!running_) return;
        running_ = false;
        ++state_->generation;
        const auto left = timer_.expiry() - asio::steady_timer::clock_type::now();
        remaining_ = std::max(asio::steady_timer::duration::zero(), left);
        timer_.cancel();
    }

    void resume() {
        if (running_) return;
        running_ = true;
        timer_.expires_after(remaining_);
        timer_.async_wait([state = state_, gen = state_->generation](error_code ec) {
            if (!ec && state->generation == gen) state->fire(interrupt_state::cause::deadline);
        });
    }

private:
    // Beyond any real download; keeps a bogus length from overflowing the clock.
    static constexpr std::chrono::milliseconds longest{std::chrono::hours(24 * 365)};
    asio::steady_timer timer_;
    std::shared_ptr<interrupt_state> state_;
    asio::steady_timer::duration remaining_;  // exact: pauses come once per piece
    bool running_ = false;
};

std::string duration_text(std::chrono::milliseconds d) {
    if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
    return std::to_string(d.count()) + " ms";
}

}  // namespace

struct client::impl {
    impl(asio::any_io_executor executor, std::string origin, client_options options)
        : executor_(std::move(executor)),
          origin_(std::move(origin)),
          options_(std::move(options)),
          peer_(make_peer(origin_, options_)),
          host_header_(host_header(peer_)),
          tls_(make_context(peer_, options_.tls)),
          read_buffer_(piece_size) {}
    ~impl() { state_->point = {}; }
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    asio::awaitable<response> perform(request req, const chunk_handler* on_chunk);
    asio::awaitable<response> exchange(const outgoing& msg,
                                       bool head,
                                       const chunk_handler* on_chunk);
    [[noreturn]] void fail_interrupted(std::chrono::milliseconds timeout) const;
    void cancel();

    outgoing build(request& req) const;
    asio::awaitable<void> ensure_connected();
    asio::awaitable<error_code> write_and_read_header(const outgoing& msg,
                                                      incoming& parser,
                                                      std::string_view& step);
    asio::awaitable<response> read_response(incoming& parser, const chunk_handler* on_chunk);
    asio::awaitable<void> read_body(incoming& parser,
                                    body_target& target,
                                    std::optional<inflater>& decoder);
    /// Inflates the raw body bytes when the body is compressed, and delivers the result.
    asio::awaitable<void> hand_on(body_target& target,
                                  std::optional<inflater>& decoder,
                                  std::string_view raw);
    asio::awaitable<void> deliver(body_target& target, std::string_view piece);
    asio::awaitable<void> close();
    /// Bytes wait on the socket. (Bytes left in the connection's buffer may be a part the
    /// parser cannot use yet, such as a chunk's trailing CRLF: they do not count.)
    bool more_arrived() const {
        error_code ec;
        return conn_->tcp().socket().available(ec) > 0;
    }
    void drop_connection() {
        state_->point.stream = nullptr;
        conn_.reset();
    }

    asio::any_io_executor executor_;
    std::string origin_;
    client_options options_;
    peer_info peer_;
    std::string host_header_;
    std::optional<asio::ssl::context> tls_;  // https only
    std::unique_ptr<connection> conn_;
    std::vector<char> read_buffer_;
    std::vector<char> inflate_buffer_;  ///< sized at the first compressed body
    std::shared_ptr<bool> busy_ = std::make_shared<bool>(false);
    std::shared_ptr<interrupt_state> state_ = std::make_shared<interrupt_state>();
    deadline_watch* watch_ = nullptr;  ///< the request's, while one runs with a deadline
    std::string_view step_;            ///< where the request is, for the deadline's message
    std::uint64_t body_bytes_ = 0;     ///< received for the request, before inflating
};

outgoing client::impl::build(request& req) const {
    outgoing msg;
    msg.method_string(req.method);
    msg.target(req.target.empty() ? "/" : req.target);
    msg.version(11);
    for (const auto& field : req.headers) {
        if (field.name.empty() || has_line_break(field.name) || has_line_break(field.value) ||
            field.name.find(':') != std::string::npos) {
            throw std::invalid_argument("http request header '" + field.name +
                                        "': name or value is malformed");
        }
        if (!detail::iequals(field.name, "Host")) msg.insert(field.name, field.value);
    }
    msg.set(bhttp::field::host, host_header_);
    if (msg.count(bhttp::field::user_agent) == 0) {
        msg.set(bhttp::field::user_agent, options_.user_agent);
    }
    if (msg.count(bhttp::field::accept_encoding) == 0) {
        msg.set(bhttp::field::accept_encoding, "gzip");
    }
    msg.body() = std::move(req.body);
    msg.prepare_payload();
    return msg;
}

asio::awaitable<void> client::impl::ensure_connected() {
    // Bytes left over after the previous response mean the connection is out of step; a closed
    // socket is what an interrupt left.
    if (conn_ && (conn_->buffer.size() > 0 || !conn_->tcp().socket().is_open())) {
        drop_connection();
    }
    if (conn_) co_return;
    conn_ = co_await open_connection(executor_,
                                     tls_ ? &*tls_ : nullptr,
                                     peer_,
                                     options_.connect_timeout,
                                     options_.user_agent,
                                     state_->point);
    spdlog::debug("http: connected to {} ({}{})",
                  peer_.name,
                  peer_.proxy ? "through proxy " + peer_.proxy->display + " at " : "",
                  conn_->address);
}

asio::awaitable<error_code> client::impl::write_and_read_header(const outgoing& msg,
                                                                incoming& parser,
                                                                std::string_view& step) {
    if (conn_->tls) {
        co_return co_await write_then_read_header(
            *conn_->tls, conn_->buffer, msg, parser, step, options_.io_timeout);
    }
    co_return co_await write_then_read_header(
        *conn_->plain, conn_->buffer, msg, parser, step, options_.io_timeout);
}

asio::awaitable<response> client::impl::perform(request req, const chunk_handler* on_chunk) {
    if (*busy_) throw std::logic_error("http::client: one request at a time per client");
    // Shared, so that a frame destroyed after the client (io_context torn down) stays harmless.
    struct busy_reset {
        std::shared_ptr<bool> busy;
        ~busy_reset() { *busy = false; }
    } reset{busy_};
    *busy_ = true;
    if (state_->cancelled) fail_interrupted({});

    const bool head = detail::iequals(req.method, "HEAD");
    const auto timeout = req.timeout.value_or(options_.request_timeout);
    const outgoing msg = build(req);
    state_->fired = interrupt_state::cause::none;
    body_bytes_ = 0;
    std::optional<deadline_watch> watch;
    if (timeout.count() > 0) watch.emplace(executor_, state_, timeout);
    struct watch_reset {  // before the watch goes
        deadline_watch*& watch;
        ~watch_reset() { watch = nullptr; }
    } forget{watch_};
    watch_ = watch ? &*watch : nullptr;

    std::exception_ptr failure;
    try {
        response res = co_await exchange(msg, head, on_chunk);
        // Interrupted just after the last byte: the response stands, the socket is gone.
        if (state_->fired != interrupt_state::cause::none) drop_connection();
        co_return res;
    } catch (const transport_error&) {
        failure = std::current_exception();
    }
    if (state_->fired == interrupt_state::cause::none) std::rethrow_exception(failure);
    drop_connection();
    fail_interrupted(timeout);
}

// The step that failed only saw its socket closed under it: say why it was closed.
void client::impl::fail_interrupted(std::chrono::milliseconds timeout) const {
    if (state_->cancelled) throw transport_error(peer_.name + ": request cancelled");
    const std::string received =
        step_ == "read body" ? ", " + std::to_string(body_bytes_) + " bytes of the body received"
                             : "";
    throw transport_error(peer_.name + ": the response did not complete within the request " +
                          "deadline of " + duration_text(timeout) + " (at step " +
                          std::string(step_) + received + ")");
}

void client::impl::cancel() {
    state_->cancelled = true;
    // Only the socket closes now: a request in flight, or close(), still holds the connection
    // and lets go of it when its step fails.
    state_->fire(interrupt_state::cause::cancelled);
}

asio::awaitable<response> client::impl::exchange(const outgoing& msg,
                                                 bool head,
                                                 const chunk_handler* on_chunk) {
    for (int attempt = 0;; ++attempt) {
        step_ = "connect";
        co_await ensure_connected();
        // An interrupt between the resolve's end and the socket's start found nothing to close.
        if (state_->fired != interrupt_state::cause::none) fail(peer_, step_, "interrupted");
        const bool reused = conn_->exchanges > 0;
        incoming parser;
        parser.header_limit(header_limit);
        parser.body_limit(boost::none);  // send() caps what it keeps; stream() keeps nothing
        parser.skip(head);
        const error_code ec = co_await write_and_read_header(msg, parser, step_);
        if (ec) {
            const bool nothing_arrived = !parser.got_some() && conn_->buffer.size() == 0;
            drop_connection();
            // A server may close an idle connection just as we reuse it: try once more afresh.
            if (reused && attempt == 0 && nothing_arrived && closed_by_peer(ec)) {
                spdlog::debug("http: {} closed the idle connection; reconnecting", peer_.name);
                continue;
            }
            fail(peer_, step_, describe(ec, options_.io_timeout));
        }
        step_ = "read body";
        try {
            co_return co_await read_response(parser, on_chunk);
        } catch (...) {
            drop_connection();  // part-way through a body: the connection is out of step
            throw;
        }
    }
}

asio::awaitable<response> client::impl::read_response(incoming& parser,
                                                      const chunk_handler* on_chunk) {
    response res;
    res.status = parser.get().result_int();
    for (const auto& field : parser.get().base()) {
        res.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    const bool streamed = on_chunk != nullptr && classify(res.status) == status_class::ok;
    body_target target{streamed ? on_chunk : nullptr,
                       streamed ? nullptr : &res.body,
                       options_.max_buffered_body,
                       on_chunk != nullptr};

    std::optional<inflater> decoder;
    const auto encoding = detail::trim(res.header("Content-Encoding").value_or(""));
    if (detail::iequals(encoding, "gzip") || detail::iequals(encoding, "x-gzip") ||
        detail::iequals(encoding, "deflate")) {
        decoder.emplace();
    } else if (!encoding.empty() && !detail::iequals(encoding, "identity")) {
        fail(peer_, "read", "unsupported Content-Encoding '" + std::string(encoding) + "'");
    }
    co_await read_body(parser, target, decoder);

    conn_->tcp().expires_never();
    ++conn_->exchanges;
    if (!parser.is_done() || !parser.keep_alive()) drop_connection();
    co_return res;
}

asio::awaitable<void> client::impl::read_body(incoming& parser,
                                              body_target& target,
                                              std::optional<inflater>& decoder) {
    auto& tcp_layer = conn_->tcp();
    bool any_body = false;
    while (!parser.is_done() && !target.full) {
        auto& body = parser.get().body();
        body.data = read_buffer_.data();
        body.size = read_buffer_.size();
        // What has already arrived fills the buffer before it is handed on (a TLS read gives
        // one 16 KiB record): each hand-off costs the handler a resumption, a parse call and a
        // publish. Never waits for more: a slow peer's pieces go on as they come.
        error_code ec;
        do {
            tcp_layer.expires_after(options_.io_timeout);
            if (conn_->tls) {
                ec = co_await read_some(*conn_->tls, conn_->buffer, parser);
            } else {
                ec = co_await read_some(*conn_->plain, conn_->buffer, parser);
            }
        } while (!ec && body.size > 0 && !parser.is_done() && more_arrived());
        const std::string_view raw(read_buffer_.data(), read_buffer_.size() - body.size);
        if (!raw.empty()) {
            any_body = true;
            body_bytes_ += raw.size();
            // Handed on even when the read then failed: a retry of the file resumes after it.
            co_await hand_on(target, decoder, raw);
        }
        if (ec && ec != bhttp::error::need_buffer) {
            const bool says_so = ec == bhttp::error::partial_message;
            fail(peer_,
                 "read",
                 describe(ec, options_.io_timeout) + (says_so ? "" : " (response incomplete)"));
        }
    }
    if (decoder && any_body && !target.full && !decoder->finished()) {
        fail(peer_, "inflate", "the compressed body ends early");
    }
}

asio::awaitable<void> client::impl::hand_on(body_target& target,
                                            std::optional<inflater>& decoder,
                                            std::string_view raw) {
    if (!decoder) {
        co_await deliver(target, raw);
        co_return;
    }
    if (inflate_buffer_.empty()) inflate_buffer_.resize(piece_size);
    try {
        decoder->set_input(raw);
        for (auto out = decoder->next(inflate_buffer_); !out.empty() && !target.full;
             out = decoder->next(inflate_buffer_)) {
            co_await deliver(target, out);
        }
    } catch (const inflate_error& e) {
        fail(peer_, "inflate", e.what());
    }
}

asio::awaitable<void> client::impl::deliver(body_target& target, std::string_view piece) {
    if (target.on_chunk) {
        if (watch_) watch_->pause();
        co_await (*target.on_chunk)(piece);
        if (watch_) watch_->resume();
        co_return;
    }
    if (target.buffer->size() + piece.size() > target.cap) {
        if (!target.truncate) {
            fail(peer_, "read", "response body over " + std::to_string(target.cap) + " bytes");
        }
        target.buffer->append(piece.substr(0, target.cap - target.buffer->size()));
        target.full = true;
        co_return;
    }
    target.buffer->append(piece);
}

asio::awaitable<void> client::impl::close() {
    if (!conn_) co_return;
    co_await shutdown_connection(*conn_, std::min(options_.io_timeout, shutdown_timeout_cap));
    drop_connection();
}

client::client(asio::any_io_executor executor, std::string origin, client_options options)
    : impl_(std::make_unique<impl>(std::move(executor), std::move(origin), std::move(options))) {}

client::~client() = default;

asio::awaitable<response> client::send(request req) {
    co_return co_await impl_->perform(std::move(req), nullptr);
}

asio::awaitable<response> client::stream(request req, chunk_handler on_chunk) {
    co_return co_await impl_->perform(std::move(req), &on_chunk);
}

asio::awaitable<void> client::close() {
    co_await impl_->close();
}

void client::cancel() {
    impl_->cancel();
}

bool client::cancelled() const {
    return impl_->state_->cancelled;
}

const std::string& client::origin() const {
    return impl_->origin_;
}

}  // namespace sfc::http
