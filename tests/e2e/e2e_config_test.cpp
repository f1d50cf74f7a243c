// Broken configs as the review tried them: `validate` must find every problem `run`/`once`
// would stop on, and both must exit 78 (EX_CONFIG, which systemd does not restart) with the
// same first line, promptly: a FIFO or /dev/zero must neither hang nor exhaust memory. Also a
// splunk_hec sink on http://, which is documented and must deliver (with a warning).

#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "e2e/collector_fixture.hpp"
#include "fake_siem/fake_splunk_hec.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

struct outcome {
    int code = -1;
    std::string first_error;  ///< the first log line at error level, from "error" on
    std::string all;          ///< everything on stderr
};

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

/// The first line that reports an error, from its level word on (timestamps differ).
std::string first_error_line(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string line = text.substr(start, end - start);
        if (const auto at = line.find("error "); at != std::string::npos) return line.substr(at);
        start = end + 1;
    }
    return {};
}

class config_errors : public collector_fixture {
protected:
    void SetUp() override {
        collector_fixture::SetUp();
        start_fake(fake_options());
        std::filesystem::permissions(
            dir_ / "server.pem",
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace);
        write_file(dir_ / "token", "5c1d9a52-8f3e-4b7a-9d61-2e0c4f8b7a10\n");
        std::filesystem::permissions(
            dir_ / "token",
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace);
        ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
    }

    /// The default config with `from` replaced by `to` (each must be present).
    std::filesystem::path config_with(const std::string& from,
                                      const std::string& to,
                                      const std::string& sinks = "") {
        const auto path = write_config("", "server.pem", sinks);
        std::string text = slurp(path);
        const auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) text.replace(at, from.size(), to);
        write_file(path, text);
        return path;
    }

    std::string hec_sink(const std::string& secret_line) const {
        return "  - type: splunk_hec\n    url: https://127.0.0.1:9\n    " + secret_line + "\n";
    }

    outcome run_command(const std::string& command, const std::filesystem::path& config) {
        const auto err = dir_ / (command + "-" + std::to_string(++runs_) + ".err");
        child_process child(std::getenv("SFC_BINARY"),
                            {command, "--config", config.string()},
                            {},
                            dir_ / "stdout.log",
                            err);
        const auto started = std::chrono::steady_clock::now();
        const auto status = child.wait_for(20s);
        outcome out;
        out.all = slurp(err);
        if (!status) {
            ADD_FAILURE() << command << " did not finish within 20 s; stderr:\n" << out.all;
            return out;
        }
        EXPECT_LT(std::chrono::steady_clock::now() - started, 10s) << command;
        out.code = status->signalled ? 128 + status->code : status->code;
        out.first_error = first_error_line(out.all);
        return out;
    }

    /// validate and once both exit 78 with the same first error line, which holds `expected`.
    void expect_config_error(const std::string& name,
                             const std::filesystem::path& config,
                             const std::string& expected) {
        SCOPED_TRACE(name);
        const outcome validate = run_command("validate", config);
        const outcome once = run_command("once", config);
        EXPECT_EQ(validate.code, 78) << validate.all;
        EXPECT_EQ(once.code, 78) << once.all;
        EXPECT_NE(validate.first_error.find(expected), std::string::npos) << validate.all;
        EXPECT_EQ(validate.first_error, once.first_error) << "validate:\n"
                                                          << validate.all << "once:\n"
                                                          << once.all;
    }

    int runs_ = 0;
};

