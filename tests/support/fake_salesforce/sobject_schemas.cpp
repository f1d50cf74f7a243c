#include "fake_salesforce/sobject_schemas.hpp"

#include "fake_salesforce/text_util.hpp"

#include <array>

namespace sfc::test::fake_sf {
namespace {

constexpr auto id = field_type::id;
constexpr auto text = field_type::string;
constexpr auto datetime = field_type::datetime;
constexpr auto number = field_type::floating;
constexpr auto flag = field_type::boolean;

// §5.2.
constexpr std::array<schema_field, 10> setup_audit_trail = {{{"Id", id},
                                                             {"Action", text},
                                                             {"Section", text},
                                                             {"Display", text},
                                                             {"DelegateUser", text},
                                                             {"CreatedByContext", text},
                                                             {"CreatedByIssuer", text},
                                                             {"CreatedById", id},
                                                             {"CreatedDate", datetime},
                                                             {"ResponsibleNamespacePrefix", text}}};

// §5.1: no CreatedDate.
constexpr std::array<schema_field, 24> login_history = {{{"Id", id},
                                                         {"UserId", id},
                                                         {"LoginTime", datetime},
                                                         {"LoginType", text},
                                                         {"LoginSubType", text},
                                                         {"SourceIp", text},
                                                         {"ForwardedForIp", text},
                                                         {"LoginUrl", text},
                                                         {"Status", text},
                                                         {"Application", text},
                                                         {"Browser", text},
                                                         {"Platform", text},
                                                         {"ApiType", text},
                                                         {"ApiVersion", text},
                                                         {"ClientVersion", text},
                                                         {"CountryIso", text},
                                                         {"TlsProtocol", text},
                                                         {"CipherSuite", text},
                                                         {"LoginGeoId", id},
                                                         {"AuthenticationServiceId", id},
                                                         {"AuthMethodReference", text},
                                                         {"NetworkId", id},
                                                         {"OptionsIsGet", flag},
                                                         {"OptionsIsPost", flag}}};

// §5.3 LoginEvent.
constexpr std::array<schema_field, 44> login_event = {{{"Id", id},
                                                       {"CreatedDate", datetime},
                                                       {"EventDate", datetime},
                                                       {"EventIdentifier", text},
                                                       {"UserId", id},
                                                       {"Username", text},
                                                       {"UserType", text},
                                                       {"SourceIp", text},
                                                       {"ForwardedForIp", text},
                                                       {"Status", text},
                                                       {"LoginType", text},
                                                       {"LoginSubType", text},
                                                       {"LoginUrl", text},
                                                       {"Application", text},
                                                       {"Browser", text},
                                                       {"Platform", text},
                                                       {"ApiType", text},
                                                       {"ApiVersion", text},
                                                       {"ClientVersion", text},
                                                       {"HttpMethod", text},
                                                       {"HttpReferer", text},
                                                       {"AdditionalInfo", text},
                                                       {"TlsProtocol", text},
                                                       {"CipherSuite", text},
                                                       {"LoginGeoId", id},
                                                       {"City", text},
                                                       {"Country", text},
                                                       {"CountryIso", text},
                                                       {"Subdivision", text},
                                                       {"PostalCode", text},
                                                       {"LoginLatitude", number},
                                                       {"LoginLongitude", number},
                                                       {"LoginHistoryId", id},
                                                       {"LoginKey", text},
                                                       {"SessionKey", text},
                                                       {"SessionLevel", text},
                                                       {"PolicyId", id},
                                                       {"PolicyOutcome", text},
                                                       {"EvaluationTime", number},
                                                       {"RelatedEventIdentifier", text},
                                                       {"AuthMethodReference", text},
                                                       {"AuthServiceId", id},
                                                       {"NetworkId", id},
                                                       {"UseApiToken", flag}}};

// §5.3 LogoutEvent, the full list the doc gives.
constexpr std::array<schema_field, 12> logout_event = {{{"Id", id},
                                                        {"CreatedDate", datetime},
                                                        {"EventDate", datetime},
                                                        {"EventIdentifier", text},
                                                        {"LoginKey", text},
                                                        {"ProfileId", id},
                                                        {"RoleId", id},
                                                        {"SessionKey", text},
                                                        {"SessionLevel", text},
                                                        {"SourceIp", text},
                                                        {"UserId", id},
                                                        {"Username", text}}};

constexpr std::array<std::string_view, 11> big_objects = {"LoginEvent",
                                                          "LogoutEvent",
                                                          "ApiEvent",
                                                          "ReportEvent",
                                                          "ListViewEvent",
                                                          "UriEvent",
                                                          "LightningUriEvent",
                                                          "LoginAsEvent",
                                                          "BulkApiResultEventStore",
                                                          "PermissionSetEventStore",
                                                          "IdentityVerificationEvent"};

}  // namespace

std::span<const schema_field> known_schema(std::string_view object) {
    if (iequals(object, "SetupAuditTrail")) return setup_audit_trail;
    if (iequals(object, "LoginHistory")) return login_history;
    if (iequals(object, "LoginEvent")) return login_event;
    if (iequals(object, "LogoutEvent")) return logout_event;
    return {};
}

bool is_big_object(std::string_view object) {
    for (const auto name : big_objects) {
        if (iequals(name, object)) return true;
    }
    return false;
}

}  // namespace sfc::test::fake_sf
