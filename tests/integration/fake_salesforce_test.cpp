// The fake Salesforce against a small synchronous Beast client over real TLS: the token endpoint
// (JWTs minted here with OpenSSL), SOQL and paging, LogFile streaming (plain, gzip, cut), auth,
// API limits and injected faults.

#include "fake_salesforce/fake_salesforce.hpp"
#include "pki/test_pki.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <simdjson.h>
#include <zlib.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace sfc::test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

// --- a synchronous HTTPS client ------------------------------------------------------------

struct http_result {
    unsigned status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    bool complete = false;  // false: the connection broke before the end of the message

    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

class test_client {
public:
    test_client(std::uint16_t port, const std::string& ca_pem)
        : tls_(asio::ssl::context::tls_client), stream_(io_, tls_) {
        tls_.add_certificate_authority(asio::buffer(ca_pem));
        stream_.set_verify_mode(asio::ssl::verify_peer);
        stream_.set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
        stream_.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
        stream_.handshake(asio::ssl::stream_base::client);
    }

    http_result send(http::verb method,
                     const std::string& target,
                     const std::map<std::string, std::string>& headers = {},
                     const std::string& body = {}) {
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "127.0.0.1");
        for (const auto& [name, value] : headers) req.set(name, value);
        req.body() = body;
        req.prepare_payload();
        boost::system::error_code ec;
        http::write(stream_, req, ec);
        http::response_parser<http::string_body> parser;
        parser.body_limit(1u << 30);
        if (!ec) http::read(stream_, buffer_, parser, ec);
        http_result out;
        out.complete = !ec;
        out.status = parser.get().result_int();
        for (const auto& field : parser.get()) {
            std::string name(field.name_string());
            for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
            out.headers[name] = std::string(field.value());
        }
        out.body = parser.get().body();
        return out;
    }

    http_result get(const std::string& target,
                    const std::string& token = {},
                    std::map<std::string, std::string> headers = {}) {
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        return send(http::verb::get, target, headers);
    }

private:
    asio::io_context io_;
    asio::ssl::context tls_;
    asio::ssl::stream<asio::ip::tcp::socket> stream_;
    boost::beast::flat_buffer buffer_;
};

// --- JWTs, JSON, gzip -----------------------------------------------------------------------

std::string base64url(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : bytes) {
        acc = (acc << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 0x3F];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 0x3F];
    return out;
}

std::string sign_rs256(const std::string& key_pem, std::string_view input) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(key_pem.data(), int(key_pem.size())), &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EXPECT_TRUE(key && ctx);
    EXPECT_EQ(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()), 1);
    std::size_t size = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    EXPECT_EQ(EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()), 1);
    std::string signature(size, '\0');
    EXPECT_EQ(EVP_DigestSign(ctx.get(),
                             reinterpret_cast<unsigned char*>(signature.data()),
                             &size,
                             data,
                             input.size()),
              1);
    signature.resize(size);
    return signature;
}

std::string make_jwt(const std::string& key_pem, const std::string& claims_json) {
    const std::string input =
        base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(claims_json);
    return input + "." + base64url(sign_rs256(key_pem, input));
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string claims(const std::string& iss,
                   const std::string& sub,
                   const std::string& aud,
                   const std::string& exp_json) {
    return R"({"iss":")" + iss + R"(","sub":")" + sub + R"(","aud":")" + aud + R"(","exp":)" +
           exp_json + "}";
}

std::string form_encode(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') {
            out += c;
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", unsigned(static_cast<unsigned char>(c)));
            out += buf;
        }
    }
    return out;
}

std::string json_string_field(const std::string& json, const char* name) {
    simdjson::dom::parser parser;
    std::string_view value;
    if (parser.parse(json)[name].get_string().get(value)) return "<missing>";
    return std::string(value);
}

std::string gunzip(const std::string& data) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = uInt(data.size());
    std::string out;
    int rc = Z_OK;
    while (rc == Z_OK) {
        char buf[65536];
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated input
    }
    EXPECT_TRUE(rc == Z_STREAM_END || rc == Z_BUF_ERROR) << rc;
    inflateEnd(&z);
    return out;
}

std::string query_target(const std::string& soql) {
    return "/services/data/v60.0/query?q=" + form_encode(soql);
}

sf_time at(const char* iso_z) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    std::sscanf(iso_z, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec);
    using namespace std::chrono;
    const sys_days day = year{y} / month{static_cast<unsigned>(mo)} / static_cast<unsigned>(d);
    return time_point_cast<sf_time::duration>(day + hours{h} + minutes{mi} + seconds{sec});
}

