#pragma once
// The check's output: one line per step ("ok   login: token for ..."), and the exit code they add
// up to.

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "check/check_command.hpp"

namespace sfc::check {

enum class step_status { ok, warn, fail, skip };

/// What one step found: a line of text and, for a failure, the exit code it stands for.
struct verdict {
    step_status status = step_status::ok;
    std::string text;
    check_exit code = check_ok;
};

verdict passed(std::string text);
verdict warning(std::string text);
verdict failed(std::string text, check_exit code);
verdict skipped(std::string text);

/// Prints each step as it is decided, flushed, so a slow step shows what came before it.
/// Rule for the exit code: the code of the first failing step, in the order printed. Steps run
/// in dependency order (config, key, network, login, API, objects, sinks), so the first failure
/// is the one to fix first; warnings and skipped steps never change the code.
class report {
public:
    explicit report(std::ostream& out) : out_(out) {}

    /// Put before every step name from now on ("[prod] " when the config has several orgs).
    void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }
    void add(std::string_view step, const verdict& v);

    bool failed() const { return code_ != check_ok; }
    int exit_code() const { return code_; }

private:
    std::ostream& out_;
    std::string prefix_;
    check_exit code_ = check_ok;
};

}  // namespace sfc::check
