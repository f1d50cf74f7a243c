#pragma once
// Routes a request to its endpoint, after the cross-cutting parts: injected faults, the bearer
// token check, the daily API budget and Sforce-Limit-Info, the response delay, and the request
// log and counters.

#include "fake_salesforce/http_types.hpp"
#include "fake_salesforce/state.hpp"

#include <memory>

namespace sfc::test::fake_sf {

class router {
public:
    explicit router(std::shared_ptr<fake_state> state) : state_(std::move(state)) {}
    /// Thread-safe; called on the server thread.
    http_reply handle(const http_request& request);

private:
    http_reply dispatch(const http_request& request, endpoint where);
    http_reply data_request(const http_request& request, endpoint where);

    std::shared_ptr<fake_state> state_;
};

}  // namespace sfc::test::fake_sf