// --- fixture ----------------------------------------------------------------------------------

constexpr const char* client_id = "3MVG9-test-consumer-key";

class fake_salesforce_test : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        identity_ = new rsa_identity(make_rsa_identity());
        other_identity_ = new rsa_identity(make_rsa_identity("someone-else"));
        pki_ = new tls_pki(make_tls_pki());  // shared: key generation is the slow part
    }
    static void TearDownTestSuite() {
        delete identity_;
        delete other_identity_;
        delete pki_;
    }

    void start(fake_salesforce_options options = {}) {
        connected_app app;
        app.client_id = client_id;
        app.certificate_pem = identity_->cert_pem;
        app.approved_usernames = {"collector@acme.example"};
        app.not_admin_approved_usernames = {"notadmin@acme.example"};
        app.unapproved_usernames = {"never@acme.example"};
        app.client_secret = "s3cret";
        app.run_as_username = "integration@acme.example";
        options.apps.push_back(app);
        options.tls_cert_pem = pki_->server_cert_pem;
        options.tls_key_pem = pki_->server_key_pem;
        options.tls_ca_pem = pki_->ca_cert_pem;
        fake_ = std::make_unique<fake_salesforce>(options);
        fake_->start();
        client_ = std::make_unique<test_client>(fake_->port(), fake_->ca_cert_pem());
    }

    http_result post_token(const std::string& body,
                           std::map<std::string, std::string> headers = {}) {
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        return client_->send(http::verb::post, "/services/oauth2/token", headers, body);
    }

    http_result post_jwt(const std::string& jwt) {
        return post_token(
            "grant_type=" + form_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
            "&assertion=" + jwt);
    }

    std::string valid_claims(const std::string& sub = "collector@acme.example") const {
        return claims(
            client_id, sub, "https://login.salesforce.com", std::to_string(unix_now() + 180));
    }

    static inline rsa_identity* identity_ = nullptr;
    static inline rsa_identity* other_identity_ = nullptr;
    static inline tls_pki* pki_ = nullptr;
    std::unique_ptr<fake_salesforce> fake_;
    std::unique_ptr<test_client> client_;
};

// --- token endpoint ---------------------------------------------------------------------------

TEST_F(fake_salesforce_test, jwt_bearer_success_returns_documented_fields) {
    start();
    const http_result r = post_jwt(make_jwt(identity_->key_pem, valid_claims()));
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json;charset=UTF-8");
    const std::string token = json_string_field(r.body, "access_token");
    EXPECT_EQ(token.substr(0, 16), "00D5j00000DgAYG!");
    EXPECT_GT(token.size(), 40u);
    EXPECT_EQ(json_string_field(r.body, "instance_url"), fake_->base_url());
    EXPECT_EQ(json_string_field(r.body, "token_type"), "Bearer");
    const std::string id = json_string_field(r.body, "id");
    EXPECT_EQ(id.substr(0, 54), "https://login.salesforce.com/id/00D5j00000DgAYGEA3/005");
    EXPECT_EQ(id.size(), 54u + 15u);
    EXPECT_EQ(r.body.find("refresh_token"), std::string::npos);
    // The token works on the REST API.
    EXPECT_EQ(client_->get("/services/data/v60.0/limits/", token).status, 200u);
    EXPECT_EQ(fake_->stats().token_ok, 1);
}

TEST_F(fake_salesforce_test, jwt_accepts_string_exp_query_params_and_prn) {
    start();
    // simple-salesforce sends exp as a numeric string.
    const std::string string_exp = claims(client_id,
                                          "collector@acme.example",
                                          "https://test.salesforce.com/",
                                          "\"" + std::to_string(unix_now() + 60) + "\"");
    EXPECT_EQ(post_jwt(make_jwt(identity_->key_pem, string_exp)).status, 200u);
    // prn wins over sub.
    const std::string with_prn = R"({"iss":")" + std::string(client_id) +
                                 R"(","sub":"never@acme.example","prn":"collector@acme.example",)"
                                 R"("aud":"https://login.salesforce.com","exp":)" +
                                 std::to_string(unix_now() + 60) + "}";
    EXPECT_EQ(post_jwt(make_jwt(identity_->key_pem, with_prn)).status, 200u);
    // Parameters in the query string (the newrelic exporter) work too, with extra fields.
    const std::string target =
        "/services/oauth2/token?grant_type=" +
        form_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
        "&format=json&assertion=" + make_jwt(identity_->key_pem, valid_claims());
    EXPECT_EQ(client_->send(http::verb::post, target).status, 200u);
    // A far-future exp (sfdx's milliseconds) is accepted.
    const std::string far_future = claims(client_id,
                                          "collector@acme.example",
                                          "https://login.salesforce.com",
                                          std::to_string(unix_now() * 1000));
    EXPECT_EQ(post_jwt(make_jwt(identity_->key_pem, far_future)).status, 200u);
}

