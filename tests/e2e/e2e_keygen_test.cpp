// sfcollector keygen as an operator runs it: the files of the set-up guide's OpenSSL steps, checked
// with the openssl command line itself, owner-only, never overwritten without --force.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "pki/test_pki.hpp"
#include "process/child_process.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

namespace fs = std::filesystem;

constexpr const char* passphrase = "e2e keygen passphrase 4711";

struct shell_result {
    int status = -1;
    std::string output;  ///< stdout and stderr
};

/// Runs `command` under /bin/sh, stdout and stderr together.
shell_result shell(const std::string& command) {
    shell_result result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.output.append(buffer, got);
    const int raw = ::pclose(pipe);
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return result;
}

std::string quoted(const fs::path& path) {
    return "'" + path.string() + "'";  // temp paths hold no quote
}

/// The value after "<label>" on the line that has it ("" when no line does).
std::string value_after(const std::string& text, const std::string& label) {
    const auto at = text.find(label);
    if (at == std::string::npos) return "";
    const auto start = at + label.size();
    return text.substr(start, text.find('\n', start) - start);
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return 0;
    return info.st_mode & 07777;
}

std::size_t lines_in(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) n += c == '\n';
    return n;
}

struct keygen_run {
    int code = -1;
    std::string out;
    std::string err;
};

class keygen : public ::testing::Test {
protected:
    void SetUp() override {
        if (shell("openssl version").status != 0) GTEST_SKIP() << "no openssl command";
        dir_ = make_temp_dir("sfc-e2e-keygen");
        out_ = dir_ / "jwt";
    }
    void TearDown() override {
        if (!HasFailure() && !dir_.empty()) fs::remove_all(dir_);
    }

    keygen_run run(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
        args.insert(args.begin(), "keygen");
        const std::string n = std::to_string(++runs_);
        const fs::path out_file = dir_ / ("stdout." + n);
        const fs::path err_file = dir_ / ("stderr." + n);
        keygen_run result;
        {
            child_process child(std::getenv("SFC_BINARY"), args, env, out_file, err_file);
            const auto status = child.wait_for(120s);
            if (!status || status->signalled) {
                ADD_FAILURE() << "sfcollector keygen did not exit by itself";
                return result;
            }
            result.code = status->code;
        }
        result.out = read_file(out_file);
        result.err = read_file(err_file);
        return result;
    }

    /// `openssl <args>`, failing the test when it fails.
    std::string openssl(const std::string& args) {
        const auto result = shell("openssl " + args);
        EXPECT_EQ(result.status, 0) << "openssl " << args << "\n" << result.output;
        return result.output;
    }

    std::string cert_modulus() {
        return openssl("x509 -noout -modulus -in " + quoted(out_ / "server.crt"));
    }

    fs::path write_passphrase_file() {
        const fs::path file = dir_ / "passphrase";
        write_file(file, std::string(passphrase) + "\n");
        return file;
    }

    fs::path dir_;
    fs::path out_;  // the output folder, made by keygen
    int runs_ = 0;
};

