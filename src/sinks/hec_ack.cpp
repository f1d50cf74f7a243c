#include "sinks/hec_ack.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <random>
#include <stdexcept>

#include <simdjson.h>

namespace sfc::sinks {

std::string make_hec_channel() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        // OpenSSL's generator failing means no TLS either; the OS generator is the fallback.
        std::random_device device;
        for (auto& b : bytes) b = static_cast<unsigned char>(device());
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
    constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[bytes[i] >> 4];
        out += hex[bytes[i] & 0x0F];
    }
    return out;
}

std::string hec_ack_query(std::uint64_t ack_id) {
    return "{\"acks\":[" + std::to_string(ack_id) + "]}";
}

std::optional<bool> parse_hec_ack_status(std::string_view body, std::uint64_t ack_id) {
    simdjson::dom::parser parser;
    simdjson::dom::object acks;
    if (parser.parse(body.data(), body.size())["acks"].get(acks) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    bool status = false;
    if (acks[std::to_string(ack_id)].get(status) != simdjson::SUCCESS) return std::nullopt;
    return status;
}

hec_ack_schedule::hec_ack_schedule(clock::time_point start,
                                   std::chrono::milliseconds timeout,
                                   std::chrono::milliseconds first,
                                   std::chrono::milliseconds max)
    : deadline_(start + timeout), interval_(first), max_(std::max(first, max)) {}

std::optional<std::chrono::milliseconds> hec_ack_schedule::next_wait(clock::time_point now) {
    if (now >= deadline_) return std::nullopt;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now);
    const auto wait = std::min(interval_, left);
    interval_ = std::min(interval_ * 2, max_);
    return wait;
}

}  // namespace sfc::sinks