struct token_error_case {
    const char* name;
    std::string (*jwt)(const rsa_identity& good, const rsa_identity& other);
    const char* error;
    const char* description;
};

std::string exp_in(std::int64_t seconds) {
    return std::to_string(unix_now() + seconds);
}

const token_error_case token_error_cases[] = {
    {"wrong_key",
     [](const rsa_identity&, const rsa_identity& other) {
         return make_jwt(
             other.key_pem,
             claims(
                 client_id, "collector@acme.example", "https://login.salesforce.com", exp_in(60)));
     },
     "invalid_grant",
     "invalid assertion"},
    {"garbage",
     [](const rsa_identity&, const rsa_identity&) { return std::string("not.a-jwt"); },
     "invalid_grant",
     "invalid assertion"},
    {"unknown_client",
     [](const rsa_identity& good, const rsa_identity&) {
         return make_jwt(good.key_pem,
                         claims("unknown-key",
                                "collector@acme.example",
                                "https://login.salesforce.com",
                                exp_in(60)));
     },
     "invalid_client_id",
     "client identifier invalid"},
    {"bad_audience",
     [](const rsa_identity& good, const rsa_identity&) {
         return make_jwt(good.key_pem,
                         claims(client_id,
                                "collector@acme.example",
                                "https://acme.my.salesforce.com",
                                exp_in(60)));
     },
     "invalid_grant",
     "audience is invalid"},
    {"expired",
     [](const rsa_identity& good, const rsa_identity&) {
         return make_jwt(good.key_pem,
                         claims(client_id,
                                "collector@acme.example",
                                "https://login.salesforce.com",
                                exp_in(-600)));
     },
     "invalid_grant",
     "expired authorization code"},
    {"never_approved",
     [](const rsa_identity& good, const rsa_identity&) {
         return make_jwt(
             good.key_pem,
             claims(client_id, "never@acme.example", "https://login.salesforce.com", exp_in(60)));
     },
     "invalid_grant",
     "user hasn't approved this consumer"},
    {"unknown_user",
     [](const rsa_identity& good, const rsa_identity&) {
         return make_jwt(
             good.key_pem,
             claims(client_id, "nobody@acme.example", "https://login.salesforce.com", exp_in(60)));
     },
     "invalid_grant",
     "user hasn't approved this consumer"},
    {"not_admin_approved",
     [](const rsa_identity& good, const rsa_identity&) {
         return make_jwt(
             good.key_pem,
             claims(
                 client_id, "notadmin@acme.example", "https://login.salesforce.com", exp_in(60)));
     },
     "invalid_app_access",
     "user is not admin approved to access this app"},
};

TEST_F(fake_salesforce_test, jwt_errors_are_documented_400s) {
    start();
    for (const auto& c : token_error_cases) {
        SCOPED_TRACE(c.name);
        const http_result r = post_jwt(c.jwt(*identity_, *other_identity_));
        EXPECT_EQ(r.status, 400u);
        EXPECT_EQ(r.header("content-type"), "application/json;charset=UTF-8");
        EXPECT_EQ(json_string_field(r.body, "error"), c.error);
        EXPECT_EQ(json_string_field(r.body, "error_description"), c.description);
    }
    const int cases = int(std::size(token_error_cases));
    EXPECT_EQ(fake_->stats().token_failed, cases);
    EXPECT_EQ(fake_->stats().token_ok, 0);
}

TEST_F(fake_salesforce_test, expiry_honours_the_skew_and_the_injected_clock) {
    manual_clock clock(std::chrono::system_clock::now());
    fake_salesforce_options options;
    options.clock = &clock;
    start(options);
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    const auto jwt_with_exp = [&](std::int64_t exp) {
        return make_jwt(identity_->key_pem,
                        claims(client_id,
                               "collector@acme.example",
                               "https://login.salesforce.com",
                               std::to_string(exp)));
    };
    EXPECT_EQ(post_jwt(jwt_with_exp(now - 170)).status, 200u);  // within the 180 s skew
    EXPECT_EQ(post_jwt(jwt_with_exp(now - 190)).status, 400u);
}

