// The Elasticsearch sink against the fake Elasticsearch, over plain HTTP and HTTPS: ids, partial
// failures, retries, dead letters, auth and gzip.
#include "fake_siem/fake_elasticsearch.hpp"
#include "pki/test_pki.hpp"
#include "sinks/elasticsearch_sink.hpp"
#include "sinks/sink_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
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

std::vector<event> make_events(int count, const std::string& extra = "") {
    std::vector<event> out;
    for (int i = 0; i < count; ++i) {
        out.push_back({"0AT000000000001-" + std::to_string(i),
                       R"({"n":)" + std::to_string(i) + R"(,"tag":")" + extra + R"("})"});
    }
    return out;
}

fake_es_options with_tls() {
    fake_es_options o;
    o.tls = true;
    return o;
}

fake_es_options with_api_key(std::string key) {
    fake_es_options o;
    o.api_key = std::move(key);
    return o;
}

fake_es_options with_basic(std::string username, std::string password) {
    fake_es_options o;
    o.username = std::move(username);
    o.password = std::move(password);
    return o;
}

class ElasticsearchSinkTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { pki_ = new sfc::test::tls_pki(sfc::test::make_tls_pki()); }
    static void TearDownTestSuite() { delete pki_; }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    fake_elasticsearch& start(fake_es_options options = {}) {
        if (options.tls) {
            options.tls_cert_pem = pki_->server_cert_pem;
            options.tls_key_pem = pki_->server_key_pem;
            options.tls_ca_pem = pki_->ca_cert_pem;
        }
        fake_.emplace(std::move(options));
        return *fake_;
    }

    config::sink_config sink_config() {
        config::sink_config c;
        c.type = config::sink_type::elasticsearch;
        c.http.url = fake_->base_url();
        c.http.index = "logs-sfdc";
        if (!fake_->ca_cert_pem().empty()) {
            c.http.tls.ca_file = dir_ / "ca.pem";
            sfc::test::write_file(c.http.tls.ca_file, fake_->ca_cert_pem());
        }
        return c;
    }

    config::secret_ref secret_file(std::string_view value) {
        const auto path = dir_ / ("secret" + std::to_string(++secrets_));
        sfc::test::write_file(path, std::string(value) + "\n");
        return {path, {}};
    }

    std::unique_ptr<elasticsearch_sink> make(const config::sink_config& c) {
        return make_elasticsearch_sink(c, io_.get_executor());
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

    void stop(sfc::sink& sink) {
        boost::asio::co_spawn(io_, sink.stop(), boost::asio::detached);
        io_.restart();
        io_.run();
    }

    void expect_each_once(const std::vector<event>& events) {
        const auto docs = fake_->documents();
        ASSERT_EQ(docs.size(), events.size());
        for (const auto& e : events) {
            const auto doc = fake_->document("logs-sfdc", e.id);
            ASSERT_TRUE(doc) << e.id;
            EXPECT_EQ(doc->source, e.json);
            EXPECT_EQ(doc->version, 1);
        }
    }

    static inline sfc::test::tls_pki* pki_ = nullptr;
    boost::asio::io_context io_;
    std::optional<fake_elasticsearch> fake_;
    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-es-sink");
    int secrets_ = 0;
};

TEST_F(ElasticsearchSinkTest, PlainHttpIndexesEveryEventOnceWithItsId) {
    start();
    auto sink = make(sink_config());
    EXPECT_EQ(sink->name(), "elasticsearch:" + fake_->base_url());
    const auto events = make_events(50);
    const auto r = send(*sink, events);
    EXPECT_EQ(r.status, send_status::ok) << r.detail;
    EXPECT_TRUE(r.rejected.empty());
    expect_each_once(events);
    EXPECT_EQ(sink->accepted(), 50u);
    const auto requests = fake_->requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_THAT(requests[0].target, ::testing::StartsWith("/_bulk?filter_path="));
    EXPECT_EQ(requests[0].content_type, "application/x-ndjson");
    EXPECT_EQ(requests[0].authorization, "");
    stop(*sink);
}

