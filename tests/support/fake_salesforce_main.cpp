// fake-salesforce: the test emulator as a program, for the README's demo, the ingest benchmark
// and manual testing. Serves until SIGINT or SIGTERM.

#include "fake_salesforce/fake_salesforce.hpp"
#include "pki/test_pki.hpp"
#include "stop_signals.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <signal.h>

namespace {

using namespace std::chrono;

constexpr const char* usage =
    "usage: fake-salesforce [options]\n"
    "  --port N                 listen on 127.0.0.1:N (default 0: any free port)\n"
    "  --ca-out PATH            write the TLS CA certificate (PEM) there, for ca_file\n"
    "  --client-id ID           the connected app's consumer key (default sfcollector-demo)\n"
    "  --username U             the approved user (default collector@example.com)\n"
    "  --app-cert PATH          the app's certificate (server.crt) that verifies JWTs\n"
    "  --files N                log files to generate, ending now (default 8)\n"
    "  --rows-per-file R        rows per generated file (default 100)\n"
    "  --event-types A,B        event types (default Login,URI,API,Logout)\n"
    "  --new-file-every S       add a new hourly file every S seconds (default 0: never)\n"
    "  --gzip                   gzip LogFile bodies when the client accepts gzip\n"
    "  --fault-every S          inject the next fault of a fixed cycle (503, 502, a dropped\n"
    "                           connection, a download cut short, an expired query locator)\n"
    "                           every S seconds (default 0: never)\n"
    "  --manifest PATH          keep PATH listing the REQUEST_ID of every row served so far,\n"
    "                           one a line, rewritten (by rename) whenever files are added\n";

struct program_options {
    std::uint16_t port = 0;
    std::string ca_out;
    std::string client_id = "sfcollector-demo";
    std::string username = "collector@example.com";
    std::string app_cert;
    std::size_t files = 8;
    std::size_t rows_per_file = 100;
    std::vector<std::string> event_types = {"Login", "URI", "API", "Logout"};
    int new_file_every = 0;
    int fault_every = 0;
    std::string manifest;
    bool gzip = false;
};

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "fake-salesforce: %s\n%s", message.c_str(), usage);
    std::exit(2);
}

std::vector<std::string> split(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        if (comma != 0) out.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

unsigned long number(std::string_view flag, const char* value) {
    char* end = nullptr;
    const unsigned long n = std::strtoul(value, &end, 10);
    if (end == value || *end != '\0') fail(std::string(flag) + " needs a number");
    return n;
}

program_options parse(int argc, char** argv) {
    program_options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--gzip") {
            o.gzip = true;
            continue;
        }
        if (flag == "--help" || flag == "-h") {
            std::fputs(usage, stdout);
            std::exit(0);
        }
        if (i + 1 >= argc) fail("unknown option or missing value: " + std::string(flag));
        const char* value = argv[++i];
        if (flag == "--port") {
            o.port = std::uint16_t(number(flag, value));
        } else if (flag == "--ca-out") {
            o.ca_out = value;
        } else if (flag == "--client-id") {
            o.client_id = value;
        } else if (flag == "--username") {
            o.username = value;
        } else if (flag == "--app-cert") {
            o.app_cert = value;
        } else if (flag == "--files") {
            o.files = number(flag, value);
        } else if (flag == "--rows-per-file") {
            o.rows_per_file = number(flag, value);
        } else if (flag == "--event-types") {
            o.event_types = split(value);
        } else if (flag == "--new-file-every") {
            o.new_file_every = int(number(flag, value));
        } else if (flag == "--fault-every") {
            o.fault_every = int(number(flag, value));
        } else if (flag == "--manifest") {
            o.manifest = value;
        } else {
            fail("unknown option: " + std::string(flag));
        }
    }
    if (o.event_types.empty()) fail("--event-types needs at least one type");
    return o;
}

