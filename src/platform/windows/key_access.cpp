#include "platform/key_access.hpp"

#include <aclapi.h>

#include <memory>

#include "platform/windows/acl.hpp"

namespace sfc::platform {

std::optional<std::string> key_file_exposure(const std::filesystem::path& path) {
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (::GetNamedSecurityInfoW(path.c_str(),
                                SE_FILE_OBJECT,
                                DACL_SECURITY_INFORMATION,
                                nullptr,
                                nullptr,
                                &dacl,
                                nullptr,
                                &sd) != ERROR_SUCCESS) {
        return std::nullopt;
    }
    std::unique_ptr<void, decltype(&::LocalFree)> owned(sd, &::LocalFree);
    const auto readers = win32::broad_readers(dacl);
    if (readers.empty()) return std::nullopt;
    std::string who;
    for (const auto& name : readers) who += (who.empty() ? "" : ", ") + name;
    const std::string file = path.string();
    return "the file's ACL lets " + who +
           " read it, so users other than the service may read the key; run icacls \"" + file +
           "\" /inheritance:r /grant:r SYSTEM:F Administrators:F";
}

}  // namespace sfc::platform
