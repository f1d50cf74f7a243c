#pragma once
// Small text helpers: URL and form decoding, base64, JSON string escaping, case-insensitive
// comparison, and Salesforce's two error body shapes.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sfc::test::fake_sf {

/// Percent-decoding; with plus_is_space, '+' means ' ' (query strings and form bodies).
std::string url_decode(std::string_view text, bool plus_is_space = true);
std::string url_encode(std::string_view text);
/// "a=1&b=2" into decoded pairs, in order.
std::vector<std::pair<std::string, std::string>> parse_params(std::string_view text);

/// Standard or URL-safe alphabet, padding optional; nullopt on a bad character.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

/// Appends text as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);
/// "2692.0" for whole numbers (Salesforce's rendering of doubles), shortest form otherwise.
std::string json_double(double value);

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view text);

/// The REST error body: [{"message":"...","errorCode":"..."}].
std::string rest_error_body(std::string_view error_code, std::string_view message);
/// The OAuth error body: {"error":"...","error_description":"..."}.
std::string oauth_error_body(std::string_view error, std::string_view description);

}  // namespace sfc::test::fake_sf