// One new hourly file per event type for the hour that just ended, created now; a later
// sequence when that hour already has files (Salesforce's late-arriving files).
void add_new_files(sfc::test::fake_salesforce& fake, const program_options& o) {
    const auto now = system_clock::now();
    const auto hour = floor<hours>(now) - hours(1);
    const auto existing = fake.log_files();
    for (const auto& type : o.event_types) {
        sfc::test::log_file_spec spec;
        spec.event_type = type;
        spec.log_date = hour;
        spec.created_date = now;
        spec.rows = o.rows_per_file;
        for (const auto& f : existing) {
            if (f.event_type == type && f.log_date == hour && f.interval == "Hourly") {
                spec.sequence = std::max(spec.sequence, f.sequence + 1);
            }
        }
        const auto info = fake.add_log_file(spec);
        std::printf("fake-salesforce: new %s file %s (%zu rows)\n",
                    type.c_str(),
                    info.id.c_str(),
                    info.rows);
    }
    std::fflush(stdout);
}

// A few records of the security objects (salesforce-api.md §5) over the last hours, so that
// SetupAuditTrail, LoginHistory and LoginEvent sources have something to collect.
void add_object_records(sfc::test::fake_salesforce& fake) {
    using sfc::test::sobject_record;
    const auto now = floor<milliseconds>(system_clock::now());
    const std::string admin = "0055j00000AT6I1AAL";
    const char* actions[] = {
        "PermSetAssign", "changedPassword", "createduser", "loginasgrantedtosfdc"};
    for (int i = 0; i < 4; ++i) {
        sobject_record r;
        r.fields = {{"Id", "0Ym5j000" + std::to_string(1000000 + i) + "AAA"},
                    {"Action", std::string(actions[i])},
                    {"Section", std::string("Manage Users")},
                    {"Display", "Demo setup change " + std::to_string(i + 1)},
                    {"CreatedById", admin},
                    {"CreatedDate", now - hours(4 - i)}};
        fake.add_record("SetupAuditTrail", r);
    }
    for (int i = 0; i < 6; ++i) {
        sobject_record r;
        r.fields = {{"Id", "0Ya5j000" + std::to_string(1000000 + i) + "AAA"},
                    {"UserId", admin},
                    {"LoginTime", now - minutes(50 * (6 - i))},
                    {"LoginType", std::string(i % 2 ? "Application" : "Remote Access 2.0")},
                    {"SourceIp", "203.0.113." + std::to_string(10 + i)},
                    {"Status", std::string(i == 2 ? "Invalid Password" : "Success")},
                    {"TlsProtocol", std::string("TLS 1.3")}};
        fake.add_record("LoginHistory", r);
    }
    for (int i = 0; i < 6; ++i) {
        sobject_record r;
        r.fields = {{"Id", std::string("000000000000000AAA")},
                    {"EventIdentifier", "5c0a6f1e-0000-4000-8000-00000000000" + std::to_string(i)},
                    {"EventDate", now - minutes(50 * (6 - i)) + milliseconds(250)},
                    {"UserId", admin},
                    {"Username", std::string("admin@example.com")},
                    {"SourceIp", "203.0.113." + std::to_string(10 + i)},
                    {"LoginType", std::string("Remote Access 2.0")},
                    {"Status", std::string(i == 2 ? "Invalid Password" : "Success")},
                    {"TlsProtocol", std::string("TLS 1.3")}};
        fake.add_record("LoginEvent", r);
    }
}

// The REQUEST_ID of every row of every file, for a soak run's final check; written beside and
// renamed over, so a reader never sees half a list.
void write_manifest(const sfc::test::fake_salesforce& fake, const program_options& o) {
    if (o.manifest.empty()) return;
    std::string text;
    for (const auto& f : fake.log_files()) {
        for (const auto& id : fake.request_ids(f.id)) text += id + "\n";
    }
    const std::string tmp = o.manifest + ".tmp";
    sfc::test::write_file(tmp, text);
    std::rename(tmp.c_str(), o.manifest.c_str());
}

