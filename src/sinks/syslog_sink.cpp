#include "sinks/syslog_sink.hpp"

#include <spdlog/spdlog.h>

#include "sinks/sink_error.hpp"

namespace sfc::sinks {

namespace {

const char* transport_name(config::syslog_transport t) {
    switch (t) {
        case config::syslog_transport::udp:
            return "udp";
        case config::syslog_transport::tcp:
            return "tcp";
        case config::syslog_transport::tls:
            break;
    }
    return "tls";
}

std::string sink_name(const config::syslog_sink_config& cfg) {
    const bool ipv6 = cfg.host.find(':') != std::string::npos;
    const std::string host = ipv6 ? "[" + cfg.host + "]" : cfg.host;
    return std::string("syslog:") + transport_name(cfg.transport) + "://" + host + ":" +
           std::to_string(cfg.port);
}

/// Mistakes the config loader may not catch; each one line naming the field and the fix.
void validate(const config::syslog_sink_config& cfg, const std::string& name) {
    const auto fail = [&](const std::string& why) { throw sink_error(name + ": " + why); };
    if (cfg.host.empty()) fail("no host given; set the sink's syslog host");
    if (cfg.port == 0) fail("port 0; set the receiver's port (6514 for tls, 514 for tcp or udp)");
    if (cfg.transport == config::syslog_transport::tls &&
        cfg.framing == config::syslog_framing::lf) {
        fail(
            "framing lf is not allowed with transport tls (RFC 5425 requires octet counting); "
            "use framing octet_counting");
    }
    if (cfg.facility < 0 || cfg.facility > 23) fail("facility must be 0..23");
    if (cfg.severity < 0 || cfg.severity > 7) fail("severity must be 0..7");
    if (cfg.max_message_bytes == 0) fail("max_message_bytes must be above 0");
}

std::unique_ptr<syslog_transport> make_transport(const config::syslog_sink_config& cfg,
                                                 boost::asio::any_io_executor executor,
                                                 const std::string& name,
                                                 const syslog_timeouts& timeouts) {
    if (cfg.transport == config::syslog_transport::udp) {
        spdlog::info("{}: UDP is best effort; datagrams lost on the way are not reported", name);
        return make_udp_transport(cfg, std::move(executor), name, timeouts);
    }
    if (cfg.transport == config::syslog_transport::tls && cfg.tls.insecure_skip_verify) {
        spdlog::warn("{}: TLS certificate verification is off (tls.insecure_skip_verify)", name);
    }
    return make_stream_transport(cfg, std::move(executor), name, timeouts);
}

}  // namespace

syslog_sink::syslog_sink(const config::sink_config& cfg,
                         boost::asio::any_io_executor executor,
                         const sfc::clock& clock,
                         const syslog_timeouts& timeouts)
    : cfg_(cfg.syslog), clock_(clock), name_(sink_name(cfg.syslog)) {
    validate(cfg_, name_);
    header_ = make_syslog_header(cfg_);
    transport_ = make_transport(cfg_, std::move(executor), name_, timeouts);
}

syslog_sink::~syslog_sink() = default;

boost::asio::awaitable<send_result> syslog_sink::send(std::span<const event> events) {
    send_result result;
    payloads_.clear();
    positions_.clear();
    const auto now = clock_.now();
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto message = render_syslog_message(events[i], cfg_.format, header_, now);
        auto payload = make_syslog_payload(message, cfg_);
        if (!payload.rejection.empty()) {
            result.rejected.push_back({i, std::move(payload.rejection)});
            continue;
        }
        payloads_.push_back(std::move(payload.bytes));
        positions_.push_back(i);
    }
    if (payloads_.empty()) co_return result;

    auto outcome = co_await transport_->deliver(payloads_);
    if (cfg_.transport == config::syslog_transport::udp) {
        note_datagrams(outcome);  // best effort: what could not be sent is dropped, never held
        co_return result;
    }
    if (outcome.error.empty()) co_return result;
    if (outcome.delivered == 0) co_return send_result::failed(send_status::retry, outcome.error);
    // Datagrams already sent stay sent: only the rest is sent again.
    result.status = send_status::partial;
    result.detail = std::move(outcome.error);
    result.retry.assign(positions_.begin() + static_cast<std::ptrdiff_t>(outcome.delivered),
                        positions_.end());
    co_return result;
}

void syslog_sink::note_datagrams(const transport_result& outcome) {
    const auto now = clock_.steady_now();
    if (outcome.error.empty()) {
        if (dropping_ && now - last_drop_ >= udp_quiet_period) {
            spdlog::info("{}: datagrams are sent again; {} event(s) were dropped meanwhile",
                         name_,
                         dropped_);
            dropping_ = false;
            dropped_ = 0;
        }
        return;
    }
    dropped_ += outcome.dropped;
    last_drop_ = now;
    if (dropping_) {
        spdlog::debug("{}: {} event(s) dropped ({})", name_, outcome.dropped, outcome.error);
        return;
    }
    dropping_ = true;
    if (outcome.refused) {
        spdlog::warn(
            "{}: the receiver refuses datagrams (ICMP port unreachable); UDP is best "
            "effort, events are dropped until it answers",
            name_);
    } else {
        spdlog::warn("{}; UDP is best effort, events are dropped until sending works again",
                     outcome.error);
    }
}

boost::asio::awaitable<void> syslog_sink::stop() {
    co_await transport_->close();
}

std::unique_ptr<sfc::sink> make_syslog_sink(const config::sink_config& cfg,
                                            boost::asio::any_io_executor executor,
                                            const sfc::clock& clock) {
    return std::make_unique<syslog_sink>(cfg, std::move(executor), clock);
}

}  // namespace sfc::sinks
