// The parts several sink types share: `tls:` and `batch:`.

#include <openssl/crypto.h>

#include <algorithm>

#include "config/duration.hpp"
#include "config/numbers.hpp"
#include "config/sink_sections.hpp"
#include "config/url.hpp"
#include "platform/file.hpp"

namespace sfc::config {
namespace {

constexpr std::uint64_t max_batch_events = 1'000'000;
constexpr std::chrono::milliseconds max_linger{std::chrono::hours(1)};

/// cert_file without key_file (or the reverse) cannot make a client certificate.
void require_pair(const yaml_reader& reader, const mapping& tls) {
    auto cert = tls.find("cert_file");
    auto key = tls.find("key_file");
    if (cert && !key) {
        reader.fail(*cert,
                    "cert_file is given without key_file",
                    "add key_file: with the certificate's PEM private key, or remove cert_file");
    }
    if (key && !cert) {
        reader.fail(*key,
                    "key_file is given without cert_file",
                    "add cert_file: with the PEM client certificate, or remove key_file");
    }
}

std::size_t parse_batch_events(const std::string& text) {
    return check_range(parse_count(text), 1, max_batch_events, "use e.g. 500");
}

std::size_t parse_batch_bytes(const std::string& text) {
    return check_range(parse_size(text), 1, max_size_bytes, "use e.g. 1MiB");
}

std::chrono::milliseconds parse_linger(const std::string& text) {
    auto linger = parse_duration_ms(text);
    if (linger > max_linger) {
        throw value_error("the linger is longer than 1h",
                          "use a few seconds at most, e.g. 1s: events wait this long for a batch "
                          "to fill");
    }
    return linger;
}

/// A certificate and a key that do not belong together fail the TLS set-up only when the sink
/// connects; the config refuses them on the key_file line.
void check_key_pair(const section_context& context,
                    const field& key_at,
                    const tls_client_config& tls) {
    std::string cert;
    std::string key;
    if (!platform::read_small_file(tls.cert_file, platform::max_key_file_size, cert) ||
        !platform::read_small_file(tls.key_file, platform::max_key_file_size, key)) {
        return;  // read_input_file reported it
    }
    const std::string problem = key_pair_problem(cert, key);
    OPENSSL_cleanse(key.data(), key.size());
    if (!problem.empty()) {
        context.reader.fail(key_at,
                            "the key " + problem,
                            "give the key made with that certificate, or the certificate made "
                            "with this key");
    }
}

}  // namespace

tls_client_config read_tls(const section_context& context, const field& at) {
    const yaml_reader& reader = context.reader;
    mapping tls = reader.read_mapping(
        at, {"ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"});
    require_pair(reader, tls);
    tls_client_config out;
    if (auto file = tls.find("ca_file")) {
        if (auto ca = read_input_file(context, *file, ca_bundle_file)) out.ca_file = ca->path;
    }
    if (auto file = tls.find("cert_file")) {
        auto cert = read_input_file(
            context,
            *file,
            {"a PEM client certificate", platform::max_key_file_size, pem_kind::certificates});
        if (cert) out.cert_file = cert->path;
    }
    if (auto file = tls.find("key_file")) {
        auto key = read_input_file(context,
                                   *file,
                                   {"the client certificate's unencrypted PEM private key",
                                    platform::max_key_file_size,
                                    pem_kind::private_key});
        if (key) out.key_file = key->path;
    }
    if (context.options.check_files && !out.cert_file.empty() && !out.key_file.empty()) {
        check_key_pair(context, *tls.find("key_file"), out);
    }
    if (auto name = tls.find("server_name")) {
        out.server_name = reader.read_as(*name, normalize_host).value_or("");
    }
    if (auto skip = tls.find("insecure_skip_verify")) {
        out.insecure_skip_verify = reader.read_bool(*skip).value_or(false);
    }
    return out;
}

void read_batch(const yaml_reader& reader, const field& at, sink_config& out) {
    mapping batch = reader.read_mapping(at, {"max_events", "max_bytes", "linger"});
    reader.read_into(batch, "max_events", parse_batch_events, out.batch_max_events);
    reader.read_into(batch, "max_bytes", parse_batch_bytes, out.batch_max_bytes);
    reader.read_into(batch, "linger", parse_linger, out.batch_linger);
}

}  // namespace sfc::config
