#pragma once
// GET /services/data/vNN.N/sobjects/EventLogFile/<Id>/LogFile: the CSV streamed in chunks
// (gzip when asked for and enabled), with the reset fault applied part-way through.

#include "fake_salesforce/http_types.hpp"
#include "fake_salesforce/state.hpp"

#include <memory>
#include <string_view>

namespace sfc::test::fake_sf {

/// Caller holds state->mu; the returned stream locks it itself when it ends.
http_reply handle_log_file(const std::shared_ptr<fake_state>& state,
                           const http_request& request,
                           std::string_view file_id);

}  // namespace sfc::test::fake_sf
