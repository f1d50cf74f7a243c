// Reading the token endpoint's 200 answer: the documented sample, unknown fields, and the ids
// taken from the identity URL.

#include <gtest/gtest.h>

#include "auth/token_response.hpp"

namespace sfc::auth {
namespace {

TEST(parse_token_response, reads_the_documented_sample) {
    const auto token = parse_token_response(
        R"({"access_token":"00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog",)"
        R"("scope":"web openid api id","instance_url":"https://yourInstance.salesforce.com",)"
        R"("id":"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS",)"
        R"("token_type":"Bearer"})");
    ASSERT_TRUE(token);
    EXPECT_EQ(token->value, "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog");
    EXPECT_EQ(token->instance_url, "https://yourInstance.salesforce.com");
    EXPECT_EQ(token->org_id, "00Dxx0000001gPLEAY");
    EXPECT_EQ(token->user_id, "005xx000001SwiUAAS");
}

TEST(parse_token_response, ignores_unknown_fields_and_needs_only_the_token) {
    const auto token = parse_token_response(R"({"issued_at":"1278448384422","signature":"abc=",)"
                                            R"("access_token":"tok","extra":{"a":[1]}})");
    ASSERT_TRUE(token);
    EXPECT_EQ(token->value, "tok");
    EXPECT_EQ(token->instance_url, "");
    EXPECT_EQ(token->org_id, "");
    EXPECT_EQ(token->user_id, "");
}

TEST(parse_token_response, identity_url_of_another_shape_leaves_the_ids_empty) {
    for (const char* id : {"https://host/id/",
                           "https://host/id/00D",
                           "https://host/id//005",
                           "https://host/id/00D/005/extra",
                           "https://host/nothing",
                           "42"}) {
        const std::string body = std::string(R"({"access_token":"tok","id":")") + id + "\"}";
        const auto token = parse_token_response(body);
        ASSERT_TRUE(token) << id;
        EXPECT_EQ(token->org_id, "") << id;
        EXPECT_EQ(token->user_id, "") << id;
    }
}

TEST(parse_token_response, refuses_answers_without_a_token) {
    EXPECT_FALSE(parse_token_response(""));
    EXPECT_FALSE(parse_token_response("<html>ok</html>"));
    EXPECT_FALSE(parse_token_response(R"({"access_token":""})"));
    EXPECT_FALSE(parse_token_response(R"({"access_token":42})"));
    EXPECT_FALSE(parse_token_response(R"(["access_token"])"));
    EXPECT_FALSE(parse_token_response(R"({"token_type":"Bearer"})"));
}

}  // namespace
}  // namespace sfc::auth
