#pragma once
// The server's view of a request and of the answer, free of Beast types so that endpoints stay
// small and quick to compile.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sfc::test::fake_sf {

struct http_request {
    std::string method;
    std::string target;  ///< path and raw query string
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// Case-insensitive lookup; empty when absent.
    std::string header(std::string_view name) const;
    std::string_view path() const;   ///< target up to '?'
    std::string_view query() const;  ///< after '?', raw
};

/// A body produced piece by piece and sent with chunked transfer encoding.
class body_stream {
public:
    enum class status { more, last, abort };
    virtual ~body_stream() = default;
    /// Fills `out` (cleared by the caller) with the next piece. `last`: out is the final piece;
    /// `abort`: send out, then reset the connection (fault injection).
    virtual status next(std::string& out) = 0;
    /// How long to wait before asking next() for the next piece (a trickling server).
    virtual std::chrono::milliseconds pause() const { return std::chrono::milliseconds(0); }
    /// Called once when the exchange ends: completed, or cut (abort, peer gone, stop).
    virtual void finished(bool completed, std::uint64_t bytes_written) = 0;
};

struct http_reply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::unique_ptr<body_stream> stream;  ///< when set, the body comes from here, chunked
    bool drop_connection = false;         ///< fault: close without answering
    std::chrono::milliseconds delay{0};   ///< wait before answering

    void set(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
};

inline constexpr std::string_view json_content_type = "application/json;charset=UTF-8";

/// A JSON reply with Salesforce's content type.
http_reply json_reply(int status, std::string body);

}  // namespace sfc::test::fake_sf
