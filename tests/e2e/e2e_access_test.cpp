// How the daemon reaches an org: client credentials instead of JWT, encrypted keys and PKCS#12
// keystores, and HTTPS through a CONNECT proxy (from the config or HTTPS_PROXY / NO_PROXY).

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "e2e/collector_fixture.hpp"
#include "proxy/connect_proxy.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

constexpr const char* client_secret = "e2e-client-secret-4711";

class access : public collector_fixture {
protected:
    void start_with_dataset(fake_salesforce_options o) {
        start_fake(std::move(o));
        dataset_spec d;
        d.files = 4;
        d.rows_per_file = 5;
        fake_->generate_dataset(d);
    }

    /// The default config with `line` added to the salesforce section.
    std::filesystem::path config_with(const std::string& salesforce_lines,
                                      const std::string& key_file = "server.pem") {
        const auto path = write_config("", key_file, "");
        std::ifstream in(path);
        std::ostringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        const std::string anchor = "  ca_file: ca.pem\n";
        text.replace(text.find(anchor), anchor.size(), anchor + salesforce_lines);
        write_file(path, text);
        return path;
    }

    exit_status run_with_env(const std::filesystem::path& config, std::vector<std::string> env) {
        child_process child(std::getenv("SFC_BINARY"),
                            {"once", "--config", config.string()},
                            env,
                            dir_ / "stdout.log",
                            dir_ / "stderr.log");
        auto st = child.wait_for(120s);
        if (!st) {
            ADD_FAILURE() << "sfcollector once did not finish; stderr:\n" << stderr_text();
            return exit_status{true, 9};
        }
        return *st;
    }
};

}  // namespace

TEST_F(access, client_credentials_with_the_secret_from_an_environment_variable) {
    auto o = fake_options();
    o.apps.front().client_secret = client_secret;
    o.apps.front().run_as_username = username;
    start_with_dataset(o);
    // No key, no username: the client credentials flow needs the consumer key and secret only.
    std::ostringstream y;
    y << "salesforce:\n"
      << "  auth: client_credentials\n"
      << "  client_id: " << client_id << "\n"
      << "  client_secret_env: SFC_E2E_SECRET\n"
      << "  instance_url: " << fake_->base_url() << "\n"
      << "  api_version: \"64.0\"\n"
      << "  ca_file: ca.pem\n"
      << "collection:\n  initial_lookback: 7d\n"
      << "state_dir: state\n"
      << "sinks:\n  - type: file\n    path: " << sink_path_.string() << "\n";
    write_file(dir_ / "cc.yaml", y.str());
    const auto st =
        run_with_env(dir_ / "cc.yaml", {"SFC_E2E_SECRET=" + std::string(client_secret)});
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_EQ(stderr_text().find(client_secret), std::string::npos) << "the secret was logged";
}

TEST_F(access, an_encrypted_key_with_its_passphrase_from_a_file) {
    start_with_dataset(fake_options());
    write_file(dir_ / "server.pass.key",
               encrypt_key_pem_pkcs8(identity_.key_pkcs1_pem, "correct horse"));
    write_file(dir_ / "passphrase", "correct horse\n");
    ::chmod((dir_ / "server.pass.key").c_str(), 0600);
    ::chmod((dir_ / "passphrase").c_str(), 0600);  // a readable passphrase file is warned about
    const auto config =
        config_with("  private_key_passphrase_file: passphrase\n", "server.pass.key");
    const auto st = run("once", config);
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_EQ(stderr_text().find("correct horse"), std::string::npos);
    EXPECT_EQ(stderr_text().find("chmod 600"), std::string::npos) << "0600 needs no warning";
}

TEST_F(access, a_pkcs12_keystore_and_a_warning_for_a_key_others_can_read) {
    start_with_dataset(fake_options());
    write_file(dir_ / "keystore.p12",
               make_pkcs12(identity_.key_pkcs1_pem, identity_.cert_pem, "store-pass"));
    ::chmod((dir_ / "keystore.p12").c_str(), 0644);
    const auto config = config_with("  private_key_passphrase_env: SFC_E2E_P12\n", "keystore.p12");
    const auto st = run_with_env(config, {"SFC_E2E_P12=store-pass"});
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_NE(stderr_text().find("chmod 600"), std::string::npos) << stderr_text();
}

TEST_F(access, https_through_a_connect_proxy_named_in_the_config) {
    start_with_dataset(fake_options());
    connect_proxy proxy;
    proxy.start();
    const auto config =
        config_with("  proxy: http://127.0.0.1:" + std::to_string(proxy.port()) + "\n");
    const auto st = run("once", config);
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_GE(proxy.tunnels(), 1);
    for (const auto& target : proxy.targets()) {
        EXPECT_EQ(target, "127.0.0.1:" + std::to_string(fake_->port()));
    }
}

TEST_F(access, https_proxy_from_the_environment_and_no_proxy_bypassing_it) {
    start_with_dataset(fake_options());
    connect_proxy proxy;
    proxy.start();
    const std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
    const auto config = config_with("");
    auto st = run_with_env(config, {"HTTPS_PROXY=" + proxy_url});
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    const auto tunnels = proxy.tunnels();
    EXPECT_GE(tunnels, 1);
    EXPECT_NE(stderr_text().find("from HTTPS_PROXY"), std::string::npos) << stderr_text();

    // NO_PROXY names the host: straight there, the proxy sees nothing more.
    std::filesystem::remove_all(dir_ / "state");
    st = run_with_env(config, {"HTTPS_PROXY=" + proxy_url, "NO_PROXY=localhost,127.0.0.1"});
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(proxy.tunnels(), tunnels);
}

TEST_F(access, an_unresolvable_host_gives_one_clear_line_naming_it) {
    start_with_dataset(fake_options());
    auto config = config_with("");
    std::string text = read_file(config);
    for (std::size_t at; (at = text.find(fake_->base_url())) != std::string::npos;) {
        text.replace(at, fake_->base_url().size(), "https://sfc-e2e.invalid");
    }
    write_file(config, text);
    const auto st = run("once", config);
    EXPECT_EQ(st.code, 1);
    const std::string err = stderr_text();
    std::size_t failures = 0;
    for (std::size_t at = 0; (at = err.find("login to Salesforce failed", at)) != std::string::npos;
         ++at) {
        ++failures;
    }
    EXPECT_EQ(failures, 1u) << err;
    EXPECT_NE(err.find("sfc-e2e.invalid"), std::string::npos) << err;
    EXPECT_EQ(fake_->stats().requests, 0);
}
