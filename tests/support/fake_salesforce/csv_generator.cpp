#include "fake_salesforce/csv_generator.hpp"

#include "fake_salesforce/csv_columns.hpp"
#include "fake_salesforce/sf_ids.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>
#include <string_view>
#include <vector>

namespace sfc::test::fake_sf {
namespace {

// A small population of users, some with non-ASCII names.
struct user {
    std::string name;
    std::string id15;
    std::string id18;
};

std::vector<user> make_users() {
    static constexpr std::array<std::string_view, 8> names = {"alice@acme.example",
                                                              "bob@acme.example",
                                                              "integration@acme.example",
                                                              "zoë.ångström@acme.example",
                                                              "jürgen.müller@acme.example",
                                                              "carol@acme.example",
                                                              "dave@acme.example",
                                                              "svc-etl@acme.example"};
    std::vector<user> out;
    for (const auto name : names) {
        const std::string id18 = hashed_id("005", name);
        out.push_back({std::string(name), id18.substr(0, 15), id18});
    }
    return out;
}

constexpr std::array<std::string_view, 4> browsers = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Go-http-client/1.1",
    "python-requests/2.31.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15"};
constexpr std::array<std::string_view, 4> entities = {"Account", "Contact", "Opportunity", "Case"};
constexpr std::array<std::string_view, 4> methods = {
    "query", "update", "describeSObject", "create"};
constexpr std::string_view key_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

class generated_csv final : public csv_content {
public:
    explicit generated_csv(generated_csv_spec spec)
        : spec_(std::move(spec)),
          columns_(columns_for(spec_.event_type)),
          users_(make_users()),
          seed_(fnv1a(spec_.file_id)),
          id_stem_(spec_.file_id.substr(3, 12)) {}

    void append_header(std::string& out) const override {
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            if (i > 0) out += ',';
            append_csv_cell(out, columns_[i].name);
        }
        for (const auto& extra : spec_.extra_columns) {
            out += ',';
            append_csv_cell(out, extra);
        }
        out += '\n';
    }

    std::size_t row_count() const override { return spec_.rows; }

    void append_row(std::string& out, std::size_t row) const override {
        const row_context ctx = context(row);
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            if (i > 0) out += ',';
            append_cell(out, columns_[i].kind, ctx);
        }
        for (const auto& extra : spec_.extra_columns) {
            out += ',';
            append_csv_cell(out, fmt::format("{}:{}", extra, row));
        }
        out += '\n';
    }

    std::vector<std::string> request_ids() const override {
        std::vector<std::string> out;
        out.reserve(spec_.rows);
        for (std::size_t row = 0; row < spec_.rows; ++row) {
            std::string id;
            append_request_id(id, row);
            out.push_back(std::move(id));
        }
        return out;
    }

private:
    struct row_context {
        std::size_t row;
        std::uint64_t h1, h2;  // independent random bits for the row's choices
        time_point when;
        const user* who;
    };

    row_context context(std::size_t row) const {
        const std::uint64_t h1 = mix64(seed_ ^ (std::uint64_t(row) * 0x9e3779b97f4a7c15ull));
        const std::uint64_t h2 = mix64(h1);
        // Rows spread evenly over the covered span, in time order, with millisecond jitter.
        const std::int64_t span = spec_.span.count();
        const std::int64_t rows = std::int64_t(spec_.rows);
        const std::int64_t step = rows > 0 ? span / rows : span;
        std::int64_t offset = std::int64_t(row) * span / std::max<std::int64_t>(rows, 1);
        if (step > 1) offset += std::int64_t(h1 % std::uint64_t(step));
        return {row,
                h1,
                h2,
                spec_.log_date + std::chrono::milliseconds(offset),
                &users_[h1 % users_.size()]};
    }

    void append_request_id(std::string& out, std::size_t row) const {
        // The file's Id stem and the row index: unique per (file, row) by construction.
        fmt::format_to(std::back_inserter(out), "{}-{:06x}", id_stem_, row);
    }

    // 16 base64-style characters, 6 bits each; 64 bits cover 10 of them, so remix once.
    static void append_key(std::string& out, std::uint64_t h) {
        for (int i = 0; i < 16; ++i) {
            if (i == 10) h = mix64(h);
            out += key_chars[h & 63];
            h >>= 6;
        }
    }

    static void append_ip(std::string& out, std::uint64_t h) {
        fmt::format_to(std::back_inserter(out),
                       "{}.{}.{}.{}",
                       10 + h % 180,
                       (h >> 8) % 256,
                       (h >> 16) % 256,
                       1 + (h >> 24) % 254);
    }

    static void number(std::string& out, std::uint64_t h, std::uint64_t max) {
        out += '"';
        fmt::format_to(std::back_inserter(out), "{}", h % max);
        out += '"';
    }

    static void quoted(std::string& out, std::string_view text) { append_csv_cell(out, text); }

    void append_cell(std::string& out, col kind, const row_context& ctx) const;
    void append_uri(std::string& out, const row_context& ctx) const;
    void append_text_cell(std::string& out, col kind, const row_context& ctx) const;

    generated_csv_spec spec_;
    const std::vector<column>& columns_;
    std::vector<user> users_;
    std::uint64_t seed_;
    std::string id_stem_;
};

