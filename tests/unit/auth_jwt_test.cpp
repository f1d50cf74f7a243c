// The JWT bearer assertion: exact header and claims, exp as an integer, and a signature that
// both OpenSSL and PyJWT (an independent implementation) accept with the operator's certificate.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "auth/jwt.hpp"
#include "crypto/encoding.hpp"
#include "pki/test_pki.hpp"

namespace sfc::auth {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

const std::chrono::system_clock::time_point fixed_now{1'700'000'000s + 900ms};
constexpr std::int64_t fixed_now_seconds = 1'700'000'000;

std::vector<std::string> split_token(const std::string& token) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto dot = token.find('.'); dot != std::string::npos; dot = token.find('.', start)) {
        parts.push_back(token.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(token.substr(start));
    return parts;
}

std::string decoded(const std::string& part) {
    auto bytes = crypto::base64url_decode(part);
    EXPECT_TRUE(bytes) << "not unpadded base64url: " << part;
    return bytes.value_or("");
}

bool verify_with_certificate(const std::string& cert_pem,
                             std::string_view data,
                             std::string_view signature) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!cert ||
        EVP_DigestVerifyInit(
            ctx.get(), nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(cert.get())) != 1) {
        return false;
    }
    return EVP_DigestVerify(ctx.get(),
                            reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(data.data()),
                            data.size()) == 1;
}

class jwt_test : public ::testing::Test {
protected:
    jwt_test()
        : identity_(test::make_rsa_identity()),
          key_(crypto::load_private_key_pem(identity_.key_pkcs1_pem, "server.pem")) {}

    test::rsa_identity identity_;
    crypto::private_key key_;
};

TEST(make_claims, expires_180_seconds_after_now_in_whole_seconds) {
    const auto claims = make_claims(
        "3MVG9-consumer", "integration@example.com", "https://login.salesforce.com", fixed_now);
    EXPECT_EQ(claims.iss, "3MVG9-consumer");
    EXPECT_EQ(claims.sub, "integration@example.com");
    EXPECT_EQ(claims.aud, "https://login.salesforce.com");
    EXPECT_EQ(claims.exp, fixed_now_seconds + 180);
}

TEST_F(jwt_test, header_and_claims_are_the_exact_json) {
    const auto claims = make_claims(
        "3MVG9-consumer", "integration@example.com", "https://login.salesforce.com", fixed_now);
    const auto parts = split_token(mint_assertion(key_, claims));
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(decoded(parts[0]), R"({"alg":"RS256","typ":"JWT"})");
    EXPECT_EQ(decoded(parts[1]),
              R"({"iss":"3MVG9-consumer","sub":"integration@example.com",)"
              R"("aud":"https://login.salesforce.com","exp":1700000180})");
    for (const auto& part : parts) EXPECT_EQ(part.find('='), std::string::npos);
}

TEST_F(jwt_test, strings_are_json_escaped) {
    const jwt_claims claims{"id\"with\\quote", "user\nname\x01@é.com", "aud", 42};
    const auto parts = split_token(mint_assertion(key_, claims));
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(decoded(parts[1]),
              "{\"iss\":\"id\\\"with\\\\quote\",\"sub\":\"user\\nname\\u0001@é.com\","
              "\"aud\":\"aud\",\"exp\":42}");
}

TEST_F(jwt_test, signature_verifies_with_the_certificate_public_key) {
    const auto token = mint_assertion(
        key_, make_claims("id", "user@example.com", "https://test.salesforce.com", fixed_now));
    const auto parts = split_token(token);
    ASSERT_EQ(parts.size(), 3u);
    const std::string signing_input = parts[0] + "." + parts[1];
    const std::string signature = decoded(parts[2]);
    EXPECT_EQ(signature.size(), 256u);
    EXPECT_TRUE(verify_with_certificate(identity_.cert_pem, signing_input, signature));
    EXPECT_FALSE(verify_with_certificate(identity_.cert_pem, signing_input + "x", signature));
}

// --- PyJWT --------------------------------------------------------------------------------------

std::filesystem::path verify_script() {
    if (const char* source_dir = std::getenv("SFC_SOURCE_DIR")) {
        return std::filesystem::path(source_dir) / "tests/support/verify_jwt.py";
    }
    return std::filesystem::path(__FILE__).parent_path().parent_path() / "support/verify_jwt.py";
}

struct python_result {
    int exit_code = -1;
    std::string output;
};

std::string quoted(const std::string& text) {
    return "'" + text + "'";
}

/// Runs verify_jwt.py on `token`; the arguments are ours, so quoting them is enough.
python_result run_verify_jwt(const std::filesystem::path& dir,
                             const std::string& cert_pem,
                             const std::string& token,
                             const std::string& audience,
                             const std::string& extra_args) {
    const auto cert_path = dir / "server.crt";
    const auto token_path = dir / "token.jwt";
    test::write_file(cert_path, cert_pem);
    test::write_file(token_path, token);
    const char* python = std::getenv("SFC_PYTHON");
    const std::string command = quoted(python ? python : "/usr/bin/python3") + " " +
                                quoted(verify_script().string()) + " " +
                                quoted(cert_path.string()) + " " + quoted(audience) + " " +
                                extra_args + " < " + quoted(token_path.string()) + " 2>&1";
    python_result result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 512> buffer{};
    std::size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.output.append(buffer.data(), got);
    }
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

class pyjwt_test : public jwt_test {
protected:
    void SetUp() override {
        ASSERT_TRUE(std::filesystem::exists(verify_script())) << verify_script();
        dir_ = test::make_temp_dir("sfc-auth-jwt");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    python_result verify(const std::string& cert_pem,
                         const std::string& token,
                         const std::string& audience) {
        return run_verify_jwt(dir_,
                              cert_pem,
                              token,
                              audience,
                              "--iss 3MVG9-consumer --sub integration@example.com --now " +
                                  std::to_string(fixed_now_seconds));
    }

    std::string good_token() const {
        return mint_assertion(key_,
                              make_claims("3MVG9-consumer",
                                          "integration@example.com",
                                          "https://login.salesforce.com",
                                          fixed_now));
    }

    std::filesystem::path dir_;
};

TEST_F(pyjwt_test, accepts_our_assertion_and_reads_the_claims) {
    const auto result = verify(identity_.cert_pem, good_token(), "https://login.salesforce.com");
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_THAT(result.output,
                HasSubstr(R"({"aud": "https://login.salesforce.com", "exp": 1700000180, )"
                          R"("iss": "3MVG9-consumer", "sub": "integration@example.com"})"));
}

TEST_F(pyjwt_test, rejects_an_assertion_signed_by_another_key) {
    const auto other = test::make_rsa_identity("someone-else");
    const auto result = verify(other.cert_pem, good_token(), "https://login.salesforce.com");
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_THAT(result.output, HasSubstr("InvalidSignatureError"));
}

TEST_F(pyjwt_test, rejects_another_audience) {
    const auto result = verify(identity_.cert_pem, good_token(), "https://test.salesforce.com");
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_THAT(result.output, HasSubstr("InvalidAudienceError"));
}

TEST_F(pyjwt_test, rejects_an_expiry_beyond_three_minutes) {
    const auto token = mint_assertion(key_,
                                      jwt_claims{"3MVG9-consumer",
                                                 "integration@example.com",
                                                 "https://login.salesforce.com",
                                                 fixed_now_seconds + 181});
    const auto result = verify(identity_.cert_pem, token, "https://login.salesforce.com");
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_THAT(result.output, HasSubstr("not within 180 s"));
}

}  // namespace
}  // namespace sfc::auth
