#pragma once
// The one error a sink throws when it cannot be set up.

#include <stdexcept>

namespace sfc::sinks {

/// A sink cannot be set up (a path, a secret, a certificate, a URL); what() is one line naming
/// the sink and the fix.
class sink_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace sfc::sinks