TEST_F(ElasticsearchSinkTest, HttpsWithTheTestCaAndAPathPrefix) {
    start(with_tls());
    auto config = sink_config();
    config.http.url = fake_->base_url() + "/proxy/es/";
    auto sink = make(config);
    EXPECT_EQ(sink->name(), "elasticsearch:" + fake_->base_url());
    const auto events = make_events(5);
    const auto r = send(*sink, events);
    EXPECT_EQ(r.status, send_status::ok) << r.detail;
    expect_each_once(events);
    EXPECT_THAT(fake_->requests().at(0).target, ::testing::StartsWith("/proxy/es/_bulk?"));
    stop(*sink);
}

TEST_F(ElasticsearchSinkTest, HttpsWithoutTheCaFailsTheHandshakeAsARetry) {
    start(with_tls());
    auto config = sink_config();
    config.http.tls.ca_file.clear();
    auto sink = make(config);
    const auto r = send(*sink, make_events(1));
    EXPECT_EQ(r.status, send_status::retry);
    EXPECT_THAT(r.detail, HasSubstr("TLS handshake failed"));
    EXPECT_EQ(fake_->stats().requests, 0);
}

TEST_F(ElasticsearchSinkTest, ThrottledItemsAreResentAndEveryDocumentEndsUpOnce) {
    start();
    fake_->throttle_documents_with("slow", 1);
    auto sink = make(sink_config());
    auto events = make_events(10);
    for (const int i : {2, 5, 9}) events[static_cast<std::size_t>(i)].json.insert(1, "\"slow\":1,");

    const auto first = send(*sink, events);
    ASSERT_EQ(first.status, send_status::partial) << first.detail;
    EXPECT_EQ(first.retry, (std::vector<std::size_t>{2, 5, 9}));
    EXPECT_THAT(first.detail, HasSubstr("3 of 10 documents to send again"));
    EXPECT_THAT(first.detail, HasSubstr("429 es_rejected_execution_exception"));
    EXPECT_TRUE(first.rejected.empty());
    EXPECT_EQ(fake_->documents().size(), 7u);

    // What the dispatcher does: only the positions asked for.
    std::vector<event> again;
    for (const auto i : first.retry) again.push_back(events[i]);
    const auto second = send(*sink, again);
    EXPECT_EQ(second.status, send_status::ok) << second.detail;
    expect_each_once(events);

    // A whole-batch resend (after a crash, say): every item a 409, counted, not an error.
    const auto third = send(*sink, events);
    EXPECT_EQ(third.status, send_status::ok) << third.detail;
    EXPECT_TRUE(third.rejected.empty());
    expect_each_once(events);
    EXPECT_EQ(sink->accepted(), 10u);
    EXPECT_EQ(sink->duplicates(), 10u);
    EXPECT_EQ(sink->retried(), 3u);
    EXPECT_EQ(sink->rejected(), 0u);
    EXPECT_EQ(fake_->stats().conflicts, 10);
}

TEST_F(ElasticsearchSinkTest, MappingErrorIsRejectedWithItsReasonAndTheRestAccepted) {
    start();
    fake_->reject_documents_with("\"bad\"");
    auto sink = make(sink_config());
    auto events = make_events(4);
    events[1].json = R"({"n":"bad"})";
    const auto r = send(*sink, events);
    EXPECT_EQ(r.status, send_status::ok) << r.detail;
    ASSERT_EQ(r.rejected.size(), 1u);
    EXPECT_EQ(r.rejected[0].index, 1u);
    EXPECT_THAT(r.rejected[0].reason, ::testing::StartsWith("400 mapper_parsing_exception: "));
    EXPECT_THAT(r.rejected[0].reason, HasSubstr(events[1].id));
    EXPECT_THAT(r.rejected[0].reason, HasSubstr("caused by illegal_argument_exception"));
    EXPECT_THAT(r.detail, HasSubstr("1 of 4 documents refused"));
    EXPECT_EQ(fake_->documents().size(), 3u);
    EXPECT_FALSE(fake_->document("logs-sfdc", events[1].id));
    EXPECT_EQ(sink->accepted(), 3u);
    EXPECT_EQ(sink->rejected(), 1u);
}

