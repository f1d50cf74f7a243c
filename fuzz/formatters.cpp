// libFuzzer target: the SIEM formats and syslog framing, checked against their grammars. The
// input gives the event (id and JSON) and the syslog header settings; every output is parsed
// back and any violation aborts:
// - RFC 5424: PRI 0-191, version 1, an RFC 3339 TIMESTAMP or "-", HOSTNAME/APP-NAME/PROCID/MSGID
//   of 1-255/48/128/32 printable US-ASCII, one SD-ELEMENT with escaped PARAM-VALUEs in UTF-8,
//   MSG = BOM + valid UTF-8 (rfc5424) or exactly the message given (rfc5424_wrap);
// - RFC 6587: an octet count that matches, LF framing only for messages without LF;
// - CEF: one line, seven header fields with '\' and '|' escaped, the fixed vendor and version,
//   severity 0-10, extension keys alphanumeric with '\', '=' escaped in values;
// - LEEF 2.0: one line without TAB, six header fields, '^' between key=value attributes, keys
//   of [A-Za-z0-9_.-] once each, no empty value.

#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "format/format.hpp"

namespace {

using namespace std::string_view_literals;

[[noreturn]] void violated(const char* what, std::string_view text) {
    std::fprintf(
        stderr, "formatters: %s in: %.*s\n", what, static_cast<int>(text.size()), text.data());
    std::abort();
}

bool digit(char c) {
    return c >= '0' && c <= '9';
}

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (b < 0x80) {
            ++i;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            n = 1, cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 2, cp = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 3, cp = b & 0x07;
        } else {
            return false;
        }
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

// Reads one header token (up to the next SP) of 1..max printable US-ASCII.
std::string_view header_token(std::string_view& rest,
                              std::size_t max,
                              const char* what,
                              std::string_view msg) {
    const std::size_t sp = rest.find(' ');
    if (sp == std::string_view::npos) violated(what, msg);
    const std::string_view token = rest.substr(0, sp);
    if (token.empty() || token.size() > max) violated(what, msg);
    for (const char c : token) {
        if (c < 33 || c > 126) violated(what, msg);
    }
    rest.remove_prefix(sp + 1);
    return token;
}

bool rfc3339_ms(std::string_view t) {
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (t.size() != shape.size()) return false;
    for (std::size_t k = 0; k < shape.size(); ++k) {
        if (shape[k] == 'd' ? !digit(t[k]) : t[k] != shape[k]) return false;
    }
    return true;
}

// The structured data: "-" or one SD-ELEMENT; returns what follows it.
std::string_view structured_data(std::string_view rest, std::string_view msg) {
    if (rest.starts_with("-")) return rest.substr(1);
    if (!rest.starts_with("[sfc@32473")) violated("SD-ID", msg);
    std::size_t i = "[sfc@32473"sv.size();
    while (i < rest.size() && rest[i] == ' ') {
        const std::size_t eq = rest.find('=', i + 1);
        if (eq == std::string_view::npos || eq == i + 1 || eq - i - 1 > 32)
            violated("PARAM-NAME", msg);
        for (std::size_t k = i + 1; k < eq; ++k) {
            const char c = rest[k];
            if (c < 33 || c > 126 || c == ']' || c == '"' || c == ' ') violated("PARAM-NAME", msg);
        }
        if (eq + 1 >= rest.size() || rest[eq + 1] != '"') violated("PARAM-VALUE quote", msg);
        std::string value;
        std::size_t k = eq + 2;
        for (;; ++k) {
            if (k >= rest.size()) violated("PARAM-VALUE unterminated", msg);
            const char c = rest[k];
            if (c == '\\' && k + 1 < rest.size()) {
                value.push_back(rest[++k]);
                continue;
            }
            if (c == '"') break;
            if (c == ']') violated("unescaped ] in PARAM-VALUE", msg);
            value.push_back(c);
        }
        if (!valid_utf8(value)) violated("PARAM-VALUE not UTF-8", msg);
        i = k + 1;
    }
    if (i >= rest.size() || rest[i] != ']') violated("SD-ELEMENT end", msg);
    return rest.substr(i + 1);
}

// The RFC 5424 header; returns what follows the structured data.
std::string_view rfc5424_header(std::string_view msg) {
    std::string_view rest = msg;
    if (!rest.starts_with("<")) violated("PRI", msg);
    std::size_t k = 1;
    int prival = 0;
    while (k < rest.size() && k <= 4 && digit(rest[k])) prival = prival * 10 + (rest[k++] - '0');
    if (k == 1 || k > 4 || prival > 191 || (k > 2 && rest[1] == '0') ||
        rest.substr(k, 3) != ">1 ") {
        violated("PRI/VERSION", msg);
    }
    rest.remove_prefix(k + 3);
    const std::string_view ts = header_token(rest, 32, "TIMESTAMP", msg);
    if (ts != "-" && !rfc3339_ms(ts)) violated("TIMESTAMP", msg);
    header_token(rest, 255, "HOSTNAME", msg);
    header_token(rest, 48, "APP-NAME", msg);
    header_token(rest, 128, "PROCID", msg);
    header_token(rest, 32, "MSGID", msg);
    return structured_data(rest, msg);
}

void check_rfc5424(std::string_view msg) {
    const std::string_view after = rfc5424_header(msg);
    if (after.empty()) return;  // MSG is optional
    if (!after.starts_with(" \xEF\xBB\xBF")) violated("MSG without SP and BOM", msg);
    if (!valid_utf8(after.substr(4))) violated("MSG not UTF-8", msg);
}

void check_wrap(std::string_view framed, std::string_view inner) {
    const std::string_view after = rfc5424_header(framed);
    if (!after.starts_with(" ") || after.substr(1) != inner)
        violated("wrapped MSG changed", framed);
}

void check_framing(std::string_view msg) {
    const std::string counted = sfc::format::frame_octet_counting(msg);
    if (msg.empty()) {
        if (!counted.empty()) violated("frame for an empty message", msg);
    } else if (counted != std::to_string(msg.size()) + " " + std::string(msg)) {
        violated("octet count", msg);
    }
    const auto lf = sfc::format::frame_lf(msg);
    if (lf.has_value() == (msg.find('\n') != std::string_view::npos)) violated("LF framing", msg);
    if (lf && *lf != std::string(msg) + "\n") violated("LF frame", msg);
}

bool alnum(char c) {
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void check_cef(std::string_view line) {
    if (line.find_first_of("\r\n") != std::string_view::npos) violated("CEF line break", line);
    if (!line.starts_with("CEF:0|")) violated("CEF prefix", line);
    std::vector<std::string> fields(1);
    std::size_t i = 6;
    for (; i < line.size() && fields.size() <= 6; ++i) {
        const char c = line[i];
        if (c == '\\') {
            if (i + 1 >= line.size() || (line[i + 1] != '\\' && line[i + 1] != '|')) {
                violated("CEF header escape", line);
            }
            fields.back().push_back(line[++i]);
        } else if (c == '|') {
            fields.emplace_back();
        } else {
            fields.back().push_back(c);
        }
    }
    if (fields.size() != 7) violated("CEF header fields", line);
    if (fields[0] != "Salesforce" || fields[2] != "1") violated("CEF vendor/version", line);
    const std::string& sev = fields[5];
    if (sev.empty() || sev.size() > 2 || !digit(sev[0]) || (sev.size() == 2 && sev != "10")) {
        violated("CEF severity", line);
    }
    // The extension: unescaped '=' end keys; a key is alphanumeric and starts the extension or
    // follows a space; a value is never empty.
    const std::string_view ext = line.substr(i);
    std::size_t value_start = std::string_view::npos;
    for (std::size_t k = 0; k < ext.size(); ++k) {
        if (ext[k] == '\\') {
            if (k + 1 >= ext.size() ||
                std::string_view("\\=nr").find(ext[k + 1]) == std::string_view::npos) {
                violated("CEF extension escape", line);
            }
            ++k;
            continue;
        }
        if (ext[k] != '=') continue;
        std::size_t key_start = k;
        while (key_start > 0 && alnum(ext[key_start - 1])) --key_start;
        if (key_start == k || (key_start > 0 && ext[key_start - 1] != ' '))
            violated("CEF key", line);
        if (value_start != std::string_view::npos && key_start <= value_start) {
            violated("CEF empty value", line);
        }
        if (value_start == std::string_view::npos && key_start != 0)
            violated("CEF first key", line);
        value_start = k + 1;
    }
    if (value_start == ext.size()) violated("CEF empty last value", line);
}

void check_leef(std::string_view line) {
    if (line.find_first_of("\r\n\t") != std::string_view::npos) violated("LEEF TAB or break", line);
    std::string_view rest = line;
    std::vector<std::string_view> header;
    for (int k = 0; k < 6; ++k) {
        const std::size_t bar = rest.find('|');
        if (bar == std::string_view::npos) violated("LEEF header", line);
        header.push_back(rest.substr(0, bar));
        rest.remove_prefix(bar + 1);
    }
    if (header[0] != "LEEF:2.0" || header[1] != "Salesforce" || header[3] != "1" ||
        header[5] != "^") {
        violated("LEEF fixed header fields", line);
    }
    std::set<std::string_view> keys;
    while (!rest.empty()) {
        const std::size_t end = rest.find('^');
        const std::string_view attr = rest.substr(0, end);
        const std::size_t eq = attr.find('=');
        if (eq == std::string_view::npos || eq == 0 || eq + 1 == attr.size()) {
            violated("LEEF attribute", line);
        }
        for (const char c : attr.substr(0, eq)) {
            if (!alnum(c) && c != '_' && c != '-' && c != '.') violated("LEEF key", line);
        }
        if (!keys.insert(attr.substr(0, eq)).second) violated("LEEF key twice", line);
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
        if (rest.empty()) violated("LEEF trailing delimiter", line);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    sfc::format::syslog_header h;
    h.facility = in.ConsumeIntegralInRange<int>(-2, 30);
    h.severity = in.ConsumeIntegralInRange<int>(-2, 10);
    h.hostname = in.ConsumeRandomLengthString(300);
    h.app_name = in.ConsumeRandomLengthString(60);
    h.procid = in.ConsumeRandomLengthString(140);
    h.msgid = in.ConsumeRandomLengthString(40);
    std::string id = in.ConsumeRandomLengthString(64);
    const sfc::event e =
        sfc::format::event_from_json(std::move(id), in.ConsumeRemainingBytesAsString());
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));

    const std::string syslog = sfc::format::rfc5424(e, h, now);
    check_rfc5424(syslog);
    check_framing(syslog);
    const std::string cef = sfc::format::cef(e);
    check_cef(cef);
    check_wrap(sfc::format::rfc5424_wrap(cef, e, h, now), cef);
    const std::string leef = sfc::format::leef(e);
    check_leef(leef);
    check_wrap(sfc::format::rfc5424_wrap(leef, e, h, now), leef);
    check_framing(e.json);
    return 0;
}
