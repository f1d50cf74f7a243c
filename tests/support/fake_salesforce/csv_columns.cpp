#include "fake_salesforce/csv_columns.hpp"

#include "fake_salesforce/fake_salesforce.hpp"

namespace sfc::test::fake_sf {

// Column orders from §4.8 (Login, URI, Logout: real headers; API: documented fields).
const std::vector<column>& columns_for(std::string_view event_type) {
    using c = col;
    static const std::vector<column> login = {
        {"EVENT_TYPE", c::event_type},
        {"TIMESTAMP", c::timestamp},
        {"REQUEST_ID", c::request_id},
        {"ORGANIZATION_ID", c::organization_id},
        {"USER_ID", c::user_id},
        {"RUN_TIME", c::run_time},
        {"CPU_TIME", c::cpu_time},
        {"URI", c::uri},
        {"SESSION_KEY", c::session_key},
        {"LOGIN_KEY", c::login_key},
        {"USER_TYPE", c::user_type},
        {"REQUEST_STATUS", c::request_status},
        {"DB_TOTAL_TIME", c::db_total_time},
        {"LOGIN_TYPE", c::login_type},
        {"BROWSER_TYPE", c::browser_type},
        {"API_TYPE", c::api_type},
        {"API_VERSION", c::api_version},
        {"USER_NAME", c::user_name},
        {"TLS_PROTOCOL", c::tls_protocol},
        {"CIPHER_SUITE", c::cipher_suite},
        {"AUTHENTICATION_METHOD_REFERENCE", c::auth_method_reference},
        {"LOGIN_SUB_TYPE", c::login_sub_type},
        {"TIMESTAMP_DERIVED", c::timestamp_derived},
        {"USER_ID_DERIVED", c::user_id_derived},
        {"CLIENT_IP", c::client_ip},
        {"URI_ID_DERIVED", c::uri_id_derived},
        {"LOGIN_STATUS", c::login_status},
        {"SOURCE_IP", c::source_ip}};
    static const std::vector<column> uri = {{"EVENT_TYPE", c::event_type},
                                            {"TIMESTAMP", c::timestamp},
                                            {"REQUEST_ID", c::request_id},
                                            {"ORGANIZATION_ID", c::organization_id},
                                            {"USER_ID", c::user_id},
                                            {"RUN_TIME", c::run_time},
                                            {"CPU_TIME", c::cpu_time},
                                            {"URI", c::uri},
                                            {"SESSION_KEY", c::session_key},
                                            {"LOGIN_KEY", c::login_key},
                                            {"REQUEST_STATUS", c::request_status},
                                            {"DB_TOTAL_TIME", c::db_total_time},
                                            {"DB_BLOCKS", c::db_blocks},
                                            {"DB_CPU_TIME", c::db_cpu_time},
                                            {"REFERRER_URI", c::referrer_uri},
                                            {"TIMESTAMP_DERIVED", c::timestamp_derived},
                                            {"USER_ID_DERIVED", c::user_id_derived},
                                            {"CLIENT_IP", c::client_ip},
                                            {"URI_ID_DERIVED", c::uri_id_derived},
                                            {"USER_TYPE", c::user_type}};
    static const std::vector<column> logout = {{"EVENT_TYPE", c::event_type},
                                               {"TIMESTAMP", c::timestamp},
                                               {"REQUEST_ID", c::request_id},
                                               {"ORGANIZATION_ID", c::organization_id},
                                               {"USER_ID", c::user_id},
                                               {"USER_TYPE", c::user_type},
                                               {"SESSION_TYPE", c::session_type},
                                               {"SESSION_LEVEL", c::session_level},
                                               {"BROWSER_TYPE", c::browser_type},
                                               {"PLATFORM_TYPE", c::platform_type},
                                               {"RESOLUTION_TYPE", c::resolution_type},
                                               {"APP_TYPE", c::app_type},
                                               {"CLIENT_VERSION", c::client_version},
                                               {"API_TYPE", c::api_type},
                                               {"API_VERSION", c::api_version},
                                               {"USER_INITIATED_LOGOUT", c::user_initiated_logout},
                                               {"SESSION_KEY", c::session_key},
                                               {"LOGIN_KEY", c::login_key},
                                               {"TIMESTAMP_DERIVED", c::timestamp_derived},
                                               {"USER_ID_DERIVED", c::user_id_derived},
                                               {"CLIENT_IP", c::client_ip}};
    static const std::vector<column> api = {{"EVENT_TYPE", c::event_type},
                                            {"TIMESTAMP", c::timestamp},
                                            {"REQUEST_ID", c::request_id},
                                            {"ORGANIZATION_ID", c::organization_id},
                                            {"USER_ID", c::user_id},
                                            {"RUN_TIME", c::run_time},
                                            {"CPU_TIME", c::cpu_time},
                                            {"URI", c::uri},
                                            {"SESSION_KEY", c::session_key},
                                            {"LOGIN_KEY", c::login_key},
                                            {"USER_TYPE", c::user_type},
                                            {"REQUEST_STATUS", c::request_status},
                                            {"DB_TOTAL_TIME", c::db_total_time},
                                            {"API_TYPE", c::api_type},
                                            {"API_VERSION", c::api_version},
                                            {"CLIENT_NAME", c::client_name},
                                            {"METHOD_NAME", c::method_name},
                                            {"ENTITY_NAME", c::entity_name},
                                            {"ROWS_PROCESSED", c::rows_processed},
                                            {"REQUEST_SIZE", c::request_size},
                                            {"RESPONSE_SIZE", c::response_size},
                                            {"QUERY", c::query},
                                            {"DB_BLOCKS", c::db_blocks},
                                            {"DB_CPU_TIME", c::db_cpu_time},
                                            {"EXCEPTION_MESSAGE", c::exception_message},
                                            {"TIMESTAMP_DERIVED", c::timestamp_derived},
                                            {"USER_ID_DERIVED", c::user_id_derived},
                                            {"CLIENT_IP", c::client_ip},
                                            {"URI_ID_DERIVED", c::uri_id_derived}};
    static const std::vector<column> generic = {{"EVENT_TYPE", c::event_type},
                                                {"TIMESTAMP", c::timestamp},
                                                {"REQUEST_ID", c::request_id},
                                                {"ORGANIZATION_ID", c::organization_id},
                                                {"USER_ID", c::user_id},
                                                {"RUN_TIME", c::run_time},
                                                {"CPU_TIME", c::cpu_time},
                                                {"URI", c::uri},
                                                {"SESSION_KEY", c::session_key},
                                                {"LOGIN_KEY", c::login_key},
                                                {"TIMESTAMP_DERIVED", c::timestamp_derived},
                                                {"USER_ID_DERIVED", c::user_id_derived},
                                                {"CLIENT_IP", c::client_ip}};
    if (event_type == "Login") return login;
    if (event_type == "URI") return uri;
    if (event_type == "Logout") return logout;
    if (event_type == "API") return api;
    return generic;
}

}  // namespace sfc::test::fake_sf

