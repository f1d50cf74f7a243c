#include "fake_salesforce/soql_parser.hpp"

#include "fake_salesforce/sf_time.hpp"
#include "fake_salesforce/text_util.hpp"

#include <fmt/format.h>

#include <charconv>

namespace sfc::test::fake_sf {
namespace {

struct token {
    enum class kind { ident, string, number, datetime, op, lparen, rparen, comma, end };
    kind k = kind::end;
    std::string text;
    std::size_t column = 0;  ///< 1-based
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ident_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_ident_char(char c) {
    return is_ident_start(c) || is_digit(c) || c == '.' || c == ':';
}

bool looks_like_date(std::string_view s, std::size_t pos) {
    if (pos + 10 > s.size()) return false;
    for (std::size_t i = 0; i < 10; ++i) {
        const char c = s[pos + i];
        if ((i == 4 || i == 7) ? c != '-' : !is_digit(c)) return false;
    }
    return true;
}

class lexer {
public:
    explicit lexer(std::string_view text) : text_(text) {}

    std::vector<token> run() {
        std::vector<token> out;
        for (;;) {
            skip_space();
            if (pos_ >= text_.size()) break;
            out.push_back(next());
        }
        out.push_back({token::kind::end, "<EOF>", text_.size() + 1});
        return out;
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }

    token make(token::kind k, std::size_t start) {
        return {k, std::string(text_.substr(start, pos_ - start)), start + 1};
    }