TEST_F(config_errors, validate_and_once_agree_on_every_broken_config) {
    expect_config_error("config is /dev/zero", "/dev/zero", "/dev/zero: the config file is not");
    expect_config_error("config is a FIFO", dir_ / "fifo", "is not a regular file");
    expect_config_error("config is a folder", dir_, "is not a regular file");
    expect_config_error("missing config", dir_ / "absent.yaml", "cannot open the config file");
    expect_config_error("key is a FIFO",
                        config_with("private_key: server.pem", "private_key: fifo"),
                        "salesforce.private_key: ");
    expect_config_error("passphrase is a FIFO",
                        config_with("  ca_file: ca.pem\n",
                                    "  ca_file: ca.pem\n  private_key_passphrase_file: fifo\n"),
                        "salesforce.private_key_passphrase_file");
    {
        std::ofstream(dir_ / "huge-passphrase").put('x');
        std::filesystem::resize_file(dir_ / "huge-passphrase", 3u << 20);
        expect_config_error("3 MiB passphrase",
                            config_with("  ca_file: ca.pem\n",
                                        "  ca_file: ca.pem\n"
                                        "  private_key_passphrase_file: huge-passphrase\n"),
                            "is 3145728 bytes; the limit for a file is 65536");
    }
    expect_config_error("CA file is a FIFO",
                        config_with("ca_file: ca.pem", "ca_file: fifo"),
                        "salesforce.ca_file: ");
    expect_config_error("state_dir is /dev/null",
                        config_with("state_dir: state", "state_dir: /dev/null"),
                        "state_dir: '/dev/null' exists and is not a folder");
    write_file(dir_ / "empty-token", "");
    expect_config_error("empty secret_file",
                        write_config("", "server.pem", hec_sink("secret_file: empty-token")),
                        "sinks[0].secret_file: ");
    expect_config_error("secret_file is a FIFO",
                        write_config("", "server.pem", hec_sink("secret_file: fifo")),
                        "sinks[0].secret_file: ");
    expect_config_error("secret_env unset",
                        write_config("", "server.pem", hec_sink("secret_env: SFC_E2E_UNSET_TOKEN")),
                        "SFC_E2E_UNSET_TOKEN is not set");
    expect_config_error("client certificate on a HEC sink",
                        write_config("",
                                     "server.pem",
                                     hec_sink("secret_file: token\n    tls:\n"
                                              "      cert_file: server.crt")),
                        "sinks[0].tls.cert_file: not supported");
    expect_config_error(
        "line break in the username",
        config_with("  username: " + std::string(username),
                    "  username: \"" + std::string(username) + "\\nlevel=info forged\""),
        "salesforce.username: the value holds a line break");
}

TEST_F(config_errors, validate_warns_about_readable_credentials_and_skipped_tls_checks) {
    ::chmod((dir_ / "server.pem").c_str(), 0640);
    ::chmod((dir_ / "token").c_str(), 0644);
    const auto config = write_config("",
                                     "server.pem",
                                     hec_sink("secret_file: token\n    tls:\n"
                                              "      insecure_skip_verify: true"));
    const outcome validate = run_command("validate", config);
    EXPECT_EQ(validate.code, 0) << validate.all;
    for (const std::string& expected :
         {"org default: salesforce.private_key: " + (dir_ / "server.pem").string() +
              ": the file has mode 0640",
          "sinks[0] (splunk_hec:https://127.0.0.1:9): secret_file: " + (dir_ / "token").string() +
              ": the file has mode 0644",
          std::string(
              "sinks[0] (splunk_hec:https://127.0.0.1:9): tls.insecure_skip_verify is on")}) {
        EXPECT_NE(validate.all.find(expected), std::string::npos) << expected << "\n"
                                                                  << validate.all;
    }
}

TEST_F(config_errors, splunk_hec_over_plain_http_delivers_with_a_warning) {
    dataset_spec d;
    d.files = 1;
    d.rows_per_file = 5;
    fake_->generate_dataset(d);
    fake_hec_options options;
    options.plain_http = true;
    fake_splunk_hec hec(options);
    ASSERT_EQ(hec.base_url().rfind("http://", 0), 0u);
    const auto config = write_config(
        "",
        "server.pem",
        "  - type: splunk_hec\n    url: " + hec.base_url() + "\n    secret_file: token\n");
    const outcome validate = run_command("validate", config);
    EXPECT_EQ(validate.code, 0) << validate.all;
    EXPECT_NE(validate.all.find("the HEC token and the events cross the network unencrypted"),
              std::string::npos)
        << validate.all;
    const outcome once = run_command("once", config);
    EXPECT_EQ(once.code, 0) << once.all;
    EXPECT_NE(once.all.find("unencrypted"), std::string::npos) << once.all;
    EXPECT_EQ(hec.stats().events_stored, 5u) << once.all;
}

}  // namespace
