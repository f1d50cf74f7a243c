#pragma once
// <windows.h> with the project's settings, and the error helpers every Windows file shares.

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <string>
#include <system_error>

namespace sfc::platform::win32 {

inline std::error_code last_error() {
    return {static_cast<int>(::GetLastError()), std::system_category()};
}

inline std::error_code error(DWORD code) {
    return {static_cast<int>(code), std::system_category()};
}

/// UTF-8 to UTF-16 and back, for the W functions.
std::wstring widen(const std::string& text);
std::string narrow(const std::wstring& text);

}  // namespace sfc::platform::win32
