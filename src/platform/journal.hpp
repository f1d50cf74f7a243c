#pragma once
// Whether our stderr is connected to systemd's journal, which wants a "<N>" priority prefix on
// each line and adds its own timestamp.

namespace sfc::platform {

/// True when $JOURNAL_STREAM names the device and inode of stderr (systemd.exec(5): the variable
/// alone is inherited by children whose stderr goes elsewhere, so the check compares the two).
/// Always false on Windows.
bool stderr_is_journal();

}  // namespace sfc::platform
