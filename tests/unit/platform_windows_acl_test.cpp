// The Windows key-file check: which ACL entries let users other than the service read a key.
#include <gtest/gtest.h>

#include <aclapi.h>

#include <fstream>
#include <vector>

#include "pki/test_pki.hpp"
#include "platform/key_access.hpp"
#include "platform/windows/acl.hpp"

namespace sfc::platform::win32 {
namespace {

/// An ACL built in memory from (well-known SID, access mask, flags) entries.
class acl_builder {
public:
    acl_builder& allow(WELL_KNOWN_SID_TYPE who, DWORD mask, DWORD flags = 0) {
        entries_.push_back({who, mask, flags});
        return *this;
    }
    ACL* build() {
        buffer_.assign(4096, 0);
        auto* acl = reinterpret_cast<ACL*>(buffer_.data());
        EXPECT_TRUE(::InitializeAcl(acl, static_cast<DWORD>(buffer_.size()), ACL_REVISION));
        for (const auto& e : entries_) {
            BYTE sid[SECURITY_MAX_SID_SIZE];
            DWORD size = sizeof sid;
            EXPECT_TRUE(::CreateWellKnownSid(e.who, nullptr, sid, &size));
            EXPECT_TRUE(::AddAccessAllowedAceEx(acl, ACL_REVISION, e.flags, e.mask, sid));
        }
        return acl;
    }

private:
    struct entry {
        WELL_KNOWN_SID_TYPE who;
        DWORD mask;
        DWORD flags;
    };
    std::vector<entry> entries_;
    std::vector<BYTE> buffer_;
};

TEST(windows_acl, system_and_administrators_only_is_private) {
    acl_builder b;
    b.allow(WinLocalSystemSid, FILE_ALL_ACCESS).allow(WinBuiltinAdministratorsSid, FILE_ALL_ACCESS);
    EXPECT_TRUE(broad_readers(b.build()).empty());
}

TEST(windows_acl, users_with_read_access_are_named) {
    acl_builder b;
    b.allow(WinLocalSystemSid, FILE_ALL_ACCESS).allow(WinBuiltinUsersSid, FILE_GENERIC_READ);
    EXPECT_EQ(broad_readers(b.build()), std::vector<std::string>{"BUILTIN\\Users"});
}

TEST(windows_acl, everyone_and_authenticated_users_are_named_once_each) {
    acl_builder b;
    b.allow(WinWorldSid, GENERIC_ALL)
        .allow(WinAuthenticatedUserSid, FILE_READ_DATA)
        .allow(WinWorldSid, FILE_READ_DATA);
    EXPECT_EQ(broad_readers(b.build()),
              (std::vector<std::string>{"Everyone", "NT AUTHORITY\\Authenticated Users"}));
}

TEST(windows_acl, rights_without_reading_and_inherit_only_entries_do_not_count) {
    acl_builder b;
    b.allow(WinBuiltinUsersSid, FILE_READ_ATTRIBUTES | SYNCHRONIZE)
        .allow(WinWorldSid, GENERIC_READ, INHERIT_ONLY_ACE | OBJECT_INHERIT_ACE);
    EXPECT_TRUE(broad_readers(b.build()).empty());
}

TEST(windows_acl, a_null_dacl_lets_everyone_in) {
    EXPECT_EQ(broad_readers(nullptr), std::vector<std::string>{"Everyone"});
}

/// Wine keeps no ACLs on files: every file reads back as open to Everyone.
bool under_wine() {
    HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
    return ntdll && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

TEST(windows_acl, a_locked_file_has_no_warning_and_an_open_one_names_icacls) {
    if (under_wine()) GTEST_SKIP() << "Wine keeps no file ACLs; the ACL logic is tested above";
    const auto dir = sfc::test::make_temp_dir("sfc-acl");
    const auto key = dir / "server.pem";
    std::ofstream(key) << "not really a key";
    ASSERT_FALSE(restrict_to_administrators(key));
    EXPECT_EQ(key_file_exposure(key), std::nullopt);

    // Give BUILTIN\Users read access the way Explorer's sharing dialog would.
    ASSERT_FALSE(set_dacl(key, L"D:P(A;;FA;;;SY)(A;;FR;;;BU)"));
    const auto warning = key_file_exposure(key);
    ASSERT_TRUE(warning.has_value());
    EXPECT_NE(warning->find("BUILTIN\\Users"), std::string::npos) << *warning;
    EXPECT_NE(warning->find("icacls"), std::string::npos) << *warning;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sfc::platform::win32
