#include "format/siem_fields.hpp"

#include <string>

#include "platform/ip_address.hpp"

namespace sfc::format {

int siem_severity(const event_fields& f) {
    const std::string_view* login = f.find("LOGIN_STATUS");
    if (login && !login->empty() && *login != "LOGIN_NO_ERROR") return 7;
    const std::string_view* request = f.find("REQUEST_STATUS");
    if (request && (*request == "F" || *request == "A")) return 5;
    return 3;
}

bool is_ip_address(std::string_view s) {
    return platform::parse_ip_address(s).has_value();
}

std::optional<picked_column> pick_column(const event_fields& f,
                                         std::string_view a,
                                         std::string_view b,
                                         bool ip_only) {
    for (const std::string_view name : {a, b}) {
        if (name.empty()) continue;
        const std::string_view* value = f.find(name);
        if (!value || value->empty() || (ip_only && !is_ip_address(*value))) continue;
        return picked_column{name, *value};
    }
    return std::nullopt;
}

}  // namespace sfc::format