TEST_F(fake_salesforce_test, client_credentials_in_body_or_basic_auth) {
    start();
    const http_result body =
        post_token("grant_type=client_credentials&client_id=" + std::string(client_id) +
                   "&client_secret=s3cret");
    ASSERT_EQ(body.status, 200u) << body.body;
    EXPECT_NE(json_string_field(body.body, "issued_at"), "<missing>");
    const std::string basic = base64url(std::string(client_id) + ":s3cret");
    const http_result with_basic =
        post_token("grant_type=client_credentials", {{"Authorization", "Basic " + basic}});
    EXPECT_EQ(with_basic.status, 200u) << with_basic.body;
    const http_result wrong =
        post_token("grant_type=client_credentials&client_id=" + std::string(client_id) +
                   "&client_secret=nope");
    EXPECT_EQ(json_string_field(wrong.body, "error"), "invalid_client");
    EXPECT_EQ(json_string_field(post_token("grant_type=password").body, "error"),
              "unsupported_grant_type");
}

// --- REST auth, limits, faults -----------------------------------------------------------------

TEST_F(fake_salesforce_test, rest_requires_a_live_bearer_token) {
    start();
    const std::string token = fake_->issue_token();
    EXPECT_EQ(client_->get("/services/data/v60.0/limits/", token).status, 200u);
    const http_result none = client_->get("/services/data/v60.0/limits/");
    EXPECT_EQ(none.status, 401u);
    EXPECT_EQ(none.body,
              R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])");
    EXPECT_EQ(client_->get("/services/data/v60.0/limits/", "00D5j00000DgAYG!forged").status, 401u);
    fake_->expire_all_tokens();
    const http_result expired = client_->get("/services/data/v60.0/limits/", token);
    EXPECT_EQ(expired.status, 401u);
    EXPECT_NE(expired.body.find("INVALID_SESSION_ID"), std::string::npos);
    EXPECT_EQ(client_->get("/services/data/v60.0/limits/", fake_->issue_token()).status, 200u);
    // The versions list needs no token.
    const http_result versions = client_->get("/services/data/");
    EXPECT_EQ(versions.status, 200u);
    EXPECT_NE(versions.body.find(
                  R"({"label":"Spring '26","url":"/services/data/v66.0","version":"66.0"})"),
              std::string::npos);
}

TEST_F(fake_salesforce_test, limit_info_counts_calls_and_the_budget_is_enforced) {
    start();
    const std::string token = fake_->issue_token();
    fake_->set_api_limit(3);
    EXPECT_EQ(client_->get("/services/data/v60.0/limits/", token).header("sforce-limit-info"),
              "api-usage=1/3");
    const http_result second = client_->get("/services/data/v60.0/limits/", token);
    EXPECT_EQ(second.header("sforce-limit-info"), "api-usage=2/3");
    EXPECT_NE(second.body.find(R"("DailyApiRequests":{"Max":3,"Remaining":1,)"), std::string::npos);
    EXPECT_NE(second.body.find(R"("sfcollector":{"Max":0,"Remaining":0})"), std::string::npos);
    EXPECT_EQ(client_->get("/services/data/v60.0/limits/", token).status, 200u);
    const http_result over = client_->get("/services/data/v60.0/limits/", token);
    EXPECT_EQ(over.status, 403u);
    EXPECT_EQ(
        over.body,
        R"([{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])");
    EXPECT_EQ(fake_->stats().api_usage, 3);
}

TEST_F(fake_salesforce_test, injected_faults_apply_in_order_then_stop) {
    start();
    const std::string token = fake_->issue_token();
    fake_->fail_next(endpoint::query, fault_kind::server_unavailable);
    fake_->fail_next(endpoint::query, fault_kind::internal_error_html);
    fake_->fail_next(endpoint::limits, fault_kind::bad_gateway_html);
    fake_->fail_next(endpoint::any, fault_kind::session_not_valid_for_rest);
    const std::string q = query_target("SELECT Id FROM EventLogFile");
    const http_result r503 = client_->get(q, token);
    EXPECT_EQ(r503.status, 503u);
    EXPECT_EQ(r503.body, R"([{"message":"Server Unavailable","errorCode":"SERVER_UNAVAILABLE"}])");
    const http_result r500 = client_->get(q, token);
    EXPECT_EQ(r500.status, 500u);
    EXPECT_EQ(r500.header("content-type").substr(0, 9), "text/html");
    EXPECT_EQ(client_->get("/services/data/v60.0/limits/", token).status, 502u);
    const http_result r401 = client_->get(q, token);
    EXPECT_EQ(r401.status, 401u);
    EXPECT_NE(r401.body.find("This session is not valid for use with the REST API"),
              std::string::npos);
    EXPECT_EQ(client_->get(q, token).status, 200u);
    EXPECT_EQ(fake_->stats().faults_injected, 4);
}

