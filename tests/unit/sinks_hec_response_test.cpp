// HEC answers: parsing, and the send result for every row of the status/code table
// (sinks.md §2.5), including the partition an invalid-event-number gives.
#include "sinks/hec_response.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sfc::sinks {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const hec_reply_context plain{"splunk_hec:https://splunk:8088", "security", "file /etc/hec", false};
const hec_reply_context with_ack{"splunk_hec:https://splunk:8088", "", "variable HEC", true};

send_result answer(unsigned status,
                   std::string_view body,
                   std::size_t batch = 5,
                   const hec_reply_context& context = plain) {
    return interpret_hec_reply(status, parse_hec_reply(body), batch, context, std::nullopt);
}

std::vector<std::size_t> rejected_positions(const send_result& r) {
    std::vector<std::size_t> out;
    for (const auto& rejection : r.rejected) out.push_back(rejection.index);
    return out;
}

TEST(HecReply, ParsesEveryField) {
    const auto reply =
        parse_hec_reply(R"({"text":"Invalid data format","code":6,"invalid-event-number":3})");
    EXPECT_EQ(reply.code, 6);
    EXPECT_EQ(reply.text, "Invalid data format");
    EXPECT_EQ(reply.invalid_event, 3u);
    EXPECT_EQ(reply.ack_id, std::nullopt);
    EXPECT_EQ(parse_hec_reply(R"({"text":"Success","code":0,"ackId":42})").ack_id, 42u);
}

TEST(HecReply, AForeignBodyGivesItsFirstLineAndNoCode) {
    const auto reply = parse_hec_reply("<html>Bad Gateway</html>\r\n<body>...");
    EXPECT_EQ(reply.code, std::nullopt);
    EXPECT_EQ(reply.text, "<html>Bad Gateway</html>");
    EXPECT_EQ(parse_hec_reply("").text, "");
}

TEST(HecReply, OneLineCutsLongTextOnACharacterBoundary) {
    const std::string long_text = std::string(199, 'a') + "\xC3\xA9" + "tail\nmore";
    const std::string line = hec_one_line(long_text);
    EXPECT_EQ(line, std::string(199, 'a') + "...");
    EXPECT_EQ(hec_one_line("a\nb\rc"), "a b c");
}

TEST(HecOutcome, SuccessIsOk) {
    const auto r = answer(200, R"({"text":"Success","code":0})");
    EXPECT_EQ(r.status, send_status::ok);
    EXPECT_TRUE(r.rejected.empty());
}

TEST(HecOutcome, BusyAndServerErrorsAreRetriedWithRetryAfter) {
    for (const auto& [status, body] : std::vector<std::pair<unsigned, std::string>>{
             {503, R"({"text":"Server is busy","code":9})"},
             {500, R"({"text":"Internal server error","code":8})"},
             {429, "Too Many Requests"},
             {502, "<html>bad gateway</html>"},
             {408, ""}}) {
        const auto r = interpret_hec_reply(status, parse_hec_reply(body), 5, plain, 7000ms);
        EXPECT_EQ(r.status, send_status::retry) << status;
        EXPECT_EQ(r.retry_after, 7000ms) << status;
        EXPECT_THAT(r.detail, HasSubstr("splunk_hec:https://splunk:8088")) << status;
    }
    EXPECT_THAT(answer(503, R"({"text":"Server is busy","code":9})").detail,
                HasSubstr("Server is busy (HTTP 503, code 9)"));
}

TEST(HecOutcome, TokenProblemsAreFatalAndNameWhereTheTokenComesFrom) {
    for (const auto& [status, body] : std::vector<std::pair<unsigned, std::string>>{
             {403, R"({"text":"Token disabled","code":1})"},
             {401, R"({"text":"Token is required","code":2})"},
             {401, R"({"text":"Invalid authorization","code":3})"},
             {403, R"({"text":"Invalid token","code":4})"}}) {
        const auto r = answer(status, body);
        EXPECT_EQ(r.status, send_status::fatal) << body;
        EXPECT_THAT(r.detail, HasSubstr("HEC token rejected")) << body;
        EXPECT_THAT(r.detail, HasSubstr("check the token in file /etc/hec")) << body;
    }
}

