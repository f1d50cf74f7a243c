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

void fake_state::expire_locator_if_due(const std::string& locator) {
    if (locator_faults > 0 && cursors.erase(locator) > 0) {
        --locator_faults;
        ++stats.faults_injected;
    }
}

void fake_state::page_served() {
    ++stats.query_more;
    if (pages_before_token_expiry > 0 && --pages_before_token_expiry == 0) {
        for (auto& [token, entry] : tokens) entry.valid = false;
    }
}

}  // namespace sfc::test::fake_sf
