#pragma once
// The CSV column sets of the generated event types (§4.8): Login, URI and Logout from real
// headers, API from the documented field list, and a generic set for every other type.

#include <string_view>
#include <vector>

namespace sfc::test::fake_sf {

/// What a generated cell holds; the generator switches on it for every cell.
enum class col {
    event_type,
    timestamp,
    request_id,
    organization_id,
    user_id,
    run_time,
    cpu_time,
    uri,
    session_key,
    login_key,
    user_type,
    request_status,
    db_total_time,
    login_type,
    browser_type,
    api_type,
    api_version,
    user_name,
    tls_protocol,
    cipher_suite,
    auth_method_reference,
    login_sub_type,
    timestamp_derived,
    user_id_derived,
    client_ip,
    uri_id_derived,
    login_status,
    source_ip,
    db_blocks,
    db_cpu_time,
    referrer_uri,
    session_type,
    session_level,
    platform_type,
    resolution_type,
    app_type,
    client_version,
    user_initiated_logout,
    client_name,
    method_name,
    entity_name,
    rows_processed,
    request_size,
    response_size,
    query,
    exception_message,
};

struct column {
    std::string_view name;
    col kind;
};

/// The columns, in header order, for event_type.
const std::vector<column>& columns_for(std::string_view event_type);

}  // namespace sfc::test::fake_sf
