#include "platform/private_file.hpp"

#include "platform/windows/win32.hpp"  // <windows.h> first: <sddl.h> needs its macros

#include <sddl.h>

#include <algorithm>
#include <memory>
#include <string>

namespace sfc::platform {
namespace {

using win32::last_error;

struct handle_closer {
    void operator()(HANDLE h) const noexcept { ::CloseHandle(h); }
};
using owned_handle = std::unique_ptr<void, handle_closer>;
using local_memory = std::unique_ptr<void, decltype(&::LocalFree)>;

/// The SID of the user this process runs as, in SDDL form ("S-1-5-21-...").
std::wstring current_user_sid(std::error_code& ec) {
    HANDLE raw = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &raw)) {
        ec = last_error();
        return {};
    }
    owned_handle token(raw);
    DWORD size = 0;
    ::GetTokenInformation(raw, TokenUser, nullptr, 0, &size);
    std::unique_ptr<BYTE[]> buffer(new BYTE[size]);
    wchar_t* text = nullptr;
    if (!::GetTokenInformation(raw, TokenUser, buffer.get(), size, &size) ||
        !::ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.get())->User.Sid, &text)) {
        ec = last_error();
        return {};
    }
    local_memory owned(text, &::LocalFree);
    return text;
}

/// A security descriptor with a protected DACL (P: nothing inherited from the folder) granting
/// full control to the current user, SYSTEM (SY) and the Administrators (BA) only: what mode
/// 0600 is on POSIX, plus the accounts that administer the host anyway.
local_memory owner_only_descriptor(std::error_code& ec) {
    const std::wstring user = current_user_sid(ec);
    if (ec) return local_memory(nullptr, &::LocalFree);
    const std::wstring sddl = L"D:P(A;;FA;;;" + user + L")(A;;FA;;;SY)(A;;FA;;;BA)";
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.c_str(), SDDL_REVISION_1, &sd, nullptr)) {
        ec = last_error();
    }
    return local_memory(sd, &::LocalFree);
}

std::error_code write_fully(HANDLE h, std::string_view data) {
    while (!data.empty()) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(data.size(), 1u << 30));
        DWORD written = 0;
        if (!::WriteFile(h, data.data(), chunk, &written, nullptr)) return last_error();
        data.remove_prefix(written);
    }
    if (!::FlushFileBuffers(h)) return last_error();
    return {};
}

/// Creates `path` (it must not exist) with the owner-only descriptor and writes `data`;
/// deletes it again on failure.
std::error_code write_new(const std::filesystem::path& path, std::string_view data) {
    std::error_code ec;
    local_memory sd = owner_only_descriptor(ec);
    if (ec) return ec;
    SECURITY_ATTRIBUTES attributes{sizeof attributes, sd.get(), FALSE};
    HANDLE h = ::CreateFileW(
        path.c_str(), GENERIC_WRITE, 0, &attributes, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        const DWORD error = ::GetLastError();
        // Keep the portable meaning callers test for.
        if (error == ERROR_FILE_EXISTS || error == ERROR_ALREADY_EXISTS) {
            return std::make_error_code(std::errc::file_exists);
        }
        return win32::error(error);
    }
    ec = write_fully(h, data);
    if (!::CloseHandle(h) && !ec) ec = last_error();
    if (ec) ::DeleteFileW(path.c_str());
    return ec;
}

std::error_code write_and_rename(const std::filesystem::path& path, std::string_view data) {
    std::filesystem::path temp = path;
    temp += L".new-" + std::to_wstring(::GetCurrentProcessId());
    std::error_code ec = write_new(temp, data);
    if (ec) return ec;
    // Renaming within the folder keeps the temporary file's owner-only DACL.
    if (!::MoveFileExW(
            temp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        ec = last_error();
        ::DeleteFileW(temp.c_str());
    }
    return ec;
}

}  // namespace

std::error_code write_private_file(const std::filesystem::path& path,
                                   std::string_view data,
                                   bool replace) {
    return replace ? write_and_rename(path, data) : write_new(path, data);
}

}  // namespace sfc::platform