TEST_F(fake_salesforce_test, drop_connection_fault_closes_without_an_answer) {
    start();
    fake_->fail_next(endpoint::any, fault_kind::drop_connection);
    const http_result r = client_->get("/services/data/");
    EXPECT_FALSE(r.complete);
    test_client fresh(fake_->port(), fake_->ca_cert_pem());
    EXPECT_EQ(fresh.get("/services/data/").status, 200u);
}

// --- SOQL and paging ----------------------------------------------------------------------------

TEST_F(fake_salesforce_test, paging_follows_next_records_url_with_batch_size_200) {
    start();
    std::vector<std::string> ids;
    for (int i = 0; i < 450; ++i) {
        log_file_spec spec;
        spec.log_date = at("2024-03-11T00:00:00Z") + std::chrono::hours(i);
        spec.created_date = spec.log_date + std::chrono::hours(2);
        spec.rows = 1;
        ids.push_back(fake_->add_log_file(spec).id);
    }
    const std::string token = fake_->issue_token();
    std::vector<std::string> seen;
    std::string target = query_target("SELECT Id FROM EventLogFile ORDER BY Id");
    int pages = 0;
    for (;;) {
        // batchSize below the minimum is raised to 200.
        const http_result r =
            client_->get(target, token, {{"Sforce-Query-Options", "batchSize=50"}});
        ASSERT_EQ(r.status, 200u) << r.body;
        ++pages;
        simdjson::dom::parser parser;
        const simdjson::dom::element doc = parser.parse(r.body);
        EXPECT_EQ(std::int64_t(doc["totalSize"]), 450);
        for (const auto record : doc["records"].get_array()) {
            seen.emplace_back(std::string_view(record["Id"]));
        }
        if (bool(doc["done"])) {
            EXPECT_TRUE(doc["nextRecordsUrl"].error());
            break;
        }
        target = std::string(std::string_view(doc["nextRecordsUrl"]));
        EXPECT_EQ(target.substr(0, 27), "/services/data/v60.0/query/");
    }
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen, ids);
    EXPECT_EQ(fake_->stats().query_more, 2);
    const http_result bad = client_->get("/services/data/v60.0/query/01gNOPE-200", token);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_NE(bad.body.find("INVALID_QUERY_LOCATOR"), std::string::npos);
}

class cursor_query_test : public fake_salesforce_test {
protected:
    log_file_info add(const char* type,
                      const char* interval,
                      int sequence,
                      const char* log_date,
                      const char* created) {
        log_file_spec spec;
        spec.event_type = type;
        spec.interval = interval;
        spec.sequence = sequence;
        spec.log_date = at(log_date);
        spec.created_date = at(created);
        spec.rows = 3;
        return fake_->add_log_file(spec);
    }

    std::vector<std::string> ids_of(const std::string& soql) {
        const http_result r = client_->get(query_target(soql), fake_->issue_token());
        EXPECT_EQ(r.status, 200u) << r.body;
        simdjson::dom::parser parser;
        std::vector<std::string> out;
        for (const auto record : parser.parse(r.body)["records"].get_array()) {
            out.emplace_back(std::string_view(record["Id"]));
        }
        return out;
    }
};

