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

/// Whether the loader may quote the offending value back (shortened) in its message.
enum class value_echo { allowed, never };

/// A value that cannot be used. Neither part repeats the value: it may have come from an
/// environment variable, and the loader decides whether it may be shown. A parser that saw a
/// secret in it (a password in a URL) says `value_echo::never`.
class value_error : public std::runtime_error {
public:
    value_error(std::string problem, std::string fix, value_echo echo = value_echo::allowed);

    const std::string& problem() const noexcept { return problem_; }
    const std::string& fix() const noexcept { return fix_; }
    bool may_echo() const noexcept { return echo_ == value_echo::allowed; }

private:
    std::string problem_;
    std::string fix_;
    value_echo echo_;
};

/// "<file>:<line>: <field>: <message>"; the line is left out when 0 (unknown) and the field
/// when empty.
std::string format_error(std::string_view file,
                         int line,
                         std::string_view field,
                         std::string_view message);

}  // namespace sfc::config
