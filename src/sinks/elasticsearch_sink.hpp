#pragma once
// Elasticsearch (and OpenSearch) through the _bulk API: `create` with the event id as _id, so a
// resend never duplicates; per-document answers split into accepted, already there, to resend
// and refused for good.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/client.hpp"
#include "sfc/config.hpp"
#include "sfc/sink.hpp"
#include "sinks/es_bulk.hpp"

namespace sfc::sinks {

/// POSTs each batch to <url>/_bulk (the URL may carry a path prefix). HTTP 429/5xx: the whole
/// batch again later; 401/403: fatal (credentials); item 429/5xx: partial, only those again;
/// item 409: delivered before (a duplicate, not an error); other item 4xx: rejected with the
/// reason, for the dead-letter file.
class elasticsearch_sink final : public sfc::sink {
public:
    /// Throws sink_error when the URL, index, TLS or auth settings are unusable.
    elasticsearch_sink(const config::sink_config& config, boost::asio::any_io_executor executor);
    ~elasticsearch_sink() override;

    std::string name() const override { return name_; }
    boost::asio::awaitable<send_result> send(std::span<const event> events) override;
    boost::asio::awaitable<void> stop() override;

    /// Documents counted since start, by what the peer said about them.
    std::uint64_t accepted() const { return accepted_; }      ///< created (200/201)
    std::uint64_t duplicates() const { return duplicates_; }  ///< 409: already indexed
    std::uint64_t rejected() const { return rejected_; }      ///< refused for good
    std::uint64_t retried() const { return retried_; }        ///< asked to be sent again

private:
    elasticsearch_sink(const config::sink_config& config,
                       boost::asio::any_io_executor executor,
                       const std::string& label,
                       const http::url_parts& url);

    http::request make_request(std::span<const event> events) const;
    send_result read_answer(const http::response& res, std::size_t batch_size);
    send_result count(send_result r, std::size_t batch_size);

    std::string name_;
    std::string index_;
    std::string target_;  // <prefix>/_bulk?filter_path=...
    std::optional<std::string> authorization_;
    bool gzip_;
    http::client client_;
    es_bulk::response_reader reader_;
    std::uint64_t accepted_ = 0;
    std::uint64_t duplicates_ = 0;
    std::uint64_t rejected_ = 0;
    std::uint64_t retried_ = 0;
};

std::unique_ptr<elasticsearch_sink> make_elasticsearch_sink(const config::sink_config& config,
                                                            boost::asio::any_io_executor executor);

}  // namespace sfc::sinks
