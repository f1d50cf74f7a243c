#include "fake_salesforce/state.hpp"

namespace sfc::test::fake_sf {

sf_time fake_state::now() const {
    return options.clock ? options.clock->now() : std::chrono::system_clock::now();
}

void fake_state::record(request_entry entry) {
    constexpr std::size_t log_cap = 10000;
    ++stats.requests;
    ++stats.requests_by_path[entry.target.substr(0, entry.target.find('?'))];
    request_log.push_back(std::move(entry));
    if (request_log.size() > log_cap) request_log.pop_front();
    changed.notify_all();
}

}  // namespace sfc::test::fake_sf
