#include "config/soql_names.hpp"

#include <algorithm>

#include "config/config_error.hpp"

namespace sfc::config {
namespace {

bool is_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_identifier(std::string_view text) {
    if (text.empty() || !is_letter(text.front())) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return is_letter(c) || (c >= '0' && c <= '9') || c == '_';
    });
}

/// The position after the string literal that starts at `open` (a quote), or npos when the
/// quote is never closed.
std::size_t skip_string(const std::string& text, std::size_t open) {
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
        } else if (text[i] == '\'') {
            return i + 1;
        }
    }
    return std::string::npos;
}

}  // namespace

std::string check_object_name(const std::string& text) {
    if (!is_identifier(text)) {
        throw value_error("an object name is a letter followed by letters, digits and '_'",
                          "use the API name, e.g. LoginHistory or MyAudit__c");
    }
    return text;
}

std::string check_field_name(const std::string& text) {
    std::size_t start = 0;
    while (true) {
        auto dot = text.find('.', start);
        if (!is_identifier(std::string_view(text).substr(start, dot - start))) {
            throw value_error(
                "a field name is a letter followed by letters, digits and '_', "
                "with '.' between relationship names",
                "use the API name, e.g. CreatedDate, MyField__c or CreatedBy.Name");
        }
        if (dot == std::string::npos) return text;
        start = dot + 1;
    }
}

std::string check_where(const std::string& text) {
    if (text.find_first_of("\r\n") != std::string::npos) {
        throw value_error("the condition spans several lines",
                          "write it on one line (a YAML '>' block folds lines into one)");
    }
    int depth = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\'') {
            i = skip_string(text, i);
            if (i == std::string::npos) {
                throw value_error("a quote (') is not closed",
                                  "close the string; write a quote inside a string as \\'");
            }
            continue;
        }
        if (text[i] == '(') ++depth;
        if (text[i] == ')' && --depth < 0) break;
        ++i;
    }
    if (depth != 0) {
        throw value_error("the parentheses do not balance", "close every '(' with a ')'");
    }
    return text;
}

}  // namespace sfc::config