TEST(HecOutcome, ConfigurationCodesAreFatalWithAHint) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"text":"No data","code":5})", "collector bug"},
        {R"({"text":"Incorrect index","code":7,"invalid-event-number":0})",
         "index 'security' (index)"},
        {R"({"text":"Data channel is missing","code":10})", "set ack: true for this sink"},
        {R"({"text":"Invalid data channel","code":11})", "(ack: of this sink)"},
        {R"({"text":"ACK is disabled","code":14})", "set ack: false for this sink"},
        {R"({"text":"Error in handling indexed fields","code":15})", "indexed fields"},
        {R"({"text":"Query string authorization is not enabled","code":16})",
         "Authorization header"},
    };
    for (const auto& [body, hint] : cases) {
        const auto r = answer(400, body);
        EXPECT_EQ(r.status, send_status::fatal) << body;
        EXPECT_THAT(r.detail, HasSubstr(hint)) << body;
        EXPECT_TRUE(r.rejected.empty()) << body;
    }
}

TEST(HecOutcome, OtherClientErrorsAreFatal) {
    EXPECT_THAT(answer(404, "not found").detail, HasSubstr("set url to the HEC base"));
    EXPECT_THAT(answer(413, "").detail, HasSubstr("batch_max_bytes"));
    EXPECT_EQ(answer(405, "").status, send_status::fatal);
}

// What the base classification leaves to HEC: every 5xx is a busy indexer, a redirect is a
// wrong url.
TEST(HecOutcome, RefinesTheHttpClasses) {
    EXPECT_EQ(answer(501, "").status, send_status::retry);
    EXPECT_EQ(answer(599, "").status, send_status::retry);
    EXPECT_THAT(answer(302, "").detail, HasSubstr("check url"));
    EXPECT_EQ(answer(302, "").status, send_status::fatal);
    EXPECT_THAT(answer(407, "").detail, Not(HasSubstr("token")));
}

TEST(HecOutcome, InvalidEventNumberSplitsTheBatch) {
    const auto r =
        answer(400, R"({"text":"Invalid data format","code":6,"invalid-event-number":2})");
    EXPECT_EQ(r.status, send_status::partial);
    EXPECT_THAT(rejected_positions(r), ElementsAre(2u));
    EXPECT_THAT(r.rejected[0].reason, HasSubstr("Invalid data format (HTTP 400, code 6)"));
    EXPECT_THAT(r.retry, ElementsAre(3u, 4u));  // 0 and 1 were taken
    EXPECT_THAT(r.detail, HasSubstr("event 2 of 5"));
}

TEST(HecOutcome, WithAcksTheEventsBeforeTheBadOneAreSentAgainToo) {
    const auto r = answer(
        400, R"({"text":"Invalid data format","code":6,"invalid-event-number":2})", 5, with_ack);
    EXPECT_EQ(r.status, send_status::partial);
    EXPECT_THAT(rejected_positions(r), ElementsAre(2u));
    EXPECT_THAT(r.retry, ElementsAre(0u, 1u, 3u, 4u));
}

TEST(HecOutcome, BadLastEventLeavesNothingToRetry) {
    const auto r =
        answer(400, R"({"text":"Invalid data format","code":6,"invalid-event-number":4})");
    EXPECT_EQ(r.status, send_status::ok);
    EXPECT_THAT(rejected_positions(r), ElementsAre(4u));
    EXPECT_TRUE(r.retry.empty());
}

TEST(HecOutcome, EventFieldCodesAreRejectedOneByOne) {
    const auto r =
        answer(400, R"({"text":"Event field is required","code":12,"invalid-event-number":0})");
    EXPECT_EQ(r.status, send_status::partial);
    EXPECT_THAT(rejected_positions(r), ElementsAre(0u));
    EXPECT_THAT(r.retry, ElementsAre(1u, 2u, 3u, 4u));
    EXPECT_THAT(
        answer(400, R"({"text":"Event field cannot be blank","code":13,"invalid-event-number":1})")
            .retry,
        ElementsAre(2u, 3u, 4u));
}

TEST(HecOutcome, InvalidFormatWithoutAUsablePositionDeadLettersTheBatch) {
    for (const auto* body :
         {R"({"text":"Invalid data format","code":6})",
          R"({"text":"Invalid data format","code":6,"invalid-event-number":9})"}) {
        const auto r = answer(400, body, 3);
        EXPECT_EQ(r.status, send_status::ok) << body;
        EXPECT_THAT(rejected_positions(r), ElementsAre(0u, 1u, 2u)) << body;
        EXPECT_TRUE(r.retry.empty()) << body;
    }
}

TEST(HecOutcome, DetailNeverHoldsMoreThanOneLine) {
    const auto r = answer(500, "line one\nline two");
    EXPECT_THAT(r.detail, Not(HasSubstr("\n")));
    EXPECT_THAT(r.detail, Not(HasSubstr("line two")));
}

}  // namespace
}  // namespace sfc::sinks
