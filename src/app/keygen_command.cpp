// sfcollector keygen: checks its options and the passphrase before anything is made, makes the
// key material in memory (crypto/keygen), writes the files owner-only, and prints what the
// operator does next in the set-up guide's words.
#include "app/keygen_command.hpp"
#include "app/keygen_options.hpp"

#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/collector.hpp"
#include "crypto/keygen.hpp"
#include "platform/file.hpp"  // sync_directory
#include "platform/paths.hpp"
#include "platform/private_file.hpp"
#include "sfc/clock.hpp"
#include "util/secret.hpp"

namespace sfc::app {
namespace {

namespace fs = std::filesystem;

constexpr int exit_cant_create = 73;  // EX_CANTCREAT: a file is in the way
constexpr const char* keystore_alias = "sfcollector";

/// A file keygen would write already exists; exit 73.
class exists_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// --- the files --------------------------------------------------------------------------------

/// One file to write: its name in the output directory, its bytes and what it is.
struct output_file {
    const char* name;
    std::string_view content;
    std::string description;
};

std::vector<const char*> file_names(const keygen_options& o) {
    std::vector<const char*> names{"server.key", "server.pem", "server.crt"};
    if (o.encrypted_key) names.push_back("server.pass.key");
    if (o.pkcs12) names.push_back("keystore.p12");
    return names;
}

/// The output directory as an absolute path, made when missing.
fs::path prepare_directory(const fs::path& dir) {
    fs::path absolute = fs::absolute(dir).lexically_normal();
    if (!absolute.has_filename()) absolute = absolute.parent_path();  // "/srv/jwt/" from "."
    std::error_code ec;
    if (fs::is_directory(absolute, ec)) return absolute;
    if (fs::exists(absolute, ec)) {
        throw std::runtime_error(absolute.string() +
                                 " is not a directory; pick one with --out-dir");
    }
    fs::create_directories(absolute, ec);
    if (ec) {
        throw std::runtime_error("cannot create the directory " + absolute.string() + ": " +
                                 ec.message());
    }
    return absolute;
}

/// Refuses before anything is generated, so no file is half replaced.
void refuse_existing(const fs::path& dir, const std::vector<const char*>& names, bool force) {
    for (const char* name : names) {
        const fs::path path = dir / name;
        std::error_code ec;
        const auto status = fs::symlink_status(path, ec);
        if (!fs::exists(status)) continue;
        if (fs::is_directory(status)) {
            throw std::runtime_error(path.string() +
                                     " is a directory; move it or pick another "
                                     "--out-dir");
        }
        if (!force) {
            throw exists_error(path.string() +
                               " already exists; keep it, or pass --force to replace it (then "
                               "upload the new server.crt to Salesforce)");
        }
    }
}

/// The guide's files, made in memory.
struct material {
    crypto::private_key key;
    crypto::certificate cert;
    crypto::key_bytes key_pem;
    std::string cert_pem;
    crypto::key_bytes encrypted_pem;
    crypto::key_bytes keystore;
};

material make_material(const keygen_options& o, const passphrase& pass) {
    sfc::system_clock clock;
    crypto::private_key key = crypto::generate_rsa_key(o.bits);
    crypto::certificate cert =
        crypto::make_self_signed_certificate(key, o.subject, o.days, clock.now());
    material m{std::move(key), std::move(cert), {}, {}, {}, {}};
    m.key_pem = crypto::private_key_pem(m.key);
    m.cert_pem = crypto::certificate_pem(m.cert);
    if (o.encrypted_key) {
        m.encrypted_pem = crypto::encrypted_private_key_pem(m.key, pass.text->view());
    }
    if (o.pkcs12) {
        m.keystore = crypto::pkcs12_keystore(m.key, m.cert, pass.text->view(), keystore_alias);
    }
    return m;
}

std::vector<output_file> outputs(const keygen_options& o, const material& m) {
    const std::string bits = std::to_string(o.bits);
    std::vector<output_file> files{
        {"server.key", m.key_pem.view(), "RSA " + bits + "-bit private key (Step 3)"},
        {"server.pem", m.key_pem.view(), "the same key, the one the collector reads (Step 6)"},
        {"server.crt",
         m.cert_pem,
         "self-signed certificate, SHA-256, " + std::to_string(o.days) + " days (Step 5)"}};
    if (o.encrypted_key) {
        files.push_back(
            {"server.pass.key", m.encrypted_pem.view(), "the key encrypted with AES-256 (Step 3)"});
    }
    if (o.pkcs12) {
        files.push_back({"keystore.p12",
                         m.keystore.view(),
                         "PKCS#12 keystore, alias " + std::string(keystore_alias) +
                             " (JKS Keystore File, Step 2)"});
    }
    return files;
}

/// Writes every file; on a failure without --force removes the ones this run created.
void write_files(const fs::path& dir, const std::vector<output_file>& files, bool force) {
    std::vector<fs::path> written;
    for (const auto& file : files) {
        const fs::path path = dir / file.name;
        const std::error_code ec = platform::write_private_file(path, file.content, force);
        if (!ec) {
            written.push_back(path);
            continue;
        }
        if (!force) {
            std::error_code ignored;
            for (const auto& done : written) fs::remove(done, ignored);
        }
        if (ec == std::errc::file_exists) {
            throw exists_error(path.string() + " appeared while keygen ran; nothing was kept");
        }
        throw std::runtime_error(
            "cannot write " + path.string() + ": " + ec.message() +
            (force ? "; the files before it were already replaced: fix that and run keygen "
                     "again with --force"
                   : "; nothing was kept: fix that and run keygen again"));
    }
    // Best effort: the files themselves are synced, a lost directory entry shows on the next run.
    platform::sync_directory(dir);
}

// --- what the operator reads ------------------------------------------------------------------

/// `text` as a YAML scalar: plain when that reads back the same, else single-quoted.
std::string yaml_scalar(const std::string& text) {
    constexpr std::string_view special = ":#'\"{}[],&*!|>%@`";
    const bool plain = !text.empty() && text.find_first_of(special) == std::string::npos &&
                       text.front() != ' ' && text.back() != ' ' && text.front() != '-' &&
                       text.front() != '?';
    if (plain) return text;
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

void print_files(std::ostream& out, const fs::path& dir, const std::vector<output_file>& files) {
    out << "Wrote to " << dir.string() << " (readable by its owner only):\n";
    for (const auto& file : files) {
        std::string name = file.name;
        name.resize(17, ' ');
        out << "  " << name << file.description << "\n";
    }
}

void print_certificate(std::ostream& out, const crypto::certificate& cert) {
    out << "\nCertificate server.crt\n"
        << "  Subject:             " << crypto::subject_text(cert) << "\n"
        << "  SHA-256 fingerprint: " << crypto::sha256_fingerprint(cert) << "\n"
        << "  Expires:             " << crypto::not_after_text(cert) << "\n";
}

/// The salesforce section with the key's path filled in and the guide's four other values.
void print_yaml(std::ostream& out, const fs::path& dir, const keygen_options& o) {
    out << "salesforce:\n"
        << "  private_key: " << yaml_scalar((dir / "server.pem").string()) << "\n"
        << "  username: integration@example.com  # Username (Setup > Users)\n"
        << "  client_id: 3MVG9_replace_with_your_consumer_key  # Client ID (Consumer Key)\n"
        << "  instance_url: https://company.my.salesforce.com  # Current My Domain URL\n"
        << "  api_version: \"64.0\"  # Api Version column of Setup > Apex Classes\n"
        << "  certificate: " << yaml_scalar((dir / "server.crt").string())
        << "  # optional: sfcollector check compares it with the key\n";
    if (!o.encrypted_key && !o.pkcs12) return;
    const char* alternative = o.encrypted_key ? "server.pass.key" : "keystore.p12";
    out << "  # or the " << (o.encrypted_key ? "encrypted key" : "keystore")
        << " instead of server.pem, with its passphrase:\n"
        << "  # private_key: " << yaml_scalar((dir / alternative).string()) << "\n";
    if (!o.passphrase_file.empty()) {
        out << "  # private_key_passphrase_file: "
            << yaml_scalar(fs::absolute(o.passphrase_file).lexically_normal().string()) << "\n";
    } else {
        out << "  # private_key_passphrase_env: " << o.passphrase_env << "\n";
    }
}

void print_next_steps(std::ostream& out, const fs::path& dir, const keygen_options& o) {
    const std::string config = platform::default_config_file().string();
    out << "\nNext steps\n"
        << "  1. \"Creating an External Client App in Your Salesforce Organization\": with the\n"
        << "     JWT Bearer Flow enabled (Step 8), Step 9: (Required for JWT) Click Upload Files\n"
        << "     and upload your digital certificate file (server.crt): "
        << (dir / "server.crt").string() << "\n"
        << "  2. Fill in the \"Required fields for JWT Authentication Integration\" in the\n"
        << "     salesforce section of " << config << "; the key's path is already there:\n\n";
    print_yaml(out, dir, o);
    out << "\n  3. The key is readable by its owner only. If the collector runs as another user\n"
        << "     (the Linux service's sfcollector account), make that user its owner:\n"
        << "     chown sfcollector: " << (dir / "server.pem").string() << "\n"
        << "  4. Check it: sfcollector check --config " << config << "\n";
}

int run(const std::vector<std::string>& args) {
    const keygen_options options = parse_keygen_options(args);
    const passphrase pass = read_keygen_passphrase(options);
    const fs::path dir = prepare_directory(options.out_dir);
    refuse_existing(dir, file_names(options), options.force);
    const material made = make_material(options, pass);
    const auto files = outputs(options, made);
    write_files(dir, files, options.force);
    print_files(std::cout, dir, files);
    print_certificate(std::cout, made.cert);
    print_next_steps(std::cout, dir, options);
    return exit_ok;
}

}  // namespace

int run_keygen(const std::vector<std::string>& args) {
    try {
        return run(args);
    } catch (const usage_error& e) {
        std::cerr << "sfcollector keygen: " << e.what() << " (see sfcollector keygen --help)\n";
        return exit_usage;
    } catch (const exists_error& e) {
        std::cerr << "sfcollector keygen: " << e.what() << "\n";
        return exit_cant_create;
    } catch (const std::exception& e) {
        std::cerr << "sfcollector keygen: " << e.what() << "\n";
        return exit_failure;
    }
}

std::string keygen_usage() {
    return "Usage: sfcollector keygen [options]\n\n"
           "Does the set-up guide's OpenSSL steps (\"Creating a Private Key and Self-Signed\n"
           "Digital Certificate\") in one command: an RSA key written as server.key and\n"
           "server.pem, a self-signed SHA-256 certificate server.crt to upload to the External\n"
           "Client App (Step 9) and, on request, the key encrypted with AES-256\n"
           "(server.pass.key) and a PKCS#12 keystore (keystore.p12, alias sfcollector). Every\n"
           "file is readable by its owner only. Prints the certificate's SHA-256 fingerprint\n"
           "and expiry, and the config values to fill in.\n"
           "\nOptions:\n"
           "  --out-dir DIR          where to write the files (default: the current directory;\n"
           "                         made when missing)\n"
           "  --bits N               RSA key size: 2048 (default), 3072 or 4096\n"
           "  --days N               certificate validity in days (default 365)\n"
           "  --cn NAME              subject common name (default sfcollector)\n"
           "  --org, --ou, --country, --state, --locality, --email VALUE\n"
           "                         the other subject fields (default: left out); --country\n"
           "                         takes two letters (US)\n"
           "  --encrypted-key        also write server.pass.key, encrypted with the passphrase\n"
           "  --pkcs12               also write keystore.p12; its export password is the\n"
           "                         passphrase, at least 6 characters\n"
           "  --passphrase-file F    the passphrase: the first line of file F\n"
           "  --passphrase-env VAR   the passphrase: environment variable VAR\n"
           "  --force                replace files that exist (default: refuse)\n"
           "\n"
           "Exit codes: 0 files written, 64 usage error (also a missing or too short\n"
           "passphrase), 73 a file exists (without --force), 1 another failure.\n";
}

}  // namespace sfc::app
