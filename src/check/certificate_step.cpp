#include "check/certificate_step.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace sfc::check {
namespace {

using std::chrono::system_clock;

constexpr std::string_view make_steps =
    "'Creating a Private Key and Self-Signed Digital Certificate', Steps 4 and 5";
constexpr std::string_view upload_step = "External Client App Step 9";

struct x509_deleter {
    void operator()(X509* x) const { X509_free(x); }
};
using x509_ptr = std::unique_ptr<X509, x509_deleter>;

/// PEM (the guide's server.crt) or DER (a .cer exported elsewhere).
x509_ptr parse_certificate(const std::string& bytes) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())), &BIO_free);
    x509_ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) {
        const auto* der = reinterpret_cast<const unsigned char*>(bytes.data());
        cert.reset(d2i_X509(nullptr, &der, static_cast<long>(bytes.size())));
    }
    ERR_clear_error();
    return cert;
}

std::optional<std::string> read_small_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::optional<system_clock::time_point> to_time_point(const ASN1_TIME* t) {
    std::tm tm{};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
    const std::chrono::year_month_day day{std::chrono::year(tm.tm_year + 1900),
                                          std::chrono::month(static_cast<unsigned>(tm.tm_mon + 1)),
                                          std::chrono::day(static_cast<unsigned>(tm.tm_mday))};
    return std::chrono::sys_days(day) + std::chrono::hours(tm.tm_hour) +
           std::chrono::minutes(tm.tm_min) + std::chrono::seconds(tm.tm_sec);
}

std::string date_text(system_clock::time_point t) {
    const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(t)};
    char buf[16];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d-%02u-%02u",
                  static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()),
                  static_cast<unsigned>(day.day()));
    return buf;
}

long whole_days(system_clock::duration d) {
    return static_cast<long>(std::chrono::floor<std::chrono::days>(d).count());
}

verdict judge_dates(const std::string& name,
                    system_clock::time_point not_before,
                    system_clock::time_point not_after,
                    system_clock::time_point now,
                    const std::string& matched) {
    const std::string renew = "make a new one from the key (" + std::string(make_steps) +
                              ") and upload it (" + std::string(upload_step) + ")";
    if (not_after <= now) {
        return failed(name + " expired on " + date_text(not_after) + " (" +
                          std::to_string(whole_days(now - not_after)) +
                          " days ago): Salesforce no longer accepts JWTs checked against it; " +
                          renew,
                      check_refused);
    }
    if (not_after - now < certificate_warning_window) {
        return warning(name + matched + " but expires on " + date_text(not_after) + ", in " +
                       std::to_string(whole_days(not_after - now)) + " days; " + renew +
                       " before then");
    }
    if (not_before > now) {
        return warning(name + matched + " but is valid only from " + date_text(not_before) +
                       "; check this host's clock, or wait");
    }
    return passed(name + matched + "; valid until " + date_text(not_after) + " (" +
                  std::to_string(whole_days(not_after - now)) + " days)");
}

}  // namespace

verdict check_certificate(const std::filesystem::path& certificate,
                          const crypto::private_key* key,
                          system_clock::time_point now) {
    const std::string name = certificate.string();
    const auto bytes = read_small_file(certificate);
    if (!bytes) {
        return failed(name +
                          ": cannot read salesforce.certificate; give the path of server.crt, "
                          "the certificate uploaded to the External Client App (" +
                          std::string(upload_step) + "), or remove the setting",
                      check_config);
    }
    const x509_ptr cert = parse_certificate(*bytes);
    if (!cert) {
        return failed(name +
                          ": salesforce.certificate is not an X.509 certificate (PEM or DER); "
                          "give server.crt from " +
                          std::string(make_steps),
                      check_config);
    }
    std::string matched = " (not compared: the key could not be read)";
    if (key != nullptr) {
        if (EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key->get()) != 1) {
            ERR_clear_error();
            return failed(name +
                              " was not made from salesforce.private_key: Salesforce checks "
                              "the JWT's signature with the uploaded certificate (" +
                              std::string(upload_step) +
                              ") and would refuse it ('invalid assertion'); upload the "
                              "certificate made from this key (" +
                              std::string(make_steps) + ")",
                          check_refused);
        }
        matched = " matches the key";
    }
    const auto not_before = to_time_point(X509_get0_notBefore(cert.get()));
    const auto not_after = to_time_point(X509_get0_notAfter(cert.get()));
    if (!not_before || !not_after) {
        return failed(name + ": the certificate's validity dates cannot be read; make a new one (" +
                          std::string(make_steps) + ")",
                      check_config);
    }
    return judge_dates(name, *not_before, *not_after, now, matched);
}

}  // namespace sfc::check