void generated_csv::append_cell(std::string& out, col kind, const row_context& ctx) const {
    const std::uint64_t h = ctx.h1, g = ctx.h2;
    switch (kind) {
        case col::event_type:
            return quoted(out, spec_.event_type);
        case col::timestamp:
            out += '"';
            append_csv_timestamp(out, ctx.when);
            out += '"';
            return;
        case col::timestamp_derived:
            out += '"';
            append_iso_z(out, ctx.when);
            out += '"';
            return;
        case col::request_id:
            out += '"';
            append_request_id(out, ctx.row);
            out += '"';
            return;
        case col::organization_id:
            return quoted(out, spec_.org_id15);
        case col::user_id:
            return quoted(out, ctx.who->id15);
        case col::user_id_derived:
            return quoted(out, ctx.who->id18);
        case col::user_name:
            return quoted(out, ctx.who->name);
        case col::run_time:
            return number(out, h >> 3, 2500);
        case col::cpu_time:
            return number(out, h >> 5, 400);
        case col::db_total_time:
            return number(out, g, 2'000'000'000);
        case col::db_blocks:
            return number(out, g >> 7, 900);
        case col::db_cpu_time:
            return number(out, g >> 9, 300);
        case col::rows_processed:
            return number(out, g >> 11, 2000);
        case col::request_size:
            return number(out, g >> 13, 9000);
        case col::response_size:
            return number(out, g >> 17, 90000);
        case col::session_key:
        case col::login_key:
            out += '"';
            append_key(out, kind == col::session_key ? g : mix64(g));
            out += '"';
            return;
        case col::client_ip:
            out += '"';
            if (h % 10 == 0) {
                out += "Salesforce.com IP";
            } else {
                append_ip(out, g);
            }
            out += '"';
            return;
        case col::source_ip:
            out += '"';
            append_ip(out, g);
            out += '"';
            return;
        case col::uri:
            return append_uri(out, ctx);
        default:
            return append_text_cell(out, kind, ctx);
    }
}

void generated_csv::append_uri(std::string& out, const row_context& ctx) const {
    const std::uint64_t h = ctx.h2 >> 20;
    if (spec_.event_type == "Login") return quoted(out, "/services/oauth2/token");
    if (spec_.event_type == "API") return quoted(out, "/services/Soap/u/60.0/00D5j00000DgAYG");
    switch (h % 4) {
        case 0:
            return quoted(out, "/lightning/page/home");
        case 1:
            return quoted(out, "/apex/report?name=Q1, \"draft\"");  // comma and quotes
        case 2:
            return quoted(out, "/lightning/r/Account/0015j00000XyZabAAB/view");
        default:
            return quoted(out, "/apex/café_résumé");  // non-ASCII
    }
}

void generated_csv::append_text_cell(std::string& out, col kind, const row_context& ctx) const {
    const std::uint64_t h = ctx.h1 >> 24, g = ctx.h2 >> 24;
    const bool logout = spec_.event_type == "Logout";
    switch (kind) {
        case col::user_type:
            return quoted(out, logout ? "S" : "Standard");
        case col::request_status:
            return quoted(out, spec_.event_type == "Login" ? "" : (h % 7 == 0 ? "F" : "S"));
        case col::login_type:
            return quoted(out, h % 3 == 0 ? "Application" : "i");
        case col::browser_type:
            return quoted(out, browsers[g % browsers.size()]);
        case col::api_type:
            return quoted(out, logout ? "" : (h % 2 ? "E" : "P"));
        case col::api_version:
            return quoted(out, h % 5 == 0 ? "9998.0" : "60.0");
        case col::tls_protocol:
            return quoted(out, h % 4 == 0 ? "TLSv1.3" : "TLSv1.2");
        case col::cipher_suite:
            return quoted(out,
                          h % 4 == 0 ? "TLS_AES_256_GCM_SHA384" : "ECDHE-RSA-AES256-GCM-SHA384");
        case col::login_status:
            return quoted(out, h % 11 == 0 ? "LOGIN_ERROR_INVALID_PASSWORD" : "LOGIN_NO_ERROR");
        case col::uri_id_derived:
            return quoted(out, h % 2 ? "" : "0015j00000XyZabAAB");
        case col::referrer_uri:
            switch (g % 3) {
                case 0:
                    return quoted(out, "\"https://test.local.test\"");  // """...""" in CSV
                case 1:
                    return quoted(out, "https://acme.my.salesforce.com/lightning/page/home");
                default:
                    return quoted(out, "");
            }
        case col::session_type:
            return quoted(out, h % 2 ? "O" : "A");
        case col::session_level:
            return quoted(out, h % 9 == 0 ? "10" : "1");
        case col::platform_type:
            return quoted(out, "1015");
        case col::resolution_type:
            return quoted(out, "1920");
        case col::app_type:
            return quoted(out, "1000");
        case col::client_version:
            return quoted(out, "9998");
        case col::user_initiated_logout:
            return quoted(out, h % 2 ? "1" : "0");
        case col::client_name:
            return quoted(out, h % 3 == 0 ? "DataLoader, v60" : "");
        case col::method_name:
            return quoted(out, methods[g % methods.size()]);
        case col::entity_name:
            return quoted(out, entities[h % entities.size()]);
        case col::query:
            if (g % 4 != 0) return quoted(out, "");
            // A multi-line statement with commas and quotes, as API events record them.
            return quoted(out, "SELECT Id, Name\nFROM Account WHERE Name = 'Acme, \"Inc\"'");
        case col::exception_message:
            return quoted(out, h % 13 == 0 ? "INVALID_FIELD: No such column 'Foo__c'" : "");
        default:
            return quoted(out, "");
    }
}

}  // namespace

std::shared_ptr<const csv_content> make_generated_csv(generated_csv_spec spec) {
    if (spec.file_id.size() < 15) spec.file_id.resize(15, '0');
    return std::make_shared<generated_csv>(std::move(spec));
}

}  // namespace sfc::test::fake_sf
