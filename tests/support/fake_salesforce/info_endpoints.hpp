#pragma once
// GET /services/data/ (the API versions, no auth) and GET /services/data/vNN.N/limits/.

#include "fake_salesforce/http_types.hpp"
#include "fake_salesforce/state.hpp"

namespace sfc::test::fake_sf {

/// v31.0 up to v<newest>.0, ascending.
http_reply handle_versions(int newest);
/// Whether "60.0" is one of the versions handle_versions(newest) lists.
bool version_listed(std::string_view version, int newest);
/// Caller holds state.mu.
http_reply handle_limits(const fake_state& state);

}  // namespace sfc::test::fake_sf
