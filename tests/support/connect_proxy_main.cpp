// connect-proxy: the test CONNECT proxy as a program. Prints "connect-proxy listening on
// http://127.0.0.1:<port>" and serves until SIGINT or SIGTERM.

#include "proxy/connect_proxy.hpp"
#include "stop_signals.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include <signal.h>

namespace {

constexpr const char* usage =
    "usage: connect-proxy [options]\n"
    "  --port N              listen on 127.0.0.1:N (default 0: any free port)\n"
    "  --auth USER:PASSWORD  answer 407 unless CONNECT carries these Basic credentials\n"
    "  --refuse HOST:PORT    answer 403 to CONNECT for this target (repeatable)\n";

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "connect-proxy: %s\n%s", message.c_str(), usage);
    std::exit(2);
}

sfc::test::connect_proxy_options parse(int argc, char** argv) {
    sfc::test::connect_proxy_options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::fputs(usage, stdout);
            std::exit(0);
        }
        if (i + 1 >= argc) fail("unknown option or missing value: " + std::string(flag));
        const std::string_view value = argv[++i];
        if (flag == "--port") {
            char* end = nullptr;
            o.port = static_cast<std::uint16_t>(std::strtoul(value.data(), &end, 10));
            if (*end != '\0' || o.port == 0) fail("--port needs a number from 1 to 65535");
        } else if (flag == "--auth") {
            const auto colon = value.find(':');
            if (colon == std::string_view::npos) fail("--auth needs USER:PASSWORD");
            o.required_authorization =
                sfc::test::basic_credentials(value.substr(0, colon), value.substr(colon + 1));
        } else if (flag == "--refuse") {
            o.refused_targets.emplace_back(value);
        } else {
            fail("unknown option: " + std::string(flag));
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const auto options = parse(argc, argv);
    const sigset_t signals = sfc::test::block_stop_signals();  // before any thread starts
    try {
        sfc::test::connect_proxy proxy(options);
        proxy.start();
        std::printf("connect-proxy listening on %s\n", proxy.url().c_str());
        std::fflush(stdout);
        int signal = 0;
        sigwait(&signals, &signal);
        proxy.stop();
        std::printf("connect-proxy: stopped after %d tunnels\n", proxy.tunnels());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "connect-proxy: %s\n", e.what());
        return 1;
    }
}
