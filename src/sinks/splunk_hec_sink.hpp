#pragma once
// Splunk HTTP Event Collector: batches POSTed to /services/collector/event over one keep-alive
// HTTPS connection, optionally gzip'ed, optionally confirmed by indexer acknowledgement.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/client.hpp"
#include "sfc/config.hpp"
#include "sfc/sink.hpp"
#include "sinks/hec_body.hpp"

namespace sfc::sinks {

/// Where a sink's requests go: the origin and the two paths, under any prefix a proxy adds.
struct hec_endpoints {
    std::string origin;        ///< "https://splunk:8088"
    std::string event_target;  ///< "/services/collector/event"
    std::string ack_target;    ///< "/services/collector/ack"
};
/// Accepts the HEC base ("https://splunk:8088") or a URL ending in /services/collector,
/// /services/collector/event or /services/collector/event/1.0; nullopt for anything that is not
/// an http(s) URL or that has a query string.
std::optional<hec_endpoints> parse_hec_url(std::string_view url);

/// How indexer acknowledgements are awaited. Tests shorten it; the config sets only `timeout`.
struct hec_ack_timing {
    std::chrono::milliseconds first_query{500};
    std::chrono::milliseconds max_interval{std::chrono::seconds(5)};
    std::chrono::milliseconds timeout{std::chrono::seconds(300)};  ///< then the batch is resent
};

/// Outcomes follow HEC's status/code table (hec_response.hpp). With `hec_ack`, every request
/// carries this instance's channel and send() reports ok only once /services/collector/ack says
/// the batch is indexed; if that takes longer than hec_ack_timeout the batch is reported for a
/// retry, so Splunk may index it twice (at-least-once; the events' fields.event_id tell the
/// copies apart). If the token turns out to have acknowledgement disabled (ack endpoint code 14,
/// or a 200 without ackId), the sink warns once and counts HEC's 200 as delivered.
/// One send() at a time, as the sink interface says.
class splunk_hec_sink final : public sfc::sink {
public:
    /// Reads the token and sets up the client; throws sink_error naming the field and the fix.
    splunk_hec_sink(const config::sink_config& config, boost::asio::any_io_executor executor);
    splunk_hec_sink(const config::sink_config& config,
                    boost::asio::any_io_executor executor,
                    hec_ack_timing timing);
    ~splunk_hec_sink() override;
    splunk_hec_sink(const splunk_hec_sink&) = delete;
    splunk_hec_sink& operator=(const splunk_hec_sink&) = delete;

    std::string name() const override { return name_; }
    boost::asio::awaitable<send_result> send(std::span<const event> events) override;
    boost::asio::awaitable<void> stop() override;

    /// The X-Splunk-Request-Channel value; empty without hec_ack.
    const std::string& channel() const { return channel_; }

private:
    http::request make_request(const std::string& target, std::string body, bool gzipped) const;
    boost::asio::awaitable<send_result> await_ack(std::uint64_t ack_id);
    boost::asio::awaitable<std::optional<send_result>> query_ack(std::uint64_t ack_id);
    send_result fall_back_to_200(const std::string& why);
    send_result transport_failure(const std::exception& e) const;

    boost::asio::any_io_executor executor_;
    std::string name_;
    std::string event_target_;
    std::string ack_target_;
    std::string authorization_;  // "Splunk <token>": never logged
    std::string token_origin_;   // "file <path>" or "variable <name>", for messages
    std::string index_;
    bool gzip_;
    bool ack_;
    hec_ack_timing timing_;
    std::string channel_;
    std::unique_ptr<http::client> client_;
    hec_body_builder builder_;
};

/// The sink for a `splunk_hec` sink_config.
std::unique_ptr<sfc::sink> make_splunk_hec_sink(const config::sink_config& config,
                                                boost::asio::any_io_executor executor);

}  // namespace sfc::sinks
