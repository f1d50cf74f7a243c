// fake-siem: the in-process fake Elasticsearch or Splunk HEC as a program, for the sink
// benchmark and manual testing. Serves until SIGINT or SIGTERM, then prints its counts.
// The fakes keep every document (and the Elasticsearch fake every request body) in memory
// unless --count-only.

#include "fake_siem/fake_elasticsearch.hpp"
#include "fake_siem/fake_splunk_hec.hpp"
#include "pki/test_pki.hpp"
#include "stop_signals.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include <signal.h>

namespace {

constexpr const char* usage =
    "usage: fake-siem (--elasticsearch | --splunk-hec) [options]\n"
    "  --port N            listen on 127.0.0.1:N (default 0: any free port)\n"
    "  --tls               HTTPS (Elasticsearch; Splunk HEC is always TLS)\n"
    "  --ca-out PATH       write the TLS CA certificate (PEM) there, for tls.ca_file\n"
    "  --token T           the HEC token to accept (default: the fake's own)\n"
    "  --count-file PATH   rewrite PATH every 0.25 s with the document/event count\n"
    "  --count-only        keep no documents or bodies, only what counting needs (benchmarks)\n";

struct program_options {
    bool elasticsearch = false;
    bool splunk_hec = false;
    bool tls = false;
    bool count_only = false;
    std::uint16_t port = 0;
    std::string ca_out;
    std::string token;
    std::string count_file;
};

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "fake-siem: %s\n%s", message.c_str(), usage);
    std::exit(2);
}

program_options parse(int argc, char** argv) {
    program_options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--elasticsearch") {
            o.elasticsearch = true;
        } else if (flag == "--splunk-hec") {
            o.splunk_hec = true;
        } else if (flag == "--tls") {
            o.tls = true;
        } else if (flag == "--count-only") {
            o.count_only = true;
        } else if (flag == "--help" || flag == "-h") {
            std::fputs(usage, stdout);
            std::exit(0);
        } else if (i + 1 >= argc) {
            fail("unknown option or missing value: " + std::string(flag));
        } else if (flag == "--port") {
            char* end = nullptr;
            const unsigned long n = std::strtoul(argv[++i], &end, 10);
            if (*end != '\0' || n > 65535) fail("--port needs a number up to 65535");
            o.port = static_cast<std::uint16_t>(n);
        } else if (flag == "--ca-out") {
            o.ca_out = argv[++i];
        } else if (flag == "--token") {
            o.token = argv[++i];
        } else if (flag == "--count-file") {
            o.count_file = argv[++i];
        } else {
            fail("unknown option: " + std::string(flag));
        }
    }
    if (o.elasticsearch == o.splunk_hec) fail("give one of --elasticsearch and --splunk-hec");
    if (o.splunk_hec) o.tls = true;
    if (!o.ca_out.empty() && !o.tls) fail("--ca-out needs --tls");
    if (!o.token.empty() && !o.splunk_hec) fail("--token is for --splunk-hec");
    return o;
}

// One of the two fakes behind a common face.
struct siem {
    std::unique_ptr<sfc::test::fake_elasticsearch> es;
    std::unique_ptr<sfc::test::fake_splunk_hec> hec;

    std::size_t count() const { return es ? es->stats().documents : hec->stats().events_stored; }
};

void write_count(const std::string& path, std::size_t count) {
    // Written aside and renamed, so a reader never sees half a number.
    const std::string tmp = path + ".tmp";
    sfc::test::write_file(tmp, std::to_string(count) + "\n");
    std::rename(tmp.c_str(), path.c_str());
}

// Waits for SIGINT/SIGTERM (blocked in every thread), refreshing the count file every 0.25 s.
void serve(const siem& s, const program_options& o, const sigset_t& signals) {
    for (;;) {
        if (!o.count_file.empty()) write_count(o.count_file, s.count());
        const timespec quarter{0, 250'000'000};
        if (sigtimedwait(&signals, nullptr, &quarter) >= 0) return;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const program_options o = parse(argc, argv);
    const sigset_t signals = sfc::test::block_stop_signals();  // before any thread starts
    try {
        siem s;
        std::string url;
        std::string ca;
        if (o.elasticsearch) {
            sfc::test::fake_es_options options;
            options.tls = o.tls;
            options.port = o.port;
            options.count_only = o.count_only;
            s.es = std::make_unique<sfc::test::fake_elasticsearch>(options);
            url = s.es->base_url();
            ca = s.es->ca_cert_pem();
        } else {
            sfc::test::fake_hec_options options;
            options.port = o.port;
            options.count_only = o.count_only;
            if (!o.token.empty()) options.token = o.token;
            s.hec = std::make_unique<sfc::test::fake_splunk_hec>(options);
            url = s.hec->base_url();
            ca = s.hec->ca_cert_pem();
        }
        if (!o.ca_out.empty()) sfc::test::write_file(o.ca_out, ca);
        std::printf("fake-siem listening on %s\n", url.c_str());
        std::fflush(stdout);
        serve(s, o, signals);
        if (!o.count_file.empty()) write_count(o.count_file, s.count());
        if (s.es) {
            const auto st = s.es->stats();
            std::printf(
                "fake-siem: stopped after %d requests (%d _bulk), %zu documents, "
                "%d conflicts, %d rejected\n",
                st.requests,
                st.bulk_requests,
                st.documents,
                st.conflicts,
                st.items_rejected);
        } else {
            const auto st = s.hec->stats();
            std::printf("fake-siem: stopped after %d requests (%d accepted), %zu events\n",
                        st.requests,
                        st.accepted_requests,
                        st.events_stored);
        }
        std::fflush(stdout);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fake-siem: %s\n", e.what());
        return 1;
    }
}