TEST_F(cursor_query_test, the_collectors_cursor_query_returns_exactly_the_right_files) {
    start();
    const auto old = add("Login", "Hourly", 1, "2024-03-11T12:00:00Z", "2024-03-11T14:00:00Z");
    const auto tie_before =
        add("Login", "Hourly", 1, "2024-03-11T13:00:00Z", "2024-03-11T15:00:00Z");
    const auto tie_after = add("URI", "Hourly", 1, "2024-03-11T13:00:00Z", "2024-03-11T15:00:00Z");
    const auto later = add("URI", "Hourly", 1, "2024-03-11T14:00:00Z", "2024-03-11T16:00:00Z");
    const auto late = fake_->add_late_log_file(old.id, at("2024-03-11T15:30:00Z"), 2);
    const auto api = add("API", "Hourly", 1, "2024-03-11T14:00:00Z", "2024-03-11T17:00:00Z");
    const auto daily = add("Login", "Daily", 0, "2024-03-11T00:00:00Z", "2024-03-12T02:00:00Z");
    EXPECT_EQ(late.sequence, 2);
    EXPECT_EQ(late.log_date, old.log_date);

    const std::string cursor =
        "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, LogFile "
        "FROM EventLogFile WHERE Interval = 'Hourly' AND EventType IN ('Login','URI') AND "
        "(CreatedDate > 2024-03-11T15:00:00.000Z OR (CreatedDate = 2024-03-11T15:00:00.000Z AND "
        "Id > '" +
        tie_before.id + "')) ORDER BY CreatedDate ASC, Id ASC";
    EXPECT_EQ(ids_of(cursor), (std::vector<std::string>{tie_after.id, late.id, later.id}));

    const std::string first_run =
        "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, LogFile "
        "FROM EventLogFile WHERE Interval = 'Hourly' AND EventType IN ('Login','URI','API') AND "
        "CreatedDate >= 2024-03-11T15:00:00.000Z ORDER BY CreatedDate ASC, Id ASC";
    EXPECT_EQ(ids_of(first_run),
              (std::vector<std::string>{tie_before.id, tie_after.id, late.id, later.id, api.id}));
    // The other datetime literal forms mean the same instant.
    for (const char* literal : {"2024-03-11T15:00:00Z",
                                "2024-03-11T15:00:00+00:00",
                                "2024-03-11T15:00:00.000+0000",
                                "2024-03-11T16:00:00+01:00"}) {
        EXPECT_EQ(ids_of("SELECT Id FROM EventLogFile WHERE CreatedDate = " + std::string(literal) +
                         " ORDER BY Id DESC"),
                  (std::vector<std::string>{tie_after.id, tie_before.id}))
            << literal;
    }
    EXPECT_EQ(ids_of("SELECT Id FROM EventLogFile WHERE Sequence = 0"),
              (std::vector<std::string>{daily.id}));
    EXPECT_EQ(ids_of("SELECT Id FROM EventLogFile WHERE EventType != 'Login' ORDER BY "
                     "CreatedDate DESC LIMIT 2"),
              (std::vector<std::string>{api.id, later.id}));
}

TEST_F(cursor_query_test, records_are_rendered_like_salesforce) {
    start();
    const auto f = add("Login", "Hourly", 1, "2024-03-11T13:00:00Z", "2024-03-11T15:00:00Z");
    const http_result r =
        client_->get(query_target("SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, "
                                  "LogFileLength, LogFile FROM EventLogFile"),
                     fake_->issue_token());
    ASSERT_EQ(r.status, 200u);
    const std::string expected =
        R"({"totalSize":1,"done":true,"records":[{"attributes":{"type":"EventLogFile","url":")"
        "/services/data/v60.0/sobjects/EventLogFile/" +
        f.id + R"("},"Id":")" + f.id +
        R"(","EventType":"Login","LogDate":"2024-03-11T13:00:00.000+0000","Interval":"Hourly",)"
        R"("Sequence":1,"CreatedDate":"2024-03-11T15:00:00.000+0000","LogFileLength":)" +
        std::to_string(f.length) + R"(.0,"LogFile":"/services/data/v60.0/sobjects/EventLogFile/)" +
        f.id + R"(/LogFile"}]})";
    EXPECT_EQ(r.body, expected);
}

TEST_F(cursor_query_test, soql_errors_carry_salesforce_codes) {
    start();
    const std::string token = fake_->issue_token();
    const http_result malformed =
        client_->get(query_target("SELECT Id FROM EventLogFile WHERE"), token);
    EXPECT_EQ(malformed.status, 400u);
    EXPECT_NE(malformed.body.find("\"errorCode\":\"MALFORMED_QUERY\""), std::string::npos);
    const http_result field =
        client_->get(query_target("SELECT Id, FullName FROM EventLogFile"), token);
    EXPECT_EQ(field.status, 400u);
    EXPECT_NE(field.body.find("ERROR at Row:1:Column:12\\nNo such column 'FullName' on entity "
                              "'EventLogFile'"),
              std::string::npos)
        << field.body;
    EXPECT_NE(field.body.find("\"errorCode\":\"INVALID_FIELD\""), std::string::npos);
    const http_result quoted_date = client_->get(
        query_target("SELECT Id FROM EventLogFile WHERE CreatedDate > '2024-01-01T00:00:00Z'"),
        token);
    EXPECT_NE(
        quoted_date.body.find("must be of type dateTime and should not be enclosed in quotes"),
        std::string::npos);
    EXPECT_NE(client_->get(query_target("SELECT Id FROM Foo"), token).body.find("INVALID_TYPE"),
              std::string::npos);
    // A raw '+' in the query string is a space: the +00:00 offset then fails to parse.
    const http_result plus = client_->get(
        "/services/data/v60.0/query?q=SELECT+Id+FROM+EventLogFile+WHERE+CreatedDate+>+"
        "2024-01-01T00:00:00+00:00",
        token);
    EXPECT_EQ(plus.status, 400u);
    EXPECT_EQ(fake_->stats().query_errors, 5);
}

