// Parsing `sfcollector keygen`'s options and reading the passphrase: every mistake is one line
// naming the option, found before any key is made.
#include "app/keygen_options.hpp"

#include <charconv>
#include <string_view>

#include "util/secret.hpp"

namespace sfc::app {
namespace {

// OpenSSL hands a decrypting passphrase to the key loader through a 1024-byte buffer.
constexpr std::size_t max_passphrase = 1024;

int parse_number(const std::string& option, const std::string& text, int low, int high) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < low || value > high) {
        throw usage_error(option + " takes a whole number from " + std::to_string(low) + " to " +
                          std::to_string(high) + ", not '" + text + "'");
    }
    return value;
}

int parse_bits(const std::string& text) {
    if (text != "2048" && text != "3072" && text != "4096") {
        throw usage_error("--bits takes 2048, 3072 or 4096, not '" + text + "'");
    }
    return std::stoi(text);
}

using setter = void (*)(keygen_options&, const std::string&);

struct value_option {
    std::string_view name;
    setter set;
};

const value_option value_options[] = {
    {"--bits", [](keygen_options& o, const std::string& v) { o.bits = parse_bits(v); }},
    {"--days",
     [](keygen_options& o, const std::string& v) { o.days = parse_number("--days", v, 1, 36500); }},
    {"--cn", [](keygen_options& o, const std::string& v) { o.subject.common_name = v; }},
    {"--org", [](keygen_options& o, const std::string& v) { o.subject.organization = v; }},
    {"--ou", [](keygen_options& o, const std::string& v) { o.subject.organizational_unit = v; }},
    {"--country", [](keygen_options& o, const std::string& v) { o.subject.country = v; }},
    {"--state", [](keygen_options& o, const std::string& v) { o.subject.state = v; }},
    {"--locality", [](keygen_options& o, const std::string& v) { o.subject.locality = v; }},
    {"--email", [](keygen_options& o, const std::string& v) { o.subject.email = v; }},
    {"--out-dir", [](keygen_options& o, const std::string& v) { o.out_dir = v; }},
    {"--passphrase-file", [](keygen_options& o, const std::string& v) { o.passphrase_file = v; }},
    {"--passphrase-env", [](keygen_options& o, const std::string& v) { o.passphrase_env = v; }},
};

struct flag_option {
    std::string_view name;
    bool keygen_options::*member;
};

const flag_option flag_options[] = {{"--encrypted-key", &keygen_options::encrypted_key},
                                    {"--pkcs12", &keygen_options::pkcs12},
                                    {"--force", &keygen_options::force}};

/// Applies args[i] (and its value, "--name value" or "--name=value"); returns the next index.
std::size_t apply_option(const std::vector<std::string>& args, std::size_t i, keygen_options& o) {
    const std::string& word = args[i];
    const auto equals = word.find('=');
    const std::string_view name = std::string_view(word).substr(0, equals);
    for (const auto& flag : flag_options) {
        if (word == flag.name) {
            o.*flag.member = true;
            return i + 1;
        }
    }
    for (const auto& option : value_options) {
        if (name != option.name) continue;
        if (equals != std::string::npos) {
            option.set(o, word.substr(equals + 1));
            return i + 1;
        }
        if (i + 1 >= args.size()) throw usage_error(word + " needs a value");
        option.set(o, args[i + 1]);
        return i + 2;
    }
    throw usage_error("unknown option '" + word + "'");
}

/// Characters, not bytes: X.520's limits count characters and the subject is UTF-8.
std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

void check_length(const char* option, const std::string& value, std::size_t limit) {
    if (utf8_length(value) > limit) {
        throw usage_error(std::string(option) + " takes at most " + std::to_string(limit) +
                          " characters (X.520)");
    }
}

bool is_ascii_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/// What OpenSSL would refuse later, refused now with the option's name.
void check_subject(crypto::certificate_subject& s) {
    if (s.common_name.empty()) throw usage_error("--cn must not be empty");
    if (!s.country.empty() && (s.country.size() != 2 || !is_ascii_letter(s.country[0]) ||
                               !is_ascii_letter(s.country[1]))) {
        throw usage_error("--country takes a two-letter country code such as US, not '" +
                          s.country + "'");
    }
    for (char& c : s.country) c = static_cast<char>(c & ~0x20);  // upper case, as X.520 has it
    if (!s.email.empty() && s.email.find('@') == std::string::npos) {
        throw usage_error("--email takes an address such as admin@example.com");
    }
    check_length("--cn", s.common_name, 64);
    check_length("--org", s.organization, 64);
    check_length("--ou", s.organizational_unit, 64);
    check_length("--state", s.state, 128);
    check_length("--locality", s.locality, 128);
    check_length("--email", s.email, 128);
}

void check_passphrase_options(const keygen_options& o) {
    const bool wanted = o.encrypted_key || o.pkcs12;
    const bool given = !o.passphrase_file.empty() || !o.passphrase_env.empty();
    if (wanted && !given) {
        throw usage_error(std::string(o.encrypted_key ? "--encrypted-key" : "--pkcs12") +
                          " needs a passphrase: --passphrase-file FILE or --passphrase-env VAR");
    }
    if (!o.passphrase_file.empty() && !o.passphrase_env.empty()) {
        throw usage_error("give --passphrase-file or --passphrase-env, not both");
    }
    if (given && !wanted) {
        throw usage_error("a passphrase is used only with --encrypted-key or --pkcs12");
    }
}

}  // namespace

keygen_options parse_keygen_options(const std::vector<std::string>& args) {
    keygen_options o;
    for (std::size_t i = 0; i < args.size();) i = apply_option(args, i, o);
    check_subject(o.subject);
    check_passphrase_options(o);
    if (o.out_dir.empty()) throw usage_error("--out-dir needs a directory");
    return o;
}

// --- the passphrase ---------------------------------------------------------------------------

passphrase read_keygen_passphrase(const keygen_options& o) {
    if (!o.encrypted_key && !o.pkcs12) return {};
    const char* option = o.passphrase_file.empty() ? "--passphrase-env" : "--passphrase-file";
    passphrase out;
    try {
        out.text.emplace(util::read_secret(o.passphrase_file, o.passphrase_env, option));
    } catch (const util::secret_error& e) {
        throw usage_error(e.what());
    }
    const std::size_t size = out.text->view().size();
    if (o.pkcs12 && size < crypto::min_pkcs12_password) {
        throw usage_error(std::string("--pkcs12: the export password from ") + option + " has " +
                          std::to_string(size) + " characters; it needs at least " +
                          std::to_string(crypto::min_pkcs12_password));
    }
    if (size > max_passphrase) {
        throw usage_error(std::string("the passphrase from ") + option + " is longer than " +
                          std::to_string(max_passphrase) + " characters");
    }
    return out;
}

}  // namespace sfc::app
