#pragma once
// GET /services/data/ (the API versions, no auth) and GET /services/data/vNN.N/limits/.

#include "fake_salesforce/http_types.hpp"
#include "fake_salesforce/state.hpp"

namespace sfc::test::fake_sf {

http_reply handle_versions();
/// Caller holds state.mu.
http_reply handle_limits(const fake_state& state);

}  // namespace sfc::test::fake_sf
