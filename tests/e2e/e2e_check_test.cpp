// sfcollector check as an operator runs it: one line per step against the fake Salesforce and
// the fake SIEMs, the exit code of the first failure, and what each failure tells to fix.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>

#include <sstream>

#include "e2e/collector_fixture.hpp"
#include "fake_siem/fake_elasticsearch.hpp"
#include "fake_siem/fake_splunk_hec.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

struct check_result {
    int code = -1;
    std::string out;  ///< stdout: the report
    /// The report's lines that start with `tag` ("ok   ", "FAIL "...).
    std::vector<std::string> lines(std::string_view tag) const {
        std::vector<std::string> found;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);) {
            if (line.rfind(tag, 0) == 0) found.push_back(line);
        }
        return found;
    }
    /// The first line starting with `prefix`; empty when there is none.
    std::string line(std::string_view prefix) const {
        std::istringstream in(out);
        for (std::string l; std::getline(in, l);) {
            if (l.rfind(prefix, 0) == 0) return l;
        }
        return {};
    }
};

/// A port on 127.0.0.1 that nothing listens on: bound, then released.
std::uint16_t closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

/// A self-signed certificate over `key_pem` valid from `from` to `until` days from now.
std::string certificate_for(const std::string& key_pem, long from_days, long until_days) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())), &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_days * 86400);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), until_days * 86400);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("e2e"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509_set_pubkey(cert.get(), key.get());
    if (!key || X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
        throw std::runtime_error("cannot sign the test certificate");
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
    PEM_write_bio_X509(out.get(), cert.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

class check : public collector_fixture {
protected:
    void SetUp() override {
        collector_fixture::SetUp();
        // The guide's server.pem, as an operator should leave it: readable by its owner only.
        ::chmod((dir_ / "server.pem").c_str(), 0600);
    }

    /// The fake with log files of the last hours and one LoginHistory record.
    void start_with_data(fake_salesforce_options o) {
        start_fake(std::move(o));
        dataset_spec d;
        d.files = 8;
        d.rows_per_file = 3;
        fake_->generate_dataset(d);
        sobject_record login;
        login.fields = {{"Id", std::string("0Ya5j00000AbCdEAAA")},
                        {"UserId", std::string("0055j00000AT6I1AAL")},
                        {"LoginTime", std::chrono::system_clock::now() - 1h},
                        {"Status", std::string("Success")}};
        fake_->add_record("LoginHistory", login);
    }

    /// The fixture's config with `salesforce_lines` added to the salesforce section, `extra`
    /// appended and `sinks` (a YAML list) instead of the file sink when given.
    std::filesystem::path config_with(const std::string& salesforce_lines,
                                      const std::string& extra = "",
                                      const std::string& sinks = "") {
        const auto path = write_config(extra, "server.pem", sinks);
        std::string text = read_file(path);
        const std::string anchor = "  ca_file: ca.pem\n";
        text.replace(text.find(anchor), anchor.size(), anchor + salesforce_lines);
        write_file(path, text);
        return path;
    }

    /// `from` replaced by `to` in the config file.
    static void edit(const std::filesystem::path& config,
                     const std::string& from,
                     const std::string& to) {
        std::string text = read_file(config);
        const auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        write_file(config, text);
    }

    check_result run_check(const std::filesystem::path& config,
                           std::vector<std::string> extra_args = {}) {
        const auto out_file = dir_ / ("check-" + std::to_string(++runs_) + ".out");
        std::vector<std::string> args = {"check", "--config", config.string()};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        child_process child(std::getenv("SFC_BINARY"), args, {}, out_file, dir_ / "stderr.log");
        const auto st = child.wait_for(120s);
        check_result r;
        r.out = read_file(out_file);
        if (!st) {
            ADD_FAILURE() << "sfcollector check did not finish; stdout:\n" << r.out;
            return r;
        }
        r.code = st->signalled ? 128 + st->code : st->code;
        return r;
    }

    int runs_ = 0;
};

}  // namespace

TEST_F(check, every_step_passes_and_the_report_holds_no_secret) {
    start_with_data(fake_options());
    const auto config = config_with("  certificate: server.crt\n", "objects: [LoginHistory]\n");
    const auto r = run_check(config);
    EXPECT_EQ(r.code, 0) << r.out << stderr_text();
    EXPECT_THAT(r.lines("FAIL "), testing::IsEmpty()) << r.out;
    EXPECT_THAT(r.lines("warn "), testing::IsEmpty()) << r.out;
    EXPECT_THAT(r.line("ok   config: "), HasSubstr("is valid (1 org, 1 sink)"));
    EXPECT_THAT(r.line("ok   key: "), HasSubstr("readable only by its owner"));
    EXPECT_THAT(r.line("ok   certificate: "), HasSubstr("matches the key; valid until"));
    EXPECT_THAT(r.line("ok   Salesforce host: "), HasSubstr("DNS, TCP and TLS ok"));
    EXPECT_THAT(r.line("ok   clock: "), HasSubstr("within"));
    EXPECT_THAT(r.line("ok   login: "),
                HasSubstr("token for " + std::string(username) + " (org id " + fake_->org_id()));
    EXPECT_EQ(r.line("ok   api version: "),
              "ok   api version: 64.0 is served (the org's newest is 66.0)");
    EXPECT_THAT(r.line("ok   API usage: "), HasSubstr("max_api_share 50%"));
    EXPECT_THAT(r.line("ok   object LoginHistory: "),
                HasSubstr("readable as " + std::string(username)));
    EXPECT_THAT(r.out, HasSubstr("ok   EventLogFile: readable as"));
    EXPECT_THAT(r.out, HasSubstr("ok   EventLogFile: 4 types in the last day (Hourly): "));
    EXPECT_THAT(r.line("ok   sink file:"), HasSubstr("will be created")) << r.out;
    // Tokens start with the org id and '!'; the key's PEM body never shows.
    EXPECT_THAT(r.out, Not(HasSubstr(fake_->org_id().substr(0, 15) + "!")));
    EXPECT_THAT(r.out, Not(HasSubstr("PRIVATE KEY")));
    // The steps asked the fake what they claim: the versions list, a token, /limits, queries.
    auto stats = fake_->stats();
    EXPECT_EQ(stats.token_ok, 1);
    EXPECT_GE(stats.requests_by_path["/services/data/"], 1);
    EXPECT_EQ(stats.requests_by_path["/services/data/v64.0/limits/"], 1);
    EXPECT_EQ(stats.queries, 3);  // EventLogFile, LoginHistory, the last day's files
}

TEST_F(check, client_credentials_log_in_as_the_run_as_user_without_a_key) {
    auto o = fake_options();
    o.apps.front().client_secret = "e2e-client-secret-4711";
    o.apps.front().run_as_username = username;
    start_with_data(o);
    write_file(dir_ / "client-secret", "e2e-client-secret-4711\n");
    std::ostringstream y;
    y << "salesforce:\n"
      << "  auth: client_credentials\n"
      << "  client_id: " << client_id << "\n"
      << "  client_secret_file: client-secret\n"
      << "  instance_url: " << fake_->base_url() << "\n"
      << "  api_version: \"64.0\"\n"
      << "  ca_file: ca.pem\n"
      << "state_dir: state\n"
      << "sinks:\n  - type: file\n    path: " << sink_path_.string() << "\n";
    write_file(dir_ / "cc.yaml", y.str());
    const auto r = run_check(dir_ / "cc.yaml");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(r.line("ok   key: "), "") << "no key in this flow";
    EXPECT_THAT(r.line("ok   login: "),
                HasSubstr("token for the External Client App's Run As user"));
    EXPECT_THAT(r.out, Not(HasSubstr("e2e-client-secret-4711")));

    write_file(dir_ / "client-secret", "not-the-secret\n");
    const auto refused = run_check(dir_ / "cc.yaml");
    EXPECT_EQ(refused.code, 77) << refused.out;
    EXPECT_THAT(refused.line("FAIL login: "), HasSubstr("invalid_client"));
    EXPECT_THAT(refused.out, Not(HasSubstr("not-the-secret")));
}

TEST_F(check, an_invalid_config_prints_every_error_and_exits_78) {
    start_fake(fake_options());
    const auto config = write_config();
    edit(config, "poll_interval: 1s", "poll_interval: soon");
    edit(config, "api_version: \"64.0\"", "api_version: \"36.0\"");
    const auto r = run_check(config);
    EXPECT_EQ(r.code, 78) << r.out;
    const auto failures = r.lines("FAIL config: ");
    ASSERT_EQ(failures.size(), 2u) << r.out;
    EXPECT_THAT(r.out, HasSubstr("api_version"));
    EXPECT_THAT(r.out, HasSubstr("poll_interval"));
    EXPECT_THAT(r.lines("ok   "), testing::IsEmpty()) << "nothing runs on an invalid config";
    EXPECT_EQ(fake_->stats().requests, 0);
}

TEST_F(check, a_key_others_can_read_is_refused_with_the_fix) {
    start_with_data(fake_options());
    ::chmod((dir_ / "server.pem").c_str(), 0644);
    const auto r = run_check(write_config());
    EXPECT_EQ(r.code, 77) << r.out;
    EXPECT_THAT(r.line("FAIL key: "), HasSubstr("chmod 600"));
    // The key still works, so the other steps still run and tell what else is right.
    EXPECT_THAT(r.line("ok   login: "), HasSubstr("token for"));
}

TEST_F(check, a_certificate_of_another_key_names_the_upload_step) {
    start_with_data(fake_options());
    write_file(dir_ / "other.crt", make_rsa_identity("another key").cert_pem);
    const auto r = run_check(config_with("  certificate: other.crt\n"));
    EXPECT_EQ(r.code, 77) << r.out;
    const auto line = r.line("FAIL certificate: ");
    EXPECT_THAT(line, HasSubstr("was not made from salesforce.private_key"));
    EXPECT_THAT(line, HasSubstr("External Client App Step 9"));
}

TEST_F(check, an_expired_certificate_fails_and_one_near_its_end_warns) {
    start_with_data(fake_options());
    write_file(dir_ / "old.crt", certificate_for(identity_.key_pem, -400, -2));
    auto r = run_check(config_with("  certificate: old.crt\n"));
    EXPECT_EQ(r.code, 77) << r.out;
    EXPECT_THAT(r.line("FAIL certificate: "), HasSubstr("expired on"));

    write_file(dir_ / "old.crt", certificate_for(identity_.key_pem, -300, 10));
    r = run_check(dir_ / "sfcollector.yaml");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_THAT(r.line("warn certificate: "), HasSubstr("matches the key but expires on"));
}

TEST_F(check, an_unreachable_instance_host_exits_69_and_skips_the_api_steps) {
    start_with_data(fake_options());
    const auto config = write_config();
    const std::string closed = "https://127.0.0.1:" + std::to_string(closed_port());
    edit(config, "instance_url: " + fake_->base_url(), "instance_url: " + closed);
    const auto r = run_check(config);
    EXPECT_EQ(r.code, 69) << r.out;
    EXPECT_THAT(r.line("ok   login host: "), HasSubstr(fake_->base_url()));
    const auto line = r.line("FAIL instance host: ");
    EXPECT_THAT(line, HasSubstr("connect failed"));
    EXPECT_THAT(line, HasSubstr("salesforce.instance_url"));
    EXPECT_THAT(r.line("skip api version, API usage, EventLogFile: "), HasSubstr("instance host"));
}

TEST_F(check, a_consumer_key_salesforce_does_not_know) {
    start_with_data(fake_options());
    const auto config = write_config();
    edit(config, std::string("client_id: ") + client_id, "client_id: 3MVG9.not.this.app");
    const auto r = run_check(config);
    EXPECT_EQ(r.code, 77) << r.out;
    const auto line = r.line("FAIL login: ");
    EXPECT_THAT(line, HasSubstr("invalid_client_id"));
    EXPECT_THAT(line, HasSubstr("How to Find Client ID (Consumer Key)"));
    EXPECT_THAT(r.line("skip api version"), HasSubstr("no token"));
}

TEST_F(check, a_user_who_has_not_approved_the_app) {
    auto o = fake_options();
    o.apps.front().approved_usernames.clear();
    start_with_data(o);
    const auto r = run_check(write_config());
    EXPECT_EQ(r.code, 77) << r.out;
    const auto line = r.line("FAIL login: ");
    EXPECT_THAT(line, HasSubstr("user hasn't approved this consumer"));
    EXPECT_THAT(line, HasSubstr("External Client App Step 12"));
}

TEST_F(check, a_key_that_does_not_match_the_uploaded_certificate) {
    auto o = fake_options();
    o.apps.front().certificate_pem = make_rsa_identity("uploaded elsewhere").cert_pem;
    start_with_data(o);
    const auto r = run_check(write_config());
    EXPECT_EQ(r.code, 77) << r.out;
    const auto line = r.line("FAIL login: ");
    EXPECT_THAT(line, HasSubstr("invalid assertion"));
    EXPECT_THAT(line, HasSubstr("External Client App Step 9"));
}

TEST_F(check, a_clock_off_by_more_than_a_jwt_lifetime) {
    sfc::manual_clock ahead(std::chrono::system_clock::now() + 10min);
    auto o = fake_options();
    o.clock = &ahead;
    start_with_data(o);
    const auto r = run_check(write_config());
    EXPECT_EQ(r.code, 77) << r.out;
    EXPECT_THAT(r.line("FAIL clock: "), HasSubstr("behind"));
    EXPECT_THAT(r.line("FAIL login: "), HasSubstr("expired authorization code"));
    fake_->stop();  // before `ahead` goes
}

TEST_F(check, an_api_version_the_org_does_not_serve_names_its_newest) {
    auto o = fake_options();
    o.newest_api_version = 64;
    start_with_data(o);
    const auto config = write_config();
    edit(config, "api_version: \"64.0\"", "api_version: \"99.0\"");
    const auto r = run_check(config);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_THAT(r.line("FAIL api version: "),
                HasSubstr("salesforce.api_version 99.0 is not served by this org"));
    EXPECT_THAT(r.line("FAIL api version: "), HasSubstr("its newest is 64.0"));
    EXPECT_THAT(r.line("skip API usage, EventLogFile: "), Not(testing::IsEmpty())) << r.out;
}

TEST_F(check, once_names_api_version_when_the_org_does_not_serve_it) {
    start_with_data(fake_options());
    const auto config = write_config();
    edit(config, "api_version: \"64.0\"", "api_version: \"99.0\"");
    const auto st = run("once", config);
    EXPECT_EQ(st.code, 1);
    const std::string err = stderr_text();
    EXPECT_THAT(err,
                HasSubstr("salesforce.api_version 99.0 is not served by " + fake_->base_url() +
                          " (HTTP 404 on GET /services/data/v99.0/query)"));
    EXPECT_THAT(err,
                HasSubstr("set it to a version the org lists at " + fake_->base_url() +
                          "/services/data/, e.g. 64.0"));
}

TEST_F(check, an_object_the_user_cannot_read_names_the_permission) {
    start_with_data(fake_options());  // no LoginEvent records: the fake answers INVALID_TYPE
    const auto r = run_check(write_config("objects: [LoginHistory, LoginEvent]\n"));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_THAT(r.line("ok   object LoginHistory: "), Not(testing::IsEmpty())) << r.out;
    const auto line = r.line("FAIL object LoginEvent: ");
    EXPECT_THAT(line, HasSubstr("INVALID_TYPE"));
    EXPECT_THAT(line, HasSubstr("View Real-Time Event Monitoring Data"));
}

TEST_F(check, api_usage_at_max_api_share_fails) {
    start_with_data(fake_options());
    fake_->set_api_limit(1000);
    fake_->set_api_usage(700);
    const auto r = run_check(config_with("  max_api_share: 0.6\n"));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_THAT(r.line("FAIL API usage: "), HasSubstr("of 1000 daily API requests"));
    EXPECT_THAT(r.line("FAIL API usage: "), HasSubstr("max_api_share 60%"));
    EXPECT_THAT(r.out, HasSubstr("ok   EventLogFile: readable")) << "usage below the limit";
}

TEST_F(check, event_types_absent_from_the_last_day_are_warned_about) {
    start_with_data(fake_options());
    const auto config = write_config();
    edit(config, "event_types: [Login, URI, API, Logout]", "event_types: [Login, ReportExport]");
    const auto r = run_check(config);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_THAT(r.line("warn EventLogFile: "), HasSubstr("no Hourly files of ReportExport"));
}

TEST_F(check, a_sink_that_is_down_exits_69) {
    start_with_data(fake_options());
    fake_elasticsearch es;
    es.set_down(true);
    const std::string sinks =
        "  - type: elasticsearch\n    url: " + es.base_url() + "\n    index: logs-salesforce-e2e\n";
    const auto r = run_check(write_config("", "server.pem", sinks));
    EXPECT_EQ(r.code, 69) << r.out;
    EXPECT_THAT(r.line("FAIL sink elasticsearch:" + es.base_url()), HasSubstr("connect failed"))
        << r.out;
    EXPECT_THAT(r.line("ok   login: "), Not(testing::IsEmpty())) << "the org steps all passed";
}

TEST_F(check, elasticsearch_and_hec_answer_with_the_configured_credentials) {
    start_with_data(fake_options());
    fake_es_options eo;
    eo.username = "collector";
    eo.password = "es-secret-123";
    fake_elasticsearch es(eo);
    fake_splunk_hec hec;
    write_file(dir_ / "es-password", "es-secret-123\n");
    write_file(dir_ / "hec-token", hec.token() + "\n");
    write_file(dir_ / "hec-ca.pem", hec.ca_cert_pem());
    const std::string sinks =
        "  - type: elasticsearch\n    url: " + es.base_url() +
        "\n    index: logs-salesforce-e2e\n    auth: basic\n    username: collector\n"
        "    secret_file: es-password\n"
        "  - type: splunk_hec\n    url: " +
        hec.base_url() + "\n    secret_file: hec-token\n    tls: {ca_file: hec-ca.pem}\n";
    const auto config = write_config("", "server.pem", sinks);
    auto r = run_check(config);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_THAT(r.line("ok   sink elasticsearch:"),
                HasSubstr("answered 200 with the configured credentials"))
        << r.out;
    EXPECT_THAT(r.line("ok   sink splunk_hec:"), HasSubstr("/services/collector/health"));
    EXPECT_EQ(hec.stats().health_checks, 1);
    ASSERT_FALSE(es.requests().empty());
    EXPECT_EQ(es.requests().front().method, "GET");
    EXPECT_EQ(es.requests().front().target, "/");
    EXPECT_THAT(r.out, Not(HasSubstr("es-secret-123")));
    EXPECT_THAT(r.out, Not(HasSubstr(hec.token())));

    // A wrong password: the cluster refuses it, which the check names.
    write_file(dir_ / "es-password", "not-the-password\n");
    r = run_check(config);
    EXPECT_EQ(r.code, 77) << r.out;
    EXPECT_THAT(r.line("FAIL sink elasticsearch:"), HasSubstr("credentials are refused"));
}

TEST_F(check, org_picks_one_org_of_several) {
    start_with_data(fake_options());
    std::ostringstream y;
    for (const char* name : {"prod", "broken"}) {
        const bool good = std::string(name) == "prod";
        y << (good ? "orgs:\n" : "") << "  - name: " << name << "\n"
          << "    salesforce:\n"
          << "      private_key: server.pem\n"
          << "      username: " << username << "\n"
          << "      client_id: " << (good ? client_id : "3MVG9.unknown") << "\n"
          << "      instance_url: " << fake_->base_url() << "\n"
          << "      api_version: \"64.0\"\n"
          << "      login_url: " << fake_->base_url() << "\n"
          << "      ca_file: ca.pem\n";
    }
    y << "event_log_file:\n  interval: Hourly\nstate_dir: state\nsinks:\n  - type: file\n"
      << "    path: " << sink_path_.string() << "\n";
    write_file(dir_ / "orgs.yaml", y.str());
    auto r = run_check(dir_ / "orgs.yaml", {"--org", "prod"});
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_THAT(r.line("ok   [prod] login: "), HasSubstr("token for"));
    EXPECT_THAT(r.out, Not(HasSubstr("[broken]")));

    r = run_check(dir_ / "orgs.yaml");
    EXPECT_EQ(r.code, 77) << r.out;
    EXPECT_THAT(r.line("FAIL [broken] login: "), HasSubstr("invalid_client_id"));

    r = run_check(dir_ / "orgs.yaml", {"--org", "nope"});
    EXPECT_EQ(r.code, 78) << r.out;
    EXPECT_THAT(r.line("FAIL config: "), HasSubstr("its orgs are: prod, broken"));
}