TEST_F(cursor_query_test, generic_records_are_queryable) {
    start();
    fake_->add_record("LoginHistory",
                      {{{"Id", std::string("0Ya000000000001AAA")},
                        {"LoginTime", at("2024-03-11T10:00:00Z")},
                        {"Status", std::string("Success")}}});
    fake_->add_record("LoginHistory",
                      {{{"Id", std::string("0Ya000000000002AAA")},
                        {"LoginTime", at("2024-03-11T11:00:00Z")},
                        {"Status", std::string("Invalid Password")}}});
    const http_result r = client_->get(
        query_target("SELECT Id, Status FROM LoginHistory WHERE LoginTime > 2024-03-11T10:30:00Z"),
        fake_->issue_token());
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_NE(r.body.find(R"("Id":"0Ya000000000002AAA","Status":"Invalid Password")"),
              std::string::npos);
    EXPECT_NE(r.body.find(R"("totalSize":1)"), std::string::npos);
}

// --- LogFile downloads ---------------------------------------------------------------------------

std::string log_file_target(const std::string& id) {
    return "/services/data/v60.0/sobjects/EventLogFile/" + id + "/LogFile";
}

TEST_F(fake_salesforce_test, log_file_is_chunked_csv_with_quoting) {
    start();
    log_file_spec spec;
    spec.csv = csv_table{
        {"EVENT_TYPE", "REQUEST_ID", "URI"},
        {{"URI", "r1", "/a,b"}, {"URI", "r2", "say \"hi\"\nthere"}, {"URI", "r3", "zoë"}}};
    const auto info = fake_->add_log_file(spec);
    const std::string expected =
        "\"EVENT_TYPE\",\"REQUEST_ID\",\"URI\"\n\"URI\",\"r1\",\"/a,b\"\n"
        "\"URI\",\"r2\",\"say \"\"hi\"\"\nthere\"\n\"URI\",\"r3\",\"zoë\"\n";
    EXPECT_EQ(info.length, expected.size());
    const http_result r = client_->get(log_file_target(info.id), fake_->issue_token());
    ASSERT_EQ(r.status, 200u);
    EXPECT_TRUE(r.complete);
    EXPECT_EQ(r.header("transfer-encoding"), "chunked");
    EXPECT_EQ(r.header("content-type"), "application/octetstream");
    EXPECT_FALSE(r.header("sforce-limit-info").empty());
    EXPECT_EQ(r.body, expected);
    EXPECT_EQ(fake_->request_ids(info.id), (std::vector<std::string>{"r1", "r2", "r3"}));
    EXPECT_TRUE(fake_->wait_for([](const fake_stats& s) { return s.log_file_completed == 1; }, 5s));
    const http_result missing =
        client_->get(log_file_target("0AT000000000000AAA"), fake_->issue_token());
    EXPECT_EQ(missing.status, 404u);
    EXPECT_EQ(missing.body,
              R"([{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}])");
}

TEST_F(fake_salesforce_test, generated_log_file_matches_its_length_and_request_ids) {
    start();
    log_file_spec spec;
    spec.event_type = "API";
    spec.log_date = at("2024-03-11T13:00:00Z");
    spec.created_date = at("2024-03-11T15:00:00Z");
    spec.rows = 5000;  // several 64 KiB pieces
    const auto info = fake_->add_log_file(spec);
    const http_result r = client_->get(log_file_target(info.id), fake_->issue_token());
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.body.size(), info.length);
    EXPECT_EQ(r.body, fake_->csv_text(info.id));
    EXPECT_EQ(r.body.substr(0, 37), "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\"");
    const auto ids = fake_->request_ids(info.id);
    ASSERT_EQ(ids.size(), 5000u);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    for (const std::size_t i : {std::size_t(0), std::size_t(2500), std::size_t(4999)}) {
        EXPECT_NE(r.body.find(",\"" + ids[i] + "\","), std::string::npos) << ids[i];
    }
    EXPECT_NE(r.body.find("\"00D5j00000DgAYG\""), std::string::npos);
    EXPECT_NE(r.body.find("Name = 'Acme, \"\"Inc\"\"'"), std::string::npos);  // quotes, comma
}

