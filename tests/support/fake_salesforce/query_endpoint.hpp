#pragma once
// GET /services/data/vNN.N/query?q=<SOQL> (and queryAll), and the nextRecordsUrl pages
// /services/data/vNN.N/query/<locator>-<offset>, served from a snapshot taken at query time.

#include "fake_salesforce/http_types.hpp"
#include "fake_salesforce/state.hpp"

#include <string_view>

namespace sfc::test::fake_sf {

/// Caller holds state.mu. api_version like "60.0".
http_reply handle_query(fake_state& state,
                        const http_request& request,
                        std::string_view api_version);
/// locator_and_offset is "<locator>-<offset>".
http_reply handle_query_more(fake_state& state,
                             std::string_view locator_and_offset,
                             std::string_view api_version);

}  // namespace sfc::test::fake_sf