TEST_F(ElasticsearchSinkTest, Http503IsARetryWithRetryAfterThenTheBatchGoesThrough) {
    start();
    fake_->fail_next(503, 1, 7s);
    auto sink = make(sink_config());
    const auto events = make_events(3);
    const auto r = send(*sink, events);
    EXPECT_EQ(r.status, send_status::retry);
    ASSERT_TRUE(r.retry_after);
    EXPECT_EQ(*r.retry_after, 7000ms);
    EXPECT_THAT(r.detail, HasSubstr("HTTP 503"));
    EXPECT_THAT(r.detail, HasSubstr("cluster_block_exception"));
    EXPECT_TRUE(fake_->documents().empty());
    EXPECT_EQ(sink->retried(), 3u);

    const auto again = send(*sink, events);
    EXPECT_EQ(again.status, send_status::ok) << again.detail;
    expect_each_once(events);
}

TEST_F(ElasticsearchSinkTest, Http429And500AreRetriesWithoutRetryAfter) {
    start();
    fake_->fail_next(429);
    fake_->fail_next(500);
    auto sink = make(sink_config());
    const auto events = make_events(2);
    for (int i = 0; i < 2; ++i) {
        const auto r = send(*sink, events);
        EXPECT_EQ(r.status, send_status::retry);
        EXPECT_FALSE(r.retry_after);
    }
    EXPECT_EQ(send(*sink, events).status, send_status::ok);
}

TEST_F(ElasticsearchSinkTest, Http400IsFatalWithTheErrorTypeAndReason) {
    start();
    fake_->fail_next(400);
    auto sink = make(sink_config());
    const auto r = send(*sink, make_events(2));
    EXPECT_EQ(r.status, send_status::fatal);
    EXPECT_THAT(r.detail, HasSubstr("HTTP 400"));
    EXPECT_THAT(r.detail, HasSubstr("illegal_argument_exception: scripted fault"));
}

TEST_F(ElasticsearchSinkTest, Http413IsFatalForABatchAndARejectionForOneEvent) {
    start();
    fake_->fail_next(413, 2);
    auto sink = make(sink_config());
    const auto batch = send(*sink, make_events(2));
    EXPECT_EQ(batch.status, send_status::fatal);
    EXPECT_THAT(batch.detail, HasSubstr("batch_max_bytes"));
    const auto single = send(*sink, make_events(1));
    EXPECT_EQ(single.status, send_status::ok);
    ASSERT_EQ(single.rejected.size(), 1u);
    EXPECT_THAT(single.rejected[0].reason, HasSubstr("413"));
}

TEST_F(ElasticsearchSinkTest, WrongApiKeyIsFatalNamingTheCredentialsButNotTheKey) {
    start(with_api_key("right-key-123"));
    auto config = sink_config();
    config.http.auth = config::http_auth::api_key;
    config.http.secret = secret_file("wrong-key-456");
    auto sink = make(config);
    const auto r = send(*sink, make_events(1));
    EXPECT_EQ(r.status, send_status::fatal);
    EXPECT_THAT(r.detail, HasSubstr("HTTP 401"));
    EXPECT_THAT(r.detail, HasSubstr("credentials"));
    EXPECT_THAT(r.detail, HasSubstr("secret_file or secret_env"));
    EXPECT_THAT(r.detail, Not(HasSubstr("wrong-key-456")));
    EXPECT_EQ(fake_->stats().unauthorized, 1);

    config.http.secret = secret_file("right-key-123");
    auto good = make(config);
    EXPECT_EQ(send(*good, make_events(1)).status, send_status::ok);
    EXPECT_EQ(fake_->requests().back().authorization, "ApiKey right-key-123");
}