TEST_F(fake_salesforce_test, gzip_log_file_inflates_to_the_same_csv) {
    fake_salesforce_options options;
    options.gzip_log_files = true;
    start(options);
    log_file_spec spec;
    spec.event_type = "URI";
    spec.rows = 3000;
    const auto info = fake_->add_log_file(spec);
    const http_result r = client_->get(
        log_file_target(info.id), fake_->issue_token(), {{"Accept-Encoding", "gzip, deflate"}});
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.header("content-encoding"), "gzip");
    EXPECT_LT(r.body.size(), info.length);
    EXPECT_EQ(gunzip(r.body), fake_->csv_text(info.id));
    // Without Accept-Encoding the body is plain.
    const http_result plain = client_->get(log_file_target(info.id), fake_->issue_token());
    EXPECT_EQ(plain.header("content-encoding"), "");
    EXPECT_EQ(plain.body.size(), info.length);
}

TEST_F(fake_salesforce_test, reset_fault_cuts_the_body_once) {
    start();
    log_file_spec spec;
    spec.rows = 2000;
    const auto info = fake_->add_log_file(spec);
    const std::string full = fake_->csv_text(info.id);
    fake_->reset_log_file_after_bytes(100000, 1);
    const std::string token = fake_->issue_token();
    const http_result cut = client_->get(log_file_target(info.id), token);
    EXPECT_EQ(cut.status, 200u);
    EXPECT_FALSE(cut.complete);
    EXPECT_EQ(cut.body, full.substr(0, 100000));
    EXPECT_TRUE(fake_->wait_for([](const fake_stats& s) { return s.log_file_aborted == 1; }, 5s));

    test_client again(fake_->port(), fake_->ca_cert_pem());
    const http_result whole = again.get(log_file_target(info.id), token);
    EXPECT_TRUE(whole.complete);
    EXPECT_EQ(whole.body, full);
}

TEST_F(fake_salesforce_test, gzip_reset_delivers_a_decodable_prefix) {
    fake_salesforce_options options;
    options.gzip_log_files = true;
    start(options);
    log_file_spec spec;
    spec.rows = 2000;
    const auto info = fake_->add_log_file(spec);
    fake_->reset_log_file_after_bytes(70000, 1);
    const http_result cut =
        client_->get(log_file_target(info.id), fake_->issue_token(), {{"Accept-Encoding", "gzip"}});
    EXPECT_FALSE(cut.complete);
    EXPECT_EQ(gunzip(cut.body), fake_->csv_text(info.id).substr(0, 70000));
}

// --- datasets and observation -------------------------------------------------------------------

TEST_F(fake_salesforce_test, generate_dataset_spreads_files_over_types_and_hours) {
    start();
    dataset_spec spec;
    spec.files = 10;
    spec.rows_per_file = 20;
    spec.event_types = {"Login", "URI", "Logout"};
    spec.now = at("2024-03-11T15:20:00Z");
    const auto files = fake_->generate_dataset(spec);
    ASSERT_EQ(files.size(), 10u);
    EXPECT_EQ(files.back().log_date, at("2024-03-11T13:00:00Z"));
    EXPECT_EQ(files.front().log_date, at("2024-03-11T10:00:00Z"));
    for (const auto& f : files) {
        EXPECT_LE(f.created_date, spec.now);
        EXPECT_EQ(f.rows, 20u);
        EXPECT_EQ(fake_->request_ids(f.id).size(), 20u);
    }
    EXPECT_EQ(files[1].event_type, "URI");
    EXPECT_EQ(fake_->log_files().size(), 10u);
}

TEST_F(fake_salesforce_test, stats_record_requests_and_wait_for_times_out) {
    start();
    client_->get("/services/data/");
    client_->get("/services/data/");
    const fake_stats s = fake_->stats();
    EXPECT_EQ(s.requests, 2);
    EXPECT_EQ(s.requests_by_path.at("/services/data/"), 2);
    EXPECT_TRUE(fake_->wait_for([](const fake_stats& st) { return st.requests == 2; }, 1s));
    EXPECT_FALSE(fake_->wait_for([](const fake_stats& st) { return st.requests == 3; }, 50ms));
    ASSERT_EQ(fake_->requests().size(), 2u);
    EXPECT_EQ(fake_->requests()[0].status, 200);
}

TEST_F(fake_salesforce_test, stop_closes_connections_promptly) {
    start();
    EXPECT_EQ(client_->get("/services/data/").status, 200u);
    fake_->stop();
    const http_result r = client_->get("/services/data/");
    EXPECT_FALSE(r.complete);
    fake_->stop();  // idempotent
}

}  // namespace
}  // namespace sfc::test
