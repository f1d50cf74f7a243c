#include "fake_salesforce/http_types.hpp"

#include "fake_salesforce/text_util.hpp"

namespace sfc::test::fake_sf {

std::string http_request::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) return value;
    }
    return {};
}

std::string_view http_request::path() const {
    return std::string_view(target).substr(0, target.find('?'));
}

std::string_view http_request::query() const {
    const std::size_t q = target.find('?');
    return q == std::string::npos ? std::string_view{} : std::string_view(target).substr(q + 1);
}

http_reply json_reply(int status, std::string body) {
    http_reply r;
    r.status = status;
    r.set("Content-Type", std::string(json_content_type));
    r.body = std::move(body);
    return r;
}

}  // namespace sfc::test::fake_sf
