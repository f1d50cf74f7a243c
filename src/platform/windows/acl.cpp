#include "platform/windows/acl.hpp"

#include <aclapi.h>
#include <sddl.h>

#include <array>
#include <memory>

namespace sfc::platform::win32 {
namespace {

struct broad_group {
    WELL_KNOWN_SID_TYPE type;
    const char* name;
};

// Groups whose members are not just the service account and the administrators.
constexpr std::array<broad_group, 6> broad_groups{{
    {WinWorldSid, "Everyone"},
    {WinBuiltinUsersSid, "BUILTIN\\Users"},
    {WinAuthenticatedUserSid, "NT AUTHORITY\\Authenticated Users"},
    {WinBuiltinGuestsSid, "BUILTIN\\Guests"},
    {WinInteractiveSid, "NT AUTHORITY\\INTERACTIVE"},
    {WinAnonymousSid, "NT AUTHORITY\\ANONYMOUS LOGON"},
}};

constexpr DWORD read_rights = FILE_READ_DATA | GENERIC_READ | GENERIC_ALL;

bool same_sid(PSID sid, WELL_KNOWN_SID_TYPE type) {
    BYTE buffer[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof buffer;
    if (!::CreateWellKnownSid(type, nullptr, buffer, &size)) return false;
    return ::EqualSid(sid, buffer) != FALSE;
}

}  // namespace

std::vector<std::string> broad_readers(const ACL* dacl) {
    if (dacl == nullptr) return {"Everyone"};
    std::vector<std::string> out;
    ACL_SIZE_INFORMATION info{};
    if (!::GetAclInformation(const_cast<ACL*>(dacl), &info, sizeof info, AclSizeInformation)) {
        return out;
    }
    for (DWORD i = 0; i < info.AceCount; ++i) {
        void* ace = nullptr;
        if (!::GetAce(const_cast<ACL*>(dacl), i, &ace)) continue;
        const auto* header = static_cast<const ACE_HEADER*>(ace);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE) continue;
        if (header->AceFlags & INHERIT_ONLY_ACE) continue;  // for children, not this object
        auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
        if ((allowed->Mask & read_rights) == 0) continue;
        PSID sid = &allowed->SidStart;
        for (const auto& group : broad_groups) {
            if (!same_sid(sid, group.type)) continue;
            bool listed = false;
            for (const auto& name : out) listed = listed || name == group.name;
            if (!listed) out.emplace_back(group.name);
        }
    }
    return out;
}

std::error_code set_dacl(const std::filesystem::path& path, const wchar_t* sddl) {
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl, SDDL_REVISION_1, &sd, nullptr)) {
        return last_error();
    }
    std::unique_ptr<void, decltype(&::LocalFree)> owned(sd, &::LocalFree);
    BOOL present = FALSE;
    BOOL defaulted = FALSE;
    PACL dacl = nullptr;
    ::GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
    std::wstring name = path.wstring();
    const DWORD rc =
        ::SetNamedSecurityInfoW(name.data(),
                                SE_FILE_OBJECT,
                                DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                nullptr,
                                nullptr,
                                dacl,
                                nullptr);
    return rc == ERROR_SUCCESS ? std::error_code{} : error(rc);
}

std::error_code restrict_to_administrators(const std::filesystem::path& path) {
    // Full control for SYSTEM (SY) and Administrators (BA), inherited by sub-folders and files
    // (OICI); P: nothing inherited from the parent.
    return set_dacl(path, L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
}

}  // namespace sfc::platform::win32
