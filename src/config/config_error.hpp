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
enum class value_echo { allowed, never, masked };

/// A value that cannot be used. Neither part repeats the value: it may have come from an
/// environment variable, and the loader decides whether it may be shown. A parser that saw a
/// secret in it (a password in a URL) says `value_echo::never`, or gives the value with the secret
/// masked (`value_echo::masked`), which the loader quotes instead.
class value_error : public std::runtime_error {
public:
    value_error(std::string problem, std::string fix, value_echo echo = value_echo::allowed);
    /// A value_echo::masked error: `masked_value` is quoted instead of the value.
    value_error(std::string problem, std::string fix, std::string masked_value);

    const std::string& problem() const noexcept { return problem_; }
    const std::string& fix() const noexcept { return fix_; }
    bool may_echo() const noexcept { return echo_ != value_echo::never; }
    /// The text to quote for `value`: itself, or its masked form.
    const std::string& shown(const std::string& value) const noexcept {
        return echo_ == value_echo::masked ? masked_value_ : value;
    }

private:
    std::string problem_;
    std::string fix_;
    value_echo echo_;
    std::string masked_value_;
};

/// "<file>:<line>: <field>: <message>"; the line is left out when 0 (unknown) and the field
/// when empty.
std::string format_error(std::string_view file,
                         int line,
                         std::string_view field,
                         std::string_view message);

}  // namespace sfc::config
