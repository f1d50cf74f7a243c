// SOQL object sources end to end: SetupAuditTrail, LoginHistory and the LoginEvent big object,
// each with its own cursor, collected by the sfcollector binary next to EventLogFile.

#include <map>

#include "e2e/collector_fixture.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

class objects : public collector_fixture {
protected:
    void SetUp() override {
        collector_fixture::SetUp();
        start_fake(fake_options());
        now_ = std::chrono::system_clock::now();
    }

    sf_time ago(std::chrono::minutes m) const { return now_ - m; }

    void add_audit(int n, sf_time at) {
        sobject_record r;
        r.fields = {{"Id", "0Ym5j00000" + std::to_string(100000 + n) + "AAA"},
                    {"Action", std::string("PermSetAssign")},
                    {"Section", std::string("Manage Users")},
                    {"Display", "Assigned permission set " + std::to_string(n)},
                    {"CreatedById", std::string("0055j00000AT6I1AAL")},
                    {"CreatedDate", at}};
        fake_->add_record("SetupAuditTrail", r);
    }

    void add_login(int n, sf_time at) {
        sobject_record r;
        r.fields = {{"Id", "0Ya5j00000" + std::to_string(100000 + n) + "AAA"},
                    {"UserId", std::string("0055j00000AT6I1AAL")},
                    {"LoginTime", at},
                    {"LoginType", std::string("Remote Access 2.0")},
                    {"SourceIp", std::string("203.0.113.7")},
                    {"Status", std::string("Success")}};
        fake_->add_record("LoginHistory", r);
    }

    void add_login_event(int n, sf_time at) {
        sobject_record r;
        r.fields = {
            {"Id", std::string("000000000000000AAA")},
            {"EventIdentifier", "7b1c2d3e-0000-4000-8000-" + std::to_string(100000000000 + n)},
            {"EventDate", at},
            {"UserId", std::string("0055j00000AT6I1AAL")},
            {"Username", std::string("someone@example.com")},
            {"SourceIp", std::string("198.51.100.4")}};
        fake_->add_record("LoginEvent", r);
    }

    std::filesystem::path config() {
        return write_config("objects:\n  - SetupAuditTrail\n  - LoginHistory\n  - LoginEvent\n");
    }

    /// Sink lines per sfc.source (the object's name, or "EventLogFile").
    std::map<std::string, std::size_t> per_source() const {
        return sink_lines_by(&sink_line::source);
    }

    sf_time now_;
};

}  // namespace

TEST_F(objects, each_object_is_collected_once_with_its_own_cursor) {
    for (int i = 0; i < 5; ++i) add_audit(i, ago(std::chrono::minutes(60 - i)));
    for (int i = 0; i < 7; ++i) add_login(i, ago(std::chrono::minutes(50 - i)));
    // Several login events in the same millisecond: the tie is broken by EventIdentifier.
    for (int i = 0; i < 6; ++i) add_login_event(i, ago(std::chrono::minutes(40 - i / 3)));
    const auto cfg = config();
    ASSERT_EQ(run("once", cfg).code, 0) << stderr_text();
    auto counts = per_source();
    EXPECT_EQ(counts["SetupAuditTrail"], 5u);
    EXPECT_EQ(counts["LoginHistory"], 7u);
    EXPECT_EQ(counts["LoginEvent"], 6u);

    // A second pass brings only what is new, per object.
    add_audit(10, ago(std::chrono::minutes(5)));
    add_login_event(10, ago(std::chrono::minutes(4)));
    ASSERT_EQ(run("once", cfg).code, 0) << stderr_text();
    counts = per_source();
    EXPECT_EQ(counts["SetupAuditTrail"], 6u);
    EXPECT_EQ(counts["LoginHistory"], 7u);
    EXPECT_EQ(counts["LoginEvent"], 7u);
}

TEST_F(objects, an_object_the_org_does_not_have_fails_alone) {
    for (int i = 0; i < 3; ++i) add_login(i, ago(std::chrono::minutes(30 - i)));
    const auto cfg = write_config("objects:\n  - LoginHistory\n  - ApiEvent\n");
    const auto st = run("once", cfg);
    EXPECT_EQ(st.code, 1) << "a source failed";
    EXPECT_EQ(per_source()["LoginHistory"], 3u);
    EXPECT_NE(stderr_text().find("ApiEvent"), std::string::npos) << stderr_text();
}

// settle reaches the daemon: events newer than it wait for a later pass, the older ones arrive,
// and the start-up line says so.
TEST_F(objects, settle_holds_back_the_newest_events) {
    add_login_event(1, ago(std::chrono::minutes(40)));
    add_login_event(2, ago(std::chrono::minutes(2)));
    add_login(1, ago(std::chrono::minutes(30)));
    add_login(2, ago(std::chrono::minutes(1)));
    const auto cfg = write_config(
        "objects:\n  - {object: LoginEvent, settle: 10m}\n  - {object: LoginHistory, settle: "
        "5m}\n");
    ASSERT_EQ(run("once", cfg).code, 0) << stderr_text();
    auto counts = per_source();
    EXPECT_EQ(counts["LoginEvent"], 1u);
    EXPECT_EQ(counts["LoginHistory"], 1u);
    EXPECT_NE(stderr_text().find("objects LoginEvent (settle 10m), LoginHistory (settle 5m)"),
              std::string::npos)
        << stderr_text();
}
