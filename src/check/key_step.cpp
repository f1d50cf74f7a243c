#include "check/key_step.hpp"

#include <string>

#include "util/secret.hpp"

namespace sfc::check {

key_step_result check_key(const config::salesforce_config& sf) {
    key_step_result result;
    try {
        std::optional<std::string> passphrase;
        const auto& ref = sf.private_key_passphrase;
        if (!ref.empty()) {
            const std::string what = std::string("salesforce.private_key_passphrase") +
                                     (ref.env.empty() ? "_file" : "_env");
            passphrase = util::read_secret(ref.file, ref.env, what);
        }
        result.key = crypto::load_private_key_file(sf.private_key, passphrase);
    } catch (const std::exception& e) {  // key_error, secret_error: one line, no secret in it
        result.outcome = failed(e.what(), check_refused);
        return result;
    }
    // The collector only warns about this at start-up; the check fails, since anyone who can
    // read the key can log in to the org as salesforce.username.
    if (auto exposure = crypto::key_file_permission_warning(sf.private_key)) {
        result.outcome = failed(*exposure, check_refused);
        return result;
    }
    result.outcome =
        passed(sf.private_key.string() + ": RSA " + std::to_string(result.key->bits()) +
               "-bit key, readable only by its owner");
    return result;
}

}  // namespace sfc::check