namespace sfc::test {

// §4.7, grouped as there; the newer types whose API names are guesses are left out.
const std::vector<std::string>& elf_event_types() {
    // A table, one §4.7 group a line.
    // clang-format off
    static const std::vector<std::string> types = {
        "ApexCallout", "ApexExecution", "ApexRestApi", "ApexSoap", "ApexTrigger",
        "ApexUnexpectedException", "ContinuationCallout", "ExternalCrossOrgCallout",
        "ExternalCustomApexCallout", "ExternalDataSourceCallout", "ExternalODataCallout",
        "NamedCredential", "ConcurrentLongRunningApexLimit",
        "API", "ApiTotalUsage", "RestApi", "BulkApi", "BulkApi2", "MetadataApiOperation",
        "Report", "ReportExport", "AsyncReportRun", "MultiBlockReport", "Dashboard",
        "Login", "LoginAs", "Logout", "TransactionSecurity",
        "AuraRequest", "Console", "LightningError", "LightningInteraction", "LightningLogger",
        "LightningPageView", "LightningPerformance", "UITracking", "URI", "VisualforceRequest",
        "Sites",
        "ContentDistribution", "ContentDocumentLink", "ContentTransfer",
        "DocumentAttachmentDownloads", "KnowledgeArticleView",
        "CorsViolation", "HostnameRedirects", "InsecureExternalAssets", "PlatformEncryption",
        "ChangeSetOperation", "PackageInstall", "Sandbox", "GroupMembership",
        "InsufficientAccess", "TimeBasedWorkflow",
        "FlowExecution", "QueuedExecution",
        "Search", "SearchClick",
        "OneCommerceUsage",
        "WaveChange", "WaveDownload", "WaveInteraction", "WavePerformance"};
    // clang-format on
    return types;
}

}  // namespace sfc::test
