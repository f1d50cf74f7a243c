#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sinks/es_bulk.hpp"

namespace sfc::sinks::es_bulk {
namespace {

std::string item(int status, const std::string& error = "") {
    std::string out = R"({"create":{"_index":"logs","_id":"x","status":)" + std::to_string(status);
    if (!error.empty()) out += R"(,"error":)" + error;
    return out + "}}";
}

std::string answer(bool errors, const std::vector<std::string>& items) {
    std::string out =
        std::string(R"({"took":5,"errors":)") + (errors ? "true" : "false") + R"(,"items":[)";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]}";
}

TEST(EsBulkBody, IsCreateActionAndSourcePerEventEndingWithNewline) {
    const std::vector<event> events{{"id-1", R"({"a":1})"}, {"id\"2", R"({"b":"x\ny"})"}};
    std::string body;
    append_body(body, events, "logs-sfdc");
    EXPECT_EQ(body,
              "{\"create\":{\"_index\":\"logs-sfdc\",\"_id\":\"id-1\"}}\n"
              "{\"a\":1}\n"
              "{\"create\":{\"_index\":\"logs-sfdc\",\"_id\":\"id\\\"2\"}}\n"
              "{\"b\":\"x\\ny\"}\n");
}

TEST(EsBulkBody, AppendsToWhatIsThereAndAddsNothingForNoEvents) {
    std::string body = "keep";
    append_body(body, {}, "i");
    EXPECT_EQ(body, "keep");
}

TEST(EsBulkResponse, ErrorsFalseAcceptsEveryDocument) {
    response_reader reader;
    const auto out = reader.read(answer(false, {item(201), item(201), item(200)}), 3);
    ASSERT_TRUE(out.complete) << out.problem;
    EXPECT_EQ(out.accepted, 3u);
    EXPECT_EQ(out.duplicates, 0u);
    EXPECT_TRUE(out.retry.empty());
    EXPECT_TRUE(out.rejected.empty());
}

TEST(EsBulkResponse, MixedItemsAreSplitByPosition) {
    response_reader reader;
    const auto body =
        answer(true,
               {item(201),
                item(409, R"({"type":"version_conflict_engine_exception","reason":"exists"})"),
                item(429, R"({"type":"es_rejected_execution_exception","reason":"queue full"})"),
                item(400,
                     R"({"type":"mapper_parsing_exception","reason":"failed to parse field [n]",)"
                     R"("caused_by":{"type":"illegal_argument_exception","reason":"For input"}})"),
                item(500, R"({"type":"internal_server_error","reason":"boom"})"),
                item(200)});
    const auto out = reader.read(body, 6);
    ASSERT_TRUE(out.complete) << out.problem;
    EXPECT_EQ(out.accepted, 2u);
    EXPECT_EQ(out.duplicates, 1u);
    EXPECT_EQ(out.retry, (std::vector<std::size_t>{2, 4}));
    EXPECT_EQ(out.retry_reason, "429 es_rejected_execution_exception: queue full");
    ASSERT_EQ(out.rejected.size(), 1u);
    EXPECT_EQ(out.rejected[0].index, 3u);
    EXPECT_EQ(out.rejected[0].reason,
              "400 mapper_parsing_exception: failed to parse field [n] (caused by "
              "illegal_argument_exception: For input)");
}

TEST(EsBulkResponse, FilteredAnswerWithOtherActionNamesIsRead) {
    response_reader reader;
    const auto out =
        reader.read(R"({"errors":true,"items":[{"index":{"status":201}},{"create":{"status":404,)"
                    R"("error":{"type":"index_not_found_exception","reason":"no such index"}}}]})",
                    2);
    ASSERT_TRUE(out.complete) << out.problem;
    EXPECT_EQ(out.accepted, 1u);
    ASSERT_EQ(out.rejected.size(), 1u);
    EXPECT_EQ(out.rejected[0].reason, "404 index_not_found_exception: no such index");
}

TEST(EsBulkResponse, ItemCountOtherThanTheBatchIsUnusable) {
    response_reader reader;
    const auto out = reader.read(answer(false, {item(201), item(201)}), 3);
    EXPECT_FALSE(out.complete);
    EXPECT_NE(out.problem.find("2 items for 3 documents"), std::string::npos) << out.problem;
    EXPECT_EQ(out.accepted, 0u);
}

TEST(EsBulkResponse, GarbageAndMissingPartsAreUnusable) {
    response_reader reader;
    for (const std::string& body : {std::string("<html>502 Bad Gateway</html>"),
                                    std::string(""),
                                    std::string(R"({"errors":true})"),
                                    std::string(R"({"errors":true,"items":[{"create":{}}]})"),
                                    std::string(R"({"errors":true,"items":[42]})"),
                                    std::string(R"({"errors":true,"items":[{"a":{"status":201},)"
                                                R"("b":{"status":201}}]})")}) {
        const auto out = reader.read(body, 1);
        EXPECT_FALSE(out.complete) << body;
        EXPECT_FALSE(out.problem.empty()) << body;
        EXPECT_EQ(out.problem.find('\n'), std::string::npos) << body;
    }
}

TEST(EsBulkResponse, ReasonsAreOneLineAndCut) {
    response_reader reader;
    const std::string long_reason(1000, 'r');
    const auto out = reader.read(
        answer(true, {item(400, R"({"type":"t","reason":"line1\nline2 )" + long_reason + "\"}")}),
        1);
    ASSERT_TRUE(out.complete) << out.problem;
    ASSERT_EQ(out.rejected.size(), 1u);
    const auto& reason = out.rejected[0].reason;
    EXPECT_LE(reason.size(), max_reason_bytes);
    EXPECT_EQ(reason.find('\n'), std::string::npos);
    EXPECT_TRUE(reason.starts_with("400 t: line1 line2 rrr")) << reason;
    EXPECT_TRUE(reason.ends_with("...")) << reason;
}

TEST(EsBulkResponse, ReaderIsReusable) {
    response_reader reader;
    EXPECT_FALSE(reader.read("nope", 1).complete);
    EXPECT_TRUE(reader.read(answer(false, {item(201)}), 1).complete);
}

TEST(EsBulkOneLine, KeepsMultiByteCharactersWhole) {
    const std::string s = "ab\xC3\xA9\xC3\xA9\xC3\xA9";  // "abééé"
    const auto cut = one_line(s, 7);                     // room for 4 bytes before "..."
    EXPECT_EQ(cut, "ab\xC3\xA9...");
    EXPECT_EQ(one_line("a\r\nb\tc  \n"), "a  b c");
}

TEST(EsBulkErrorSummary, ReadsTheErrorObjectOrTheBodyStart) {
    EXPECT_EQ(error_summary(R"({"error":{"root_cause":[],"type":"index_not_found_exception",)"
                            R"("reason":"no such index [x]"},"status":404})"),
              "index_not_found_exception: no such index [x]");
    EXPECT_EQ(error_summary(R"({"error":"Incorrect HTTP method","status":405})"),
              "Incorrect HTTP method");
    EXPECT_EQ(error_summary("Bad Gateway\n<hr>"), "Bad Gateway <hr>");
}

}  // namespace
}  // namespace sfc::sinks::es_bulk