TEST_F(keygen, writes_key_and_certificate_that_openssl_agrees_with) {
    const auto r = run({"--out-dir",
                        out_.string(),
                        "--cn",
                        "sfcollector e2e",
                        "--org",
                        "Acme",
                        "--country",
                        "us",
                        "--email",
                        "secops@acme.example",
                        "--days",
                        "30"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    for (const char* name : {"server.key", "server.pem", "server.crt"}) {
        EXPECT_EQ(mode_of(out_ / name), 0600u) << name;
    }
    EXPECT_FALSE(fs::exists(out_ / "server.pass.key"));
    EXPECT_FALSE(fs::exists(out_ / "keystore.p12"));
    EXPECT_EQ(read_file(out_ / "server.key"), read_file(out_ / "server.pem"));  // Step 6's copy

    const std::string crt = quoted(out_ / "server.crt");
    const std::string shown =
        openssl("x509 -noout -fingerprint -sha256 -enddate -subject -dateopt iso_8601 -in " + crt);
    // What keygen printed is what openssl reads from server.crt.
    const std::string fingerprint = value_after(r.out, "SHA-256 fingerprint: ");
    EXPECT_THAT(fingerprint, ::testing::MatchesRegex("([0-9A-F][0-9A-F]:){31}[0-9A-F][0-9A-F]"));
    EXPECT_EQ(value_after(shown, "sha256 Fingerprint="), fingerprint);
    std::string expiry = value_after(r.out, "Expires:             ");  // "... UTC"
    ASSERT_THAT(expiry, ::testing::EndsWith(" UTC"));
    EXPECT_EQ(value_after(shown, "notAfter="), expiry.substr(0, expiry.size() - 4) + "Z");
    EXPECT_EQ(value_after(shown, "subject="),
              "C = US, O = Acme, CN = sfcollector e2e, emailAddress = secops@acme.example");
    EXPECT_EQ(value_after(r.out, "Subject:             "), value_after(shown, "subject="));
    // Valid for the 30 days asked: still valid in 29, expired in 31.
    EXPECT_EQ(
        shell("openssl x509 -noout -checkend " + std::to_string(29 * 86400) + " -in " + crt).status,
        0);
    EXPECT_NE(
        shell("openssl x509 -noout -checkend " + std::to_string(31 * 86400) + " -in " + crt).status,
        0);

    const std::string text = openssl("x509 -noout -text -in " + crt);
    EXPECT_THAT(text, HasSubstr("Signature Algorithm: sha256WithRSAEncryption"));
    EXPECT_THAT(text, HasSubstr("Public-Key: (2048 bit)"));
    EXPECT_THAT(openssl("rsa -check -noout -in " + quoted(out_ / "server.key")),
                HasSubstr("RSA key ok"));
    EXPECT_EQ(openssl("rsa -noout -modulus -in " + quoted(out_ / "server.key")), cert_modulus());
    EXPECT_THAT(openssl("verify -CAfile " + crt + " " + crt), HasSubstr(": OK"));
}

TEST_F(keygen, prints_the_guides_next_steps_with_the_absolute_key_path) {
    // A relative --out-dir, resolved against the working directory (the test's).
    const fs::path relative = fs::relative(out_, fs::current_path());
    const auto r = run({"--out-dir", relative.string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out,
                HasSubstr("Creating an External Client App in Your Salesforce Organization"));
    EXPECT_THAT(r.out, HasSubstr("Step 9"));
    EXPECT_THAT(r.out, HasSubstr("Upload Files"));
    EXPECT_THAT(r.out, HasSubstr("(server.crt): " + (out_ / "server.crt").string() + "\n"));
    EXPECT_THAT(
        r.out, HasSubstr("\nsalesforce:\n  private_key: " + (out_ / "server.pem").string() + "\n"));
    for (const char* key :
         {"  username: ", "  client_id: ", "  instance_url: https://", "  api_version: \"64.0\""}) {
        EXPECT_THAT(r.out, HasSubstr(key));
    }
    EXPECT_EQ(value_after(r.out, "Subject:             "), "CN = sfcollector");
}

TEST_F(keygen, encrypted_key_and_keystore_open_with_the_passphrase_file) {
    const fs::path pass = write_passphrase_file();
    const auto r = run({"--out-dir",
                        out_.string(),
                        "--encrypted-key",
                        "--pkcs12",
                        "--passphrase-file",
                        pass.string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(passphrase)));
    for (const char* name :
         {"server.key", "server.pem", "server.crt", "server.pass.key", "keystore.p12"}) {
        EXPECT_EQ(mode_of(out_ / name), 0600u) << name;
    }
    EXPECT_THAT(r.out, HasSubstr("# private_key_passphrase_file: " + pass.string() + "\n"));

    // server.pass.key: encrypted PKCS#8, as `openssl genpkey -aes-256-cbc` writes it.
    const fs::path pass_key = out_ / "server.pass.key";
    EXPECT_THAT(read_file(pass_key), StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    EXPECT_EQ(
        openssl("rsa -noout -modulus -in " + quoted(pass_key) + " -passin file:" + quoted(pass)),
        cert_modulus());
    EXPECT_NE(shell("openssl rsa -noout -in " + quoted(pass_key) + " -passin pass:wrong").status,
              0);
    EXPECT_NE(shell("openssl rsa -noout -in " + quoted(pass_key) + " -passin pass:").status, 0);

    // keystore.p12: OpenSSL 3's algorithms, readable without -legacy, with key and certificate.
    const fs::path p12 = out_ / "keystore.p12";
    const std::string info =
        openssl("pkcs12 -info -nokeys -in " + quoted(p12) + " -passin file:" + quoted(pass));
    EXPECT_THAT(info, HasSubstr("MAC: sha256"));
    EXPECT_THAT(info, HasSubstr("PBES2, PBKDF2, AES-256-CBC"));
    EXPECT_THAT(info, HasSubstr("friendlyName: sfcollector"));
    EXPECT_THAT(info, HasSubstr(read_file(out_ / "server.crt")));
    EXPECT_EQ(openssl("pkcs12 -nocerts -nodes -in " + quoted(p12) +
                      " -passin file:" + quoted(pass) + " | openssl rsa -noout -modulus"),
              cert_modulus());
    EXPECT_NE(shell("openssl pkcs12 -noout -in " + quoted(p12) + " -passin pass:wrong-pass").status,
              0);
}

TEST_F(keygen, keystore_password_from_the_environment) {
    const auto r = run({"--out-dir", out_.string(), "--pkcs12", "--passphrase-env", "SFC_E2E_P12"},
                       {"SFC_E2E_P12=env-pass-123"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("# private_key_passphrase_env: SFC_E2E_P12\n"));
    EXPECT_THAT(r.out, Not(HasSubstr("env-pass-123")));
    // The variable is set for openssl alone, as it was for keygen alone.
    const auto opened = shell("SFC_E2E_P12=env-pass-123 openssl pkcs12 -nocerts -nodes -in " +
                              quoted(out_ / "keystore.p12") +
                              " -passin env:SFC_E2E_P12 | openssl rsa -noout -modulus");
    EXPECT_EQ(opened.status, 0) << opened.output;
    EXPECT_EQ(opened.output, cert_modulus());
}

TEST_F(keygen, keystore_password_shorter_than_six_characters_is_refused) {
    const auto r = run({"--out-dir", out_.string(), "--pkcs12", "--passphrase-env", "SFC_E2E_P12"},
                       {"SFC_E2E_P12=12345"});
    EXPECT_EQ(r.code, 64);
    EXPECT_EQ(lines_in(r.err), 1u) << r.err;
    EXPECT_THAT(r.err, HasSubstr("at least 6"));
    EXPECT_THAT(r.err, Not(HasSubstr("12345")));
    EXPECT_FALSE(fs::exists(out_ / "server.key"));  // refused before anything was made
}

TEST_F(keygen, refuses_to_overwrite_without_force_and_replaces_with_it) {
    ASSERT_EQ(run({"--out-dir", out_.string()}).code, 0);
    const std::string key_before = read_file(out_ / "server.key");
    const std::string crt_before = read_file(out_ / "server.crt");

    const auto refused = run({"--out-dir", out_.string()});
    EXPECT_EQ(refused.code, 73);
    EXPECT_EQ(lines_in(refused.err), 1u) << refused.err;
    EXPECT_THAT(refused.err, HasSubstr((out_ / "server.key").string() + " already exists"));
    EXPECT_THAT(refused.err, HasSubstr("--force"));
    EXPECT_EQ(read_file(out_ / "server.key"), key_before);
    EXPECT_EQ(read_file(out_ / "server.crt"), crt_before);

    // --force replaces every file, and a replaced file does not keep a wider mode.
    fs::permissions(out_ / "server.crt", fs::perms(0644));
    const auto forced = run({"--out-dir", out_.string(), "--force"});
    ASSERT_EQ(forced.code, 0) << forced.err;
    EXPECT_NE(read_file(out_ / "server.key"), key_before);
    EXPECT_NE(read_file(out_ / "server.crt"), crt_before);
    EXPECT_EQ(read_file(out_ / "server.pem"), read_file(out_ / "server.key"));
    EXPECT_EQ(mode_of(out_ / "server.crt"), 0600u);
    EXPECT_EQ(openssl("rsa -noout -modulus -in " + quoted(out_ / "server.key")), cert_modulus());
    // No temporary file is left beside them.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(out_)) ++entries;
    EXPECT_EQ(entries, 3u);
}

TEST_F(keygen, one_existing_file_stops_it_before_anything_is_written) {
    fs::create_directories(out_);
    write_file(out_ / "keystore.p12", "an older keystore");
    const auto r = run({"--out-dir",
                        out_.string(),
                        "--pkcs12",
                        "--passphrase-file",
                        write_passphrase_file().string()});
    EXPECT_EQ(r.code, 73);
    EXPECT_THAT(r.err, HasSubstr((out_ / "keystore.p12").string() + " already exists"));
    EXPECT_FALSE(fs::exists(out_ / "server.key"));
    EXPECT_FALSE(fs::exists(out_ / "server.crt"));
    EXPECT_EQ(read_file(out_ / "keystore.p12"), "an older keystore");
}

TEST_F(keygen, makes_a_4096_bit_key_on_request) {
    const auto r = run({"--out-dir", out_.string(), "--bits", "4096"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(openssl("x509 -noout -text -in " + quoted(out_ / "server.crt")),
                HasSubstr("Public-Key: (4096 bit)"));
    EXPECT_THAT(openssl("rsa -check -noout -in " + quoted(out_ / "server.key")),
                HasSubstr("RSA key ok"));
    EXPECT_EQ(openssl("rsa -noout -modulus -in " + quoted(out_ / "server.key")), cert_modulus());
}

TEST_F(keygen, usage_errors_are_one_line_with_a_hint) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--bits", "1024"}, "--bits takes 2048, 3072 or 4096"},
        {{"--days", "0"}, "--days takes a whole number"},
        {{"--country", "USA"}, "--country takes a two-letter"},
        {{"--colour"}, "unknown option '--colour'"},
        {{"--cn"}, "--cn needs a value"},
        {{"--encrypted-key"}, "--encrypted-key needs a passphrase"},
        {{"--pkcs12", "--passphrase-env", "SFC_E2E_UNSET_VARIABLE"}, "SFC_E2E_UNSET_VARIABLE"},
        {{"--passphrase-env", "HOME"}, "only with --encrypted-key or --pkcs12"},
    };
    for (const auto& [args, expected] : cases) {
        auto with_dir = args;
        with_dir.insert(with_dir.begin(), {"--out-dir", out_.string()});
        const auto r = run(with_dir);
        EXPECT_EQ(r.code, 64) << expected;
        EXPECT_EQ(lines_in(r.err), 1u) << r.err;
        EXPECT_THAT(r.err, HasSubstr(expected));
        EXPECT_THAT(r.err, HasSubstr("sfcollector keygen --help"));
        EXPECT_EQ(r.out, "");
    }
    EXPECT_FALSE(fs::exists(out_));  // nothing made, not even the folder
}

}  // namespace
