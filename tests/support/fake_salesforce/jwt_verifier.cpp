#include "fake_salesforce/jwt_verifier.hpp"

#include "fake_salesforce/text_util.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <memory>

namespace sfc::test::fake_sf {
namespace {

template <typename T, void (*Free)(T*)>
struct ossl_deleter {
    void operator()(T* p) const { Free(p); }
};
using bio_ptr = std::unique_ptr<BIO, ossl_deleter<BIO, BIO_free_all>>;
using x509_ptr = std::unique_ptr<X509, ossl_deleter<X509, X509_free>>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, ossl_deleter<EVP_PKEY, EVP_PKEY_free>>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, ossl_deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

// The RSA public key of a certificate, or of a bare PUBLIC KEY PEM.
pkey_ptr load_public_key(std::string_view pem) {
    bio_ptr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    if (!bio) return nullptr;
    if (x509_ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
        return pkey_ptr(X509_get_pubkey(cert.get()));
    }
    bio.reset(BIO_new_mem_buf(pem.data(), int(pem.size())));
    return pkey_ptr(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
}

std::optional<std::int64_t> numeric_exp(simdjson::dom::element e) {
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    std::string_view s;
    if (!e.get_int64().get(i)) return i;
    if (!e.get_uint64().get(u)) return std::int64_t(std::min<std::uint64_t>(u, INT64_MAX));
    if (!e.get_double().get(d) && std::isfinite(d) && std::fabs(d) < 9e18) {
        return std::int64_t(d);
    }
    if (!e.get_string().get(s)) {
        // simple-salesforce sends exp as a string: "1710169200".
        double v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc{} && end == s.data() + s.size() && std::fabs(v) < 9e18) {
            return std::int64_t(v);
        }
    }
    return std::nullopt;
}

bool read_claims(std::string_view json, jwt_assertion& out) {
    simdjson::dom::parser parser;
    simdjson::dom::object claims;
    if (parser.parse(simdjson::padded_string(json)).get_object().get(claims)) return false;
    std::string_view s;
    if (!claims["iss"].get_string().get(s)) out.iss = s;
    if (!claims["sub"].get_string().get(s)) out.subject = s;
    if (!claims["prn"].get_string().get(s)) out.subject = s;
    simdjson::dom::element aud;
    if (!claims["aud"].get(aud)) {
        simdjson::dom::array list;
        if (!aud.get_string().get(s)) {
            out.audiences.emplace_back(s);
        } else if (!aud.get_array().get(list)) {
            for (auto item : list) {
                if (!item.get_string().get(s)) out.audiences.emplace_back(s);
            }
        }
    }
    simdjson::dom::element exp;
    if (!claims["exp"].get(exp)) out.exp = numeric_exp(exp);
    return true;
}

bool header_is_rs256(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::dom::object header;
    if (parser.parse(simdjson::padded_string(json)).get_object().get(header)) return false;
    std::string_view alg;
    return !header["alg"].get_string().get(alg) && alg == "RS256";
}

bool verify(std::string_view signing_input,
            std::string_view signature,
            std::string_view certificate_pem) {
    const pkey_ptr key = load_public_key(certificate_pem);
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return false;
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
        return false;
    }
    return EVP_DigestVerify(ctx.get(),
                            reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(signing_input.data()),
                            signing_input.size()) == 1;
}

}  // namespace

std::optional<jwt_assertion> parse_jwt(std::string_view text) {
    const std::size_t first = text.find('.');
    const std::size_t second = first == std::string_view::npos ? first : text.find('.', first + 1);
    if (second == std::string_view::npos || text.find('.', second + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    const auto header = base64_decode(text.substr(0, first));
    const auto claims = base64_decode(text.substr(first + 1, second - first - 1));
    const auto signature = base64_decode(text.substr(second + 1));
    if (!header || !claims || !signature || signature->empty()) return std::nullopt;
    if (!header_is_rs256(*header)) return std::nullopt;
    jwt_assertion out;
    out.signing_input = std::string(text.substr(0, second));
    out.signature = *signature;
    if (!read_claims(*claims, out)) return std::nullopt;
    return out;
}

bool verify_rs256(std::string_view signing_input,
                  std::string_view signature,
                  std::string_view certificate_pem) {
    const bool ok = verify(signing_input, signature, certificate_pem);
    // Failures leave entries on this thread's OpenSSL error queue, where the server's next TLS
    // operation would misread them as its own.
    ERR_clear_error();
    return ok;
}

}  // namespace sfc::test::fake_sf