// One fault of a fixed cycle; the collector must retry each without losing or repeating rows.
void inject_fault(sfc::test::fake_salesforce& fake, int n) {
    using sfc::test::endpoint;
    using sfc::test::fault_kind;
    const char* name = "";
    switch (n % 6) {
        case 0:
            fake.fail_next(endpoint::query, fault_kind::server_unavailable, 2);
            name = "503 on the next 2 queries";
            break;
        case 1:
            fake.fail_next(endpoint::log_file, fault_kind::drop_connection);
            name = "next LogFile download: connection dropped";
            break;
        case 2:
            fake.reset_log_file_after_bytes(2000);
            name = "next LogFile download: cut after 2000 bytes";
            break;
        case 3:
            fake.fail_next(endpoint::any, fault_kind::bad_gateway_html);
            name = "502 (HTML) on the next request";
            break;
        case 4:
            fake.fail_next(endpoint::query, fault_kind::server_unavailable_retry_after);
            name = "503 with Retry-After: 2 on the next query";
            break;
        default:
            fake.expire_next_query_locators(1);
            name = "the next query locator expires";
            break;
    }
    std::printf("fake-salesforce: fault: %s\n", name);
    std::fflush(stdout);
}

// Waits for SIGINT/SIGTERM (blocked in every thread), adding files and faults on the way if
// asked: a one-second tick drives both.
void serve(sfc::test::fake_salesforce& fake, const program_options& o, const sigset_t& signals) {
    if (o.new_file_every <= 0 && o.fault_every <= 0) {
        int signal = 0;
        sigwait(&signals, &signal);
        return;
    }
    int faults = 0;
    for (long tick = 1;; ++tick) {
        const timespec one_second{1, 0};
        if (sigtimedwait(&signals, nullptr, &one_second) >= 0) return;
        if (o.new_file_every > 0 && tick % o.new_file_every == 0) {
            add_new_files(fake, o);
            write_manifest(fake, o);
        }
        if (o.fault_every > 0 && tick % o.fault_every == 0) inject_fault(fake, faults++);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const program_options o = parse(argc, argv);
    const sigset_t signals = sfc::test::block_stop_signals();  // before any thread starts
    try {
        sfc::test::fake_salesforce_options options;
        options.port = o.port;
        options.gzip_log_files = o.gzip;
        options.allow_base_url_audience = true;
        if (!o.app_cert.empty()) {
            sfc::test::connected_app app;
            app.client_id = o.client_id;
            app.certificate_pem = sfc::test::read_file(o.app_cert);
            app.approved_usernames = {o.username};
            options.apps.push_back(app);
        } else {
            std::fprintf(stderr, "fake-salesforce: no --app-cert: every JWT will be refused\n");
        }
        sfc::test::fake_salesforce fake(options);
        fake.start();
        if (!o.ca_out.empty()) sfc::test::write_file(o.ca_out, fake.ca_cert_pem());
        sfc::test::dataset_spec dataset;
        dataset.files = o.files;
        dataset.rows_per_file = o.rows_per_file;
        dataset.event_types = o.event_types;
        std::uint64_t csv_bytes = 0, rows = 0;
        for (const auto& f : fake.generate_dataset(dataset)) {
            csv_bytes += f.length;
            rows += f.rows;
        }
        add_object_records(fake);
        write_manifest(fake, o);
        std::printf("fake-salesforce: dataset of %zu files, %llu rows, %llu CSV bytes\n",
                    o.files,
                    static_cast<unsigned long long>(rows),
                    static_cast<unsigned long long>(csv_bytes));
        std::printf("fake-salesforce listening on %s\n", fake.base_url().c_str());
        std::fflush(stdout);
        serve(fake, o, signals);
        fake.stop();
        const auto stats = fake.stats();
        std::printf("fake-salesforce: stopped after %d requests, %d log files served\n",
                    stats.requests,
                    stats.log_file_completed);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fake-salesforce: %s\n", e.what());
        return 1;
    }
}
