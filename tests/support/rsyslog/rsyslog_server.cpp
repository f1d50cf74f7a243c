#include "rsyslog/rsyslog_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "pki/test_pki.hpp"

namespace sfc::test {
namespace fs = std::filesystem;

namespace {

constexpr const char* rsyslogd = "/usr/sbin/rsyslogd";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string tls_globals(const rsyslog_options& o) {
    if (!o.tls) return {};
    return " DefaultNetstreamDriverCAFile=\"" + o.ca_file.string() +
           "\" DefaultNetstreamDriverCertFile=\"" + o.cert_file.string() +
           "\" DefaultNetstreamDriverKeyFile=\"" + o.key_file.string() + "\"";
}

std::string input_module(const rsyslog_options& o) {
    if (o.input == rsyslog_options::listener::udp) return "module(load=\"imudp\")\n";
    if (!o.tls) return "module(load=\"imtcp\")\n";
    return "module(load=\"imtcp\" StreamDriver.Name=\"ossl\" StreamDriver.Mode=\"1\" "
           "StreamDriver.AuthMode=\"" +
           o.auth_mode + "\")\n";
}

/// Whether /proc/net/<table> shows 127.0.0.1:port bound in `state` (0A listen, 07 UDP bound).
bool bound_in(const char* table, std::uint16_t port, const char* state) {
    char local[32];
    std::snprintf(local, sizeof local, "0100007F:%04X", port);
    std::ifstream in(std::string("/proc/net/") + table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local_address, remote, st;
        fields >> slot >> local_address >> remote >> st;
        if (local_address == local && st == state) return true;
    }
    return false;
}

}  // namespace

std::uint16_t free_loopback_port(bool udp) {
    const int fd = ::socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot bind a loopback port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

rsyslog_server::rsyslog_server(fs::path dir, rsyslog_options options)
    : dir_(std::move(dir)),
      options_(std::move(options)),
      port_(free_loopback_port(options_.input == rsyslog_options::listener::udp)),
      output_(dir_ / "received.log") {
    write_config();
    start();
}

rsyslog_server::~rsyslog_server() {
    if (process_) stop();
}

void rsyslog_server::write_config() const {
    const bool udp = options_.input == rsyslog_options::listener::udp;
    std::string conf =
        // No escaping or DNS: what arrives is written byte for byte.
        "global(workDirectory=\"" + dir_.string() +
        "\" maxMessageSize=\"256k\" "
        "net.enableDNS=\"off\" parser.escapeControlCharactersOnReceive=\"off\"" +
        tls_globals(options_) + ")\n" + input_module(options_) +
        "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")\n"
        // Only received messages go to the file, never rsyslogd's own.
        "ruleset(name=\"received\") {\n"
        "  action(type=\"omfile\" file=\"" +
        output_.string() +
        "\" template=\"raw\" flushOnTXEnd=\"on\" asyncWriting=\"off\")\n"
        "}\n"
        "input(type=\"" +
        std::string(udp ? "imudp" : "imtcp") + "\" address=\"127.0.0.1\" port=\"" +
        std::to_string(port_) + "\" ruleset=\"received\")\n";
    write_file(dir_ / "rsyslog.conf", conf);
}

void rsyslog_server::start() {
    const fs::path pidfile = dir_ / "rsyslogd.pid";
    std::error_code ignored;
    fs::remove(pidfile, ignored);
    process_ = std::make_unique<child_process>(
        rsyslogd,
        std::vector<std::string>{
            "-n", "-f", (dir_ / "rsyslog.conf").string(), "-i", pidfile.string()},
        std::vector<std::string>{},
        dir_ / "rsyslogd.stdout",
        dir_ / "rsyslogd.stderr");
    wait_until_listening();
}

void rsyslog_server::stop() {
    if (!process_) return;
    process_->send_signal(SIGTERM);
    const auto status = process_->wait_for(std::chrono::seconds(10));
    process_.reset();  // kills it if SIGTERM was not enough
    if (!status) throw std::runtime_error("rsyslogd did not stop within 10 s of SIGTERM");
}

void rsyslog_server::wait_until_listening() {
    const bool udp = options_.input == rsyslog_options::listener::udp;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (udp ? bound_in("udp", port_, "07") : bound_in("tcp", port_, "0A")) return;
        if (process_->wait_for(std::chrono::milliseconds(10))) {  // exited: bad config
            process_.reset();
            throw std::runtime_error("rsyslogd exited at start-up: " + diagnostics());
        }
    }
    throw std::runtime_error("rsyslogd did not listen on 127.0.0.1:" + std::to_string(port_) +
                             " within 10 s: " + diagnostics());
}

std::string rsyslog_server::diagnostics() const {
    return slurp(dir_ / "rsyslogd.stderr") + slurp(dir_ / "rsyslogd.stdout");
}

std::string rsyslog_server::wait_for_output(const std::function<bool(const std::string&)>& done,
                                            std::chrono::milliseconds timeout) const {
    // A bounded poll of the file: rsyslogd writes it from its own threads.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::string content = slurp(output_);
        if (done(content) || std::chrono::steady_clock::now() >= deadline) return content;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string rsyslog_server::wait_for_bytes(std::size_t bytes,
                                           std::chrono::milliseconds timeout) const {
    return wait_for_output([bytes](const std::string& s) { return s.size() >= bytes; }, timeout);
}

}  // namespace sfc::test
