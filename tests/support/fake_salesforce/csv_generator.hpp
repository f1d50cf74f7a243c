#pragma once
// Deterministic, realistic EventLogFile rows made on the fly from (file, row index): the real
// column sets of Login, URI, API and Logout (a generic set for other types, and any extra
// columns a test asks for), with the odd cell
// holding quotes, commas, newlines or non-ASCII text, and a REQUEST_ID unique per (file, row).

#include "fake_salesforce/csv_content.hpp"
#include "fake_salesforce/sf_time.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sfc::test::fake_sf {

struct generated_csv_spec {
    std::string event_type;
    std::string org_id15;
    std::string file_id;  ///< seeds the rows and prefixes REQUEST_IDs
    time_point log_date;
    std::chrono::milliseconds span{std::chrono::hours(1)};  ///< 1 h hourly, 24 h daily
    std::size_t rows = 0;
    std::vector<std::string> extra_columns;  ///< schema drift: appended, cells "<COLUMN>:<row>"
};

std::shared_ptr<const csv_content> make_generated_csv(generated_csv_spec spec);

}  // namespace sfc::test::fake_sf
