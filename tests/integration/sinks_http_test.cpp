// The generic HTTP sink against the fake Elasticsearch's plain receiver (any POST outside _bulk):
// NDJSON lines, gzip, bearer auth, status handling, HTTPS.
#include "fake_siem/fake_elasticsearch.hpp"
#include "pki/test_pki.hpp"
#include "sinks/http_sink.hpp"
#include "sinks/sink_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <optional>

namespace sfc::sinks {
namespace {

using namespace std::chrono_literals;
using sfc::test::fake_elasticsearch;
using sfc::test::fake_es_options;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<event> make_events(int count) {
    std::vector<event> out;
    for (int i = 0; i < count; ++i) {
        out.push_back({"id-" + std::to_string(i),
                       R"({"n":)" + std::to_string(i) + R"(,"user":"u\u00e9@example.com"})"});
    }
    return out;
}

std::vector<std::string> jsons(const std::vector<event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.json);
    return out;
}

class HttpSinkTest : public ::testing::Test {
protected:
    void TearDown() override { std::filesystem::remove_all(dir_); }

    config::sink_config sink_config(const std::string& path = "/ingest") {
        config::sink_config c;
        c.type = config::sink_type::http;
        c.http.url = fake_->base_url() + path;
        if (!fake_->ca_cert_pem().empty()) {
            c.http.tls.ca_file = dir_ / "ca.pem";
            sfc::test::write_file(c.http.tls.ca_file, fake_->ca_cert_pem());
        }
        return c;
    }

    send_result send(sfc::sink& sink, const std::vector<event>& events) {
        std::optional<send_result> result;
        boost::asio::co_spawn(io_, sink.send(events), [&](std::exception_ptr e, send_result r) {
            if (e) std::rethrow_exception(e);
            result = std::move(r);
        });
        io_.restart();
        io_.run();
        EXPECT_TRUE(result.has_value());
        return result.value_or(send_result::failed(send_status::fatal, "send did not finish"));
    }

    std::unique_ptr<http_sink> make(const config::sink_config& c) {
        return make_http_sink(c, io_.get_executor());
    }

    boost::asio::io_context io_;
    std::optional<fake_elasticsearch> fake_;
    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-http-sink");
};

TEST_F(HttpSinkTest, PostsTheBatchAsNdjsonLines) {
    fake_.emplace();
    auto sink = make(sink_config("/ingest?source=sfdc"));
    EXPECT_EQ(sink->name(), "http:" + fake_->base_url() + "/ingest");
    const auto events = make_events(20);
    const auto r = send(*sink, events);
    EXPECT_EQ(r.status, send_status::ok) << r.detail;
    EXPECT_EQ(fake_->received_lines(), jsons(events));
    const auto requests = fake_->requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/ingest?source=sfdc");
    EXPECT_EQ(requests[0].content_type, "application/x-ndjson");
    EXPECT_EQ(requests[0].body.back(), '\n');

    // A second batch on the same sink appends after the first.
    const auto more = make_events(3);
    EXPECT_EQ(send(*sink, more).status, send_status::ok);
    EXPECT_EQ(fake_->received_lines().size(), 23u);
}

TEST_F(HttpSinkTest, GzipBodyWithBearerTokenOverHttps) {
    fake_es_options options;
    options.tls = true;
    options.bearer_token = "tok-987";
    fake_.emplace(options);
    auto config = sink_config();
    config.http.auth = config::http_auth::bearer;
    config.http.secret = {dir_ / "token", {}};
    sfc::test::write_file(dir_ / "token", "tok-987\n");
    config.http.gzip = true;
    auto sink = make(config);
    const auto events = make_events(100);
    const auto r = send(*sink, events);
    EXPECT_EQ(r.status, send_status::ok) << r.detail;
    EXPECT_EQ(fake_->received_lines(), jsons(events));
    EXPECT_EQ(fake_->stats().gzip_requests, 1);
    EXPECT_EQ(fake_->requests().at(0).authorization, "Bearer tok-987");
}

TEST_F(HttpSinkTest, RefusedCredentialsAreFatalWithAHint) {
    fake_es_options options;
    options.bearer_token = "right";
    fake_.emplace(options);
    auto config = sink_config();
    config.http.auth = config::http_auth::bearer;
    config.http.secret = {dir_ / "token", {}};
    sfc::test::write_file(dir_ / "token", "wrong-token-value");
    auto sink = make(config);
    const auto r = send(*sink, make_events(2));
    EXPECT_EQ(r.status, send_status::fatal);
    EXPECT_THAT(r.detail, HasSubstr("HTTP 401"));
    EXPECT_THAT(r.detail, HasSubstr("credentials"));
    EXPECT_THAT(r.detail, Not(HasSubstr("wrong-token-value")));
    EXPECT_TRUE(fake_->received_lines().empty());
}

TEST_F(HttpSinkTest, ServiceUnavailableIsARetryWithRetryAfter) {
    fake_.emplace();
    fake_->fail_next(503, 1, 3s);
    auto sink = make(sink_config());
    const auto r = send(*sink, make_events(2));
    EXPECT_EQ(r.status, send_status::retry);
    ASSERT_TRUE(r.retry_after);
    EXPECT_EQ(*r.retry_after, 3000ms);
    EXPECT_THAT(r.detail, HasSubstr("HTTP 503"));
    EXPECT_EQ(send(*sink, make_events(2)).status, send_status::ok);
}

TEST_F(HttpSinkTest, TooLargeIsFatalForABatchAndRejectsASingleEvent) {
    fake_.emplace();
    fake_->fail_next(413, 2);
    auto sink = make(sink_config());
    const auto batch = send(*sink, make_events(5));
    EXPECT_EQ(batch.status, send_status::fatal);
    EXPECT_THAT(batch.detail, HasSubstr("lower batch_max_bytes"));
    const auto single = send(*sink, make_events(1));
    EXPECT_EQ(single.status, send_status::ok);
    ASSERT_EQ(single.rejected.size(), 1u);
    EXPECT_EQ(single.rejected[0].index, 0u);
}

TEST_F(HttpSinkTest, NotFoundIsFatalPointingAtThePath) {
    fake_.emplace();
    fake_->fail_next(404);
    auto sink = make(sink_config());
    const auto r = send(*sink, make_events(1));
    EXPECT_EQ(r.status, send_status::fatal);
    EXPECT_THAT(r.detail, HasSubstr("HTTP 404"));
    EXPECT_THAT(r.detail, HasSubstr("check the path in url"));
}

TEST_F(HttpSinkTest, UnreachablePeerIsARetryNamingIt) {
    fake_.emplace();
    auto sink = make(sink_config());
    fake_->set_down(true);
    const auto r = send(*sink, make_events(1));
    EXPECT_EQ(r.status, send_status::retry);
    EXPECT_THAT(r.detail, HasSubstr(fake_->base_url()));
    EXPECT_THAT(r.detail, HasSubstr("connect failed"));
}

TEST_F(HttpSinkTest, BadUrlIsAOneLineError) {
    fake_.emplace();
    auto config = sink_config();
    config.name = "siem";
    config.http.url = "ftp://127.0.0.1/x?token=abc";
    try {
        make(config);
        FAIL() << "no error";
    } catch (const sink_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("sink 'siem': url 'ftp://127.0.0.1/x'"));
        EXPECT_THAT(e.what(), Not(HasSubstr("token=abc")));
    }
}

}  // namespace
}  // namespace sfc::sinks
