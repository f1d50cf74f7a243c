#include "platform/process.hpp"

#include "platform/windows/win32.hpp"

namespace sfc::platform {

unsigned long process_id() {
    return ::GetCurrentProcessId();
}

std::string host_name() {
    wchar_t name[MAX_COMPUTERNAME_LENGTH + 1] = {};
    DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
    if (!::GetComputerNameExW(ComputerNameDnsHostname, name, &size)) return {};
    return win32::narrow(std::wstring(name, size));
}

}  // namespace sfc::platform
