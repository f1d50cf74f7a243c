#include "platform/paths.hpp"

#include "platform/windows/win32.hpp"

#include <knownfolders.h>
#include <shlobj.h>

namespace sfc::platform {
namespace {

std::filesystem::path program_data() {
    // The known folder, not %ProgramData%: a service's environment may point elsewhere (Wine gives
    // services C:\users\Public), and the installer writes to the real folder.
    wchar_t* folder = nullptr;
    std::filesystem::path out = L"C:\\ProgramData";
    if (SUCCEEDED(::SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder))) {
        out = folder;
    }
    ::CoTaskMemFree(folder);
    return out;
}

}  // namespace

std::filesystem::path default_config_file() {
    return program_data() / L"sfcollector" / L"sfcollector.yaml";
}

std::filesystem::path default_state_dir() {
    return program_data() / L"sfcollector" / L"state";
}

std::filesystem::path service_log_file() {
    return program_data() / L"sfcollector" / L"logs" / L"sfcollector.log";
}

}  // namespace sfc::platform