TEST_F(ElasticsearchSinkTest, BasicAuthAndGzipBodiesAreAccepted) {
    start(with_basic("elastic", "changeme"));
    auto config = sink_config();
    config.http.auth = config::http_auth::basic;
    config.http.username = "elastic";
    config.http.secret = secret_file("changeme");
    config.http.gzip = true;
    auto sink = make(config);
    const auto events = make_events(200, std::string(100, 'x'));
    const auto r = send(*sink, events);
    EXPECT_EQ(r.status, send_status::ok) << r.detail;
    expect_each_once(events);
    EXPECT_EQ(fake_->stats().gzip_requests, 1);
    EXPECT_EQ(fake_->requests().at(0).content_encoding, "gzip");
}

// The benchmarks' receiver: it must still tell a resend from new documents.
TEST_F(ElasticsearchSinkTest, CountingOnlyFakeCountsAndAnswersRepeatsWithoutKeepingDocuments) {
    fake_es_options options;
    options.count_only = true;
    start(std::move(options));
    auto sink = make(sink_config());
    const auto events = make_events(20);
    EXPECT_EQ(send(*sink, events).status, send_status::ok);
    EXPECT_EQ(send(*sink, events).status, send_status::ok);
    EXPECT_EQ(sink->accepted(), 20u);
    EXPECT_EQ(sink->duplicates(), 20u);
    EXPECT_EQ(fake_->stats().documents, 20u);
    EXPECT_EQ(fake_->stats().conflicts, 20);
    EXPECT_TRUE(fake_->documents().empty());
    const auto requests = fake_->requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_TRUE(requests[0].body.empty());
    stop(*sink);
}

TEST_F(ElasticsearchSinkTest, PeerDownIsARetryAndTheSinkReconnectsWhenItIsBack) {
    start();
    auto sink = make(sink_config());
    EXPECT_EQ(send(*sink, make_events(1)).status, send_status::ok);
    fake_->set_down(true);
    const auto down = send(*sink, make_events(2));
    EXPECT_EQ(down.status, send_status::retry);
    EXPECT_THAT(down.detail, HasSubstr(fake_->base_url()));
    fake_->set_down(false);
    const auto events = make_events(2);
    EXPECT_EQ(send(*sink, events).status, send_status::ok);
    EXPECT_EQ(fake_->documents().size(), 2u);  // ids 0 and 1; id 0 was a 409 this time
    EXPECT_EQ(sink->duplicates(), 1u);
}

TEST_F(ElasticsearchSinkTest, SettingsItCannotHonourAreOneLineErrors) {
    start();
    const auto error_of = [&](const config::sink_config& c) -> std::string {
        try {
            make(c);
        } catch (const sink_error& e) {
            return e.what();
        }
        return "no error";
    };
    auto config = sink_config();
    config.name = "es";
    config.http.tls.cert_file = dir_ / "client.pem";
    EXPECT_THAT(error_of(config), HasSubstr("sink 'es': tls.cert_file"));

    config = sink_config();
    config.http.index.clear();
    EXPECT_THAT(error_of(config), HasSubstr("index is empty"));

    config = sink_config();
    config.http.url = "http://elastic:hunter2@127.0.0.1:9200";
    const auto with_credentials = error_of(config);
    EXPECT_THAT(with_credentials, HasSubstr("carries credentials"));
    EXPECT_THAT(with_credentials, Not(HasSubstr("hunter2")));

    config = sink_config();
    config.http.auth = config::http_auth::basic;
    config.http.secret = secret_file("pw");
    EXPECT_THAT(error_of(config), HasSubstr("username is empty"));

    config = sink_config();
    config.http.auth = config::http_auth::api_key;
    config.http.secret = {{}, "SFC_ES_TEST_UNSET_VARIABLE"};
    EXPECT_THAT(error_of(config), HasSubstr("SFC_ES_TEST_UNSET_VARIABLE is not set"));
}

}  // namespace
}  // namespace sfc::sinks
