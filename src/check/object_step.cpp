#include "check/object_step.hpp"

namespace sfc::check {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The permission that lets a user query the security objects the collector knows.
std::string permission_for(const std::string& object) {
    if (object == "EventLogFile") return "'View Event Log Files' and 'API Enabled'";
    if (object == "LoginHistory") return "'Manage Users' or 'Monitor Login History'";
    if (object == "SetupAuditTrail") return "'View Setup and Configuration'";
    if (ends_with(object, "Event") || ends_with(object, "EventStore")) {
        return "'View Real-Time Event Monitoring Data' (Event Monitoring add-on or Shield)";
    }
    return "read access to " + object;
}

std::string fix_for(const std::string& object,
                    const salesforce::api_error& error,
                    const std::string& user) {
    const std::string& code = error.error_code();
    if (code == "INVALID_TYPE") {
        return user + " cannot see " + object + ": give its profile or a permission set " +
               permission_for(object) + ", or correct the object's name";
    }
    if (code == "INVALID_FIELD") {
        return "a field in the object's fields is unknown or hidden from " + user +
               ": remove it, or grant field-level access";
    }
    if (code == "MALFORMED_QUERY" || code == "INVALID_QUERY_FILTER_OPERATOR") {
        return "the query the collector builds is refused: check the object's where and fields";
    }
    if (error.kind() == salesforce::error_kind::auth_expired) {
        return "Salesforce issued a token but refuses it for the REST API: check the External "
               "Client App's session policies (IP relaxation, high assurance; External Client "
               "App Steps 15 to 18)";
    }
    return "see the error; the collector would fail the same way";
}

}  // namespace

std::string probe_query(const config::object_source_config& object) {
    std::string fields;
    for (const auto& f : object.fields) fields += (fields.empty() ? "" : ", ") + f;
    if (fields.empty()) fields = object.id_field;
    std::string soql = "SELECT " + fields + " FROM " + object.object;
    if (object.kind == config::object_kind::standard && !object.where.empty()) {
        soql += " WHERE (" + object.where + ")";
    }
    return soql + " LIMIT 1";
}

std::string event_log_file_probe_query() {
    return "SELECT Id, EventType, Interval, LogFile FROM EventLogFile LIMIT 1";
}

verdict unreadable(const std::string& object,
                   const salesforce::api_error& error,
                   const std::string& user) {
    const check_exit code =
        error.kind() == salesforce::error_kind::auth_expired ? check_refused : check_failed;
    return failed(std::string(error.what()) + "; " + fix_for(object, error, user), code);
}

}  // namespace sfc::check
