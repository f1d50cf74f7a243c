#include "sources/cursor_time.hpp"

#include "salesforce/soql.hpp"
#include "sources/elf_cursor.hpp"
#include "sources/object_cursor.hpp"

namespace sfc::sources {

std::optional<std::chrono::system_clock::time_point> cursor_time(std::string_view cursor_json) {
    if (auto elf = elf_cursor::from_json(cursor_json)) {
        return salesforce::parse_sf_datetime(elf->created_date);
    }
    if (auto standard = standard_cursor::from_json(cursor_json)) {
        return salesforce::parse_sf_datetime(standard->cursor);
    }
    if (auto big = big_object_cursor::from_json(cursor_json)) {
        // A window being drained newest first has delivered up to its top already.
        if (big->window && !big->window->top.empty()) {
            return salesforce::parse_sf_datetime(big->window->top);
        }
        return salesforce::parse_sf_datetime(big->date);
    }
    return std::nullopt;
}

}  // namespace sfc::sources