    token next() {
        const std::size_t start = pos_;
        const char c = text_[pos_];
        if (c == '\'') return string_literal();
        if (looks_like_date(text_, pos_)) {
            while (pos_ < text_.size() &&
                   (is_digit(text_[pos_]) || text_[pos_] == '-' || text_[pos_] == ':' ||
                    text_[pos_] == '.' || text_[pos_] == '+' || text_[pos_] == 'T' ||
                    text_[pos_] == 'Z')) {
                ++pos_;
            }
            return make(token::kind::datetime, start);
        }
        if (is_digit(c) || (c == '-' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
            ++pos_;
            while (pos_ < text_.size() && (is_digit(text_[pos_]) || text_[pos_] == '.')) ++pos_;
            return make(token::kind::number, start);
        }
        if (is_ident_start(c)) {
            while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
            return make(token::kind::ident, start);
        }
        ++pos_;
        switch (c) {
            case '(':
                return make(token::kind::lparen, start);
            case ')':
                return make(token::kind::rparen, start);
            case ',':
                return make(token::kind::comma, start);
            case '=':
                return make(token::kind::op, start);
            case '<':
            case '>':
            case '!':
                if (pos_ < text_.size() && (text_[pos_] == '=' || (c == '<' && text_[pos_] == '>')))
                    ++pos_;
                if (c == '!' && pos_ - start != 2) break;
                return make(token::kind::op, start);
            default:
                break;
        }
        throw soql_error(
            "MALFORMED_QUERY",
            soql_error_message(text_, start + 1, fmt::format("unexpected token: '{}'", c)));
    }

    token string_literal() {
        const std::size_t start = pos_++;
        std::string value;
        while (pos_ < text_.size() && text_[pos_] != '\'') {
            char c = text_[pos_++];
            if (c == '\\' && pos_ < text_.size()) {
                const char e = text_[pos_++];
                c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            }
            value += c;
        }
        if (pos_ >= text_.size()) {
            throw soql_error("MALFORMED_QUERY",
                             soql_error_message(text_, start + 1, "unterminated string literal"));
        }
        ++pos_;
        return {token::kind::string, std::move(value), start + 1};
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

constexpr std::int64_t day_ms = 86'400'000;

class parser {
public:
    parser(std::string_view text, std::int64_t now_ms)
        : text_(text), tokens_(lexer(text).run()), today_ms_(floor_day(now_ms)) {}

    soql_query run() {
        soql_query q;
        expect_keyword("SELECT");
        select_list(q);
        expect_keyword("FROM");
        q.object = identifier();
        if (accept_keyword("WHERE")) q.where = or_expr();
        if (accept_keyword("ORDER")) {
            expect_keyword("BY");
            do q.order_by.push_back(order_item());
            while (accept(token::kind::comma));
        }
        if (accept_keyword("LIMIT")) q.limit = count_value();
        if (accept_keyword("OFFSET")) q.offset = count_value();
        if (peek().k != token::kind::end) unexpected();
        return q;
    }

private:
    static std::int64_t floor_day(std::int64_t ms) {
        return (ms >= 0 ? ms : ms - day_ms + 1) / day_ms * day_ms;
    }

    const token& peek() const { return tokens_[pos_]; }
    const token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

    bool is_keyword(const token& t, std::string_view word) const {
        return t.k == token::kind::ident && iequals(t.text, word);
    }
    bool accept_keyword(std::string_view word) {
        if (!is_keyword(peek(), word)) return false;
        ++pos_;
        return true;
    }
    void expect_keyword(std::string_view word) {
        if (!accept_keyword(word)) unexpected();
    }
    bool accept(token::kind k) {
        if (peek().k != k) return false;
        ++pos_;
        return true;
    }
    void expect(token::kind k) {
        if (!accept(k)) unexpected();
    }

    [[noreturn]] void unexpected() const {
        const token& t = peek();
        const std::string shown =
            t.k == token::kind::end ? std::string("<EOF>") : fmt::format("'{}'", t.text);
        throw soql_error(
            "MALFORMED_QUERY",
            soql_error_message(text_, t.column, fmt::format("unexpected token: {}", shown)));
    }

    soql_field_ref identifier() {
        if (peek().k != token::kind::ident || is_reserved(peek().text)) unexpected();
        const token& t = take();
        return {t.text, t.column};
    }

    static bool is_reserved(std::string_view word) {
        for (const auto* r : {"SELECT",
                              "FROM",
                              "WHERE",
                              "AND",
                              "OR",
                              "NOT",
                              "ORDER",
                              "BY",
                              "LIMIT",
                              "OFFSET",
                              "IN",
                              "LIKE",
                              "ASC",
                              "DESC",
                              "NULLS"}) {
            if (iequals(word, r)) return true;
        }
        return false;
    }

    void select_list(soql_query& q) {
        if (is_keyword(peek(), "COUNT") && tokens_[pos_ + 1].k == token::kind::lparen) {
            pos_ += 2;
            expect(token::kind::rparen);
            q.count_only = true;
            return;
        }
        if (is_keyword(peek(), "FIELDS") && tokens_[pos_ + 1].k == token::kind::lparen) {
            pos_ += 2;
            if (!accept_keyword("ALL") && !accept_keyword("STANDARD") &&
                !accept_keyword("CUSTOM")) {
                unexpected();
            }
            expect(token::kind::rparen);
            q.all_fields = true;
            return;
        }
        do q.fields.push_back(identifier());
        while (accept(token::kind::comma));
    }

    soql_condition or_expr() { return chain(soql_condition::kind::or_, "OR"); }
    soql_condition and_expr() { return chain(soql_condition::kind::and_, "AND"); }

    soql_condition chain(soql_condition::kind k, std::string_view word) {
        soql_condition first = k == soql_condition::kind::or_ ? and_expr() : not_expr();
        if (!is_keyword(peek(), word)) return first;
        soql_condition node;
        node.k = k;
        node.children.push_back(std::move(first));
        while (accept_keyword(word)) {
            node.children.push_back(k == soql_condition::kind::or_ ? and_expr() : not_expr());
        }
        return node;
    }

    soql_condition not_expr() {
        if (accept_keyword("NOT")) {
            soql_condition node;
            node.k = soql_condition::kind::not_;
            node.children.push_back(not_expr());
            return node;
        }
        if (accept(token::kind::lparen)) {
            soql_condition inner = or_expr();
            expect(token::kind::rparen);
            return inner;
        }
        return comparison();
    }

    soql_condition comparison() {
        soql_condition node;
        const soql_field_ref field = identifier();
        node.field = field.name;
        node.field_column = field.column;
        const bool negated = accept_keyword("NOT");
        if (accept_keyword("IN")) {
            node.op = negated ? cmp_op::not_in : cmp_op::in;
            expect(token::kind::lparen);
            do node.values.push_back(literal());
            while (accept(token::kind::comma));
            expect(token::kind::rparen);
            return node;
        }
        if (accept_keyword("LIKE")) {
            node.op = negated ? cmp_op::not_like : cmp_op::like;
            node.values.push_back(literal());
            return node;
        }
        if (negated || peek().k != token::kind::op) unexpected();
        node.op = comparison_op(take().text);
        node.values.push_back(literal());
        return node;
    }

    static cmp_op comparison_op(std::string_view op) {
        if (op == "=") return cmp_op::eq;
        if (op == "!=" || op == "<>") return cmp_op::ne;
        if (op == "<") return cmp_op::lt;
        if (op == "<=") return cmp_op::le;
        if (op == ">") return cmp_op::gt;
        return cmp_op::ge;
    }

    soql_literal literal() {
        const token& t = peek();
        soql_literal lit;
        lit.column = t.column;
        lit.text = t.text;
        switch (t.k) {
            case token::kind::string:
                lit.t = soql_literal::type::string;
                break;
            case token::kind::number: {
                lit.t = soql_literal::type::number;
                const auto [end, ec] =
                    std::from_chars(t.text.data(), t.text.data() + t.text.size(), lit.number);
                if (ec != std::errc{} || end != t.text.data() + t.text.size()) unexpected();
                break;
            }
            case token::kind::datetime: {
                const auto when = parse_soql_datetime(t.text);
                if (!when) unexpected();
                lit.t = soql_literal::type::datetime;
                lit.ms = to_ms(*when);
                break;
            }
            case token::kind::ident:
                if (!keyword_literal(t.text, lit)) unexpected();
                break;
            default:
                unexpected();
        }
        ++pos_;
        return lit;
    }

    // null, true, false and the relative date literals.
    bool keyword_literal(std::string_view word, soql_literal& lit) const {
        if (iequals(word, "null")) return lit.t = soql_literal::type::null, true;
        if (iequals(word, "true") || iequals(word, "false")) {
            lit.t = soql_literal::type::boolean;
            lit.boolean = iequals(word, "true");
            return true;
        }
        auto range = [&](std::int64_t first_day, std::int64_t days) {
            lit.t = soql_literal::type::date_range;
            lit.ms = today_ms_ + first_day * day_ms;
            lit.end_ms = lit.ms + days * day_ms;
            return true;
        };
        if (iequals(word, "TODAY")) return range(0, 1);
        if (iequals(word, "YESTERDAY")) return range(-1, 1);
        if (iequals(word, "TOMORROW")) return range(1, 1);
        const std::size_t colon = word.find(':');
        if (colon == std::string_view::npos) return false;
        std::int64_t n = 0;
        const std::string_view digits = word.substr(colon + 1);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec != std::errc{} || end != digits.data() + digits.size() || n < 0) return false;
        // LAST_N_DAYS:n runs from n days ago up to the end of today, as Salesforce defines it.
        if (iequals(word.substr(0, colon), "LAST_N_DAYS")) return range(-n, n + 1);
        if (iequals(word.substr(0, colon), "NEXT_N_DAYS")) return range(1, n);
        return false;
    }

    soql_order order_item() {
        soql_order item;
        item.field = identifier();
        if (accept_keyword("DESC")) {
            item.descending = true;
        } else {
            accept_keyword("ASC");
        }
        item.nulls_first = !item.descending;  // Salesforce's defaults
        if (accept_keyword("NULLS")) {
            if (accept_keyword("FIRST")) {
                item.nulls_first = true;
            } else {
                expect_keyword("LAST");
                item.nulls_first = false;
            }
        }
        return item;
    }

    std::size_t count_value() {
        const token& t = peek();
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), n);
        if (t.k != token::kind::number || ec != std::errc{} || end != t.text.data() + t.text.size())
            unexpected();
        ++pos_;
        return n;
    }

    std::string_view text_;
    std::vector<token> tokens_;
    std::size_t pos_ = 0;
    std::int64_t today_ms_;
};

}  // namespace

std::string soql_error_message(std::string_view query, std::size_t column, std::string_view text) {
    return fmt::format("\n{}\n{}^\nERROR at Row:1:Column:{}\n{}",
                       query,
                       std::string(column > 0 ? column - 1 : 0, ' '),
                       column,
                       text);
}

soql_query parse_soql(std::string_view text, std::int64_t now_ms) {
    return parser(text, now_ms).run();
}

}  // namespace sfc::test::fake_sf
