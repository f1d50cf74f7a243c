#include "sources/object_errors.hpp"

#include <algorithm>

#include "config/object_catalog.hpp"
#include "http/text.hpp"

namespace sfc::sources {
namespace {

using http::detail::iequals;  // ASCII, as SOQL names are

// Salesforce's SOQL errors repeat the query and a caret first; what went wrong follows.
std::string gist(const salesforce::api_error& e) {
    std::string_view message = e.info().message;
    if (const auto at = message.find("ERROR at Row:"); at != std::string_view::npos) {
        message.remove_prefix(at);
    }
    return salesforce::one_line(message, 160);
}

}  // namespace

std::optional<std::string> missing_column(std::string_view message) {
    constexpr std::string_view marker = "No such column '";
    const auto at = message.find(marker);
    if (at == std::string_view::npos) return std::nullopt;
    const auto start = at + marker.size();
    const auto end = message.find('\'', start);
    if (end == std::string_view::npos || end == start) return std::nullopt;
    return std::string(message.substr(start, end - start));
}

std::string object_refused_message(std::string_view label,
                                   const config::object_source_config& object,
                                   const salesforce::api_error& e) {
    return std::string(label) + ": Salesforce refuses object " + object.object +
           " (INVALID_TYPE): it does not exist in this org or the integration user may not read "
           "it; grant the user " +
           std::string(config::permission_for(object.object)) + ", or remove " + object.name +
           " from objects: (" + gist(e) + ")";
}

std::string field_refused_message(std::string_view label,
                                  const config::object_source_config& object,
                                  const salesforce::api_error& e) {
    const auto column = missing_column(e.info().message);
    if (!column) {
        return std::string(label) + ": Salesforce refuses the query on " + object.object +
               " (INVALID_FIELD); check fields:, cursor_field:, id_field: and where: (" + gist(e) +
               ")";
    }
    std::string fix = "check where:";
    if (iequals(*column, object.cursor_field)) {
        fix = "set cursor_field: to a dateTime field of " + object.object;
    } else if (iequals(*column, object.id_field)) {
        fix = "set id_field: to a unique field of " + object.object;
    }
    return std::string(label) + ": " + object.object + " has no field " + *column + "; " + fix +
           " (" + gist(e) + ")";
}

}  // namespace sfc::sources
