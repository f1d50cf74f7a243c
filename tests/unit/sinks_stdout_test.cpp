#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sinks/stdout_sink.hpp"

namespace sfc::sinks {
namespace {

send_result run_send(sfc::sink& sink, const std::vector<event>& events) {
    boost::asio::io_context io;
    std::optional<send_result> result;
    boost::asio::co_spawn(io, sink.send(events), [&](std::exception_ptr e, send_result r) {
        if (e) std::rethrow_exception(e);
        result = std::move(r);
    });
    io.run();
    EXPECT_TRUE(result.has_value());
    return result.value_or(send_result::failed(send_status::fatal, "send did not finish"));
}

class pipe_fds {
public:
    pipe_fds() { EXPECT_EQ(::pipe2(fds_, O_CLOEXEC), 0); }
    ~pipe_fds() {
        close_read();
        if (fds_[1] >= 0) ::close(fds_[1]);
    }
    int read_end() const { return fds_[0]; }
    int write_end() const { return fds_[1]; }
    void close_read() {
        if (fds_[0] >= 0) ::close(fds_[0]);
        fds_[0] = -1;
    }
    std::string read_exactly(std::size_t n) {
        std::string out(n, '\0');
        std::size_t got = 0;
        while (got < n) {
            const ssize_t r = ::read(fds_[0], out.data() + got, n - got);
            if (r <= 0) break;
            got += static_cast<std::size_t>(r);
        }
        out.resize(got);
        return out;
    }

private:
    int fds_[2] = {-1, -1};
};

TEST(stdout_sink, writes_json_lines) {
    pipe_fds p;
    stdout_sink sink(platform::file::adopt(p.write_end(), false));
    EXPECT_EQ(sink.name(), "stdout");
    const std::vector<event> events{{"1", R"({"a":1})"}, {"2", R"({"b":"x"})"}};
    ASSERT_EQ(run_send(sink, events).status, send_status::ok);
    EXPECT_EQ(p.read_exactly(18), "{\"a\":1}\n{\"b\":\"x\"}\n");
}

TEST(stdout_sink, closed_reader_is_fatal) {
    const auto old = ::signal(SIGPIPE, SIG_IGN);  // as the daemon does
    pipe_fds p;
    p.close_read();
    stdout_sink sink(platform::file::adopt(p.write_end(), false));
    const send_result r = run_send(sink, {{"1", "{}"}});
    ::signal(SIGPIPE, old);
    EXPECT_EQ(r.status, send_status::fatal);
    EXPECT_NE(r.detail.find("EPIPE"), std::string::npos) << r.detail;
}

TEST(stdout_sink, bad_descriptor_is_a_retry) {
    pipe_fds p;
    stdout_sink sink(platform::file::adopt(p.read_end(), false));  // not writable: EBADF
    const send_result r = run_send(sink, {{"1", "{}"}});
    EXPECT_EQ(r.status, send_status::retry);
    EXPECT_NE(r.detail.find("stdout"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace sfc::sinks
