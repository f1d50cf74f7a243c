// A sink's secret is read by util::read_secret; sinks report it as a sink_error, and name the
// sink's own settings (secret.file, secret.env) when neither or both are set.
#include "sinks/secret.hpp"

#include "sinks/sink_error.hpp"
#include "util/secret.hpp"

namespace sfc::sinks {

std::string read_secret(const config::secret_ref& ref, std::string_view what) {
    const auto fail = [what](std::string_view problem) {
        throw sink_error(std::string(what) + ": " + std::string(problem));
    };
    if (ref.empty()) fail("no secret configured; set secret.file or secret.env");
    if (!ref.file.empty() && !ref.env.empty()) {
        fail("both secret.file and secret.env are set; keep one");
    }
    try {
        return util::read_secret(ref.file, ref.env, what);
    } catch (const util::secret_error& e) {
        throw sink_error(e.what());
    }
}

}  // namespace sfc::sinks
