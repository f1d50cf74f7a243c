#include "check/report.hpp"

namespace sfc::check {
namespace {

/// Four letters and a space, so the step names line up.
std::string_view tag(step_status s) {
    switch (s) {
        case step_status::ok:
            return "ok   ";
        case step_status::warn:
            return "warn ";
        case step_status::fail:
            return "FAIL ";
        case step_status::skip:
            return "skip ";
    }
    return "?    ";
}

}  // namespace

verdict passed(std::string text) {
    return {step_status::ok, std::move(text), check_ok};
}

verdict warning(std::string text) {
    return {step_status::warn, std::move(text), check_ok};
}

verdict failed(std::string text, check_exit code) {
    return {step_status::fail, std::move(text), code};
}

verdict skipped(std::string text) {
    return {step_status::skip, std::move(text), check_ok};
}

void report::add(std::string_view step, const verdict& v) {
    out_ << tag(v.status) << prefix_ << step << ": " << v.text << std::endl;
    if (v.status == step_status::fail && code_ == check_ok) {
        // A failure without a more specific code still fails the check.
        code_ = v.code == check_ok ? check_failed : v.code;
    }
}

}  // namespace sfc::check
