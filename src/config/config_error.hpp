#pragma once
// The two error types of the config module: what the operator sees, and what a value parser
// reports before the loader knows the file, line and field.

#include <stdexcept>
#include <string>
#include <string_view>

namespace sfc::config {

/// One line: "<file>:<line>: <field>: <problem>; <fix>" (the line when known).
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A value that cannot be used. Neither part repeats the value: it may have come from an
/// environment variable, and the loader decides whether it may be shown.
class value_error : public std::runtime_error {
public:
    value_error(std::string problem, std::string fix);

    const std::string& problem() const noexcept { return problem_; }
    const std::string& fix() const noexcept { return fix_; }

private:
    std::string problem_;
    std::string fix_;
};

/// "<file>:<line>: <field>: <message>"; the line is left out when 0 (unknown) and the field
/// when empty.
std::string format_error(std::string_view file,
                         int line,
                         std::string_view field,
                         std::string_view message);

}  // namespace sfc::config
