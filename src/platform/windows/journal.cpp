// No journald on Windows: the console, a file or the Event Log take our lines as they are.
#include "platform/journal.hpp"

namespace sfc::platform {

bool stderr_is_journal() {
    return false;
}

}  // namespace sfc::platform
