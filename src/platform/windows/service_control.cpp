// sfcollector service install | uninstall | start | stop | status: the service control manager's
// API, with the settings an operator would otherwise type into sc.exe.
#include <cwchar>
#include <memory>
#include <thread>

#include "platform/paths.hpp"
#include "platform/service.hpp"
#include "platform/service_lifecycle.hpp"
#include "platform/windows/acl.hpp"
#include "platform/windows/win32.hpp"

namespace sfc::platform {
namespace {

struct sc_handle_closer {
    void operator()(SC_HANDLE h) const {
        if (h) ::CloseServiceHandle(h);
    }
};
using sc_handle = std::unique_ptr<std::remove_pointer_t<SC_HANDLE>, sc_handle_closer>;

constexpr int exit_failure = 1;
constexpr DWORD restart_delay_ms = 10'000;

service_command_result failure(const std::string& what, DWORD err = ::GetLastError()) {
    std::string text = what + ": " + win32::error(err).message();
    if (err == ERROR_ACCESS_DENIED) text += " (run it from an elevated prompt, as Administrator)";
    if (err == ERROR_SERVICE_DOES_NOT_EXIST) {
        text += " (install it first: sfcollector service install, or the MSI)";
    }
    return {exit_failure, text};
}

sc_handle open_manager(DWORD access) {
    return sc_handle(::OpenSCManagerW(nullptr, nullptr, access));
}

/// The installed sfcollector service opened for `access`, or a null handle with `error` set to
/// what to report. The service's handle stays valid after the manager's is closed.
sc_handle open_sfcollector(DWORD access, service_command_result& error) {
    sc_handle manager = open_manager(SC_MANAGER_CONNECT);
    if (!manager) {
        error = failure("cannot open the service control manager");
        return {};
    }
    sc_handle service(::OpenServiceW(manager.get(), L"sfcollector", access));
    if (!service) error = failure("cannot open the service sfcollector");
    return service;
}

/// Restart after a crash (10 s, then again, then every 60 s), as Restart=on-failure does; a stop
/// that reports STOPPED, a configuration error included, is not a failure and is not restarted.
void set_recovery(SC_HANDLE service) {
    SC_ACTION actions[] = {{SC_ACTION_RESTART, restart_delay_ms},
                           {SC_ACTION_RESTART, restart_delay_ms},
                           {SC_ACTION_RESTART, 60'000}};
    SERVICE_FAILURE_ACTIONSW failure_actions{};
    failure_actions.dwResetPeriod = 24 * 60 * 60;
    failure_actions.cActions = 3;
    failure_actions.lpsaActions = actions;
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure_actions);
    SERVICE_FAILURE_ACTIONS_FLAG only_crashes{FALSE};
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &only_crashes);
}

void set_description(SC_HANDLE service) {
    wchar_t text[] = L"Collects Salesforce security event logs and forwards them to the SIEM.";
    SERVICE_DESCRIPTIONW description{text};
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, &description);
    // Enough time at shutdown to deliver the batch in flight and save the cursors.
    SERVICE_PRESHUTDOWN_INFO preshutdown{60'000};
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_PRESHUTDOWN_INFO, &preshutdown);
}

constexpr const wchar_t* event_source_key =
    L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\sfcollector";

/// Registers the Event Log source "sfcollector" with this executable's message table, as the
/// MSI does, so Event Viewer shows the collector's text.
void register_event_source(const wchar_t* exe) {
    HKEY key = nullptr;
    if (::RegCreateKeyExW(HKEY_LOCAL_MACHINE,
                          event_source_key,
                          0,
                          nullptr,
                          0,
                          KEY_SET_VALUE,
                          nullptr,
                          &key,
                          nullptr) != ERROR_SUCCESS) {
        return;
    }
    const DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    ::RegSetValueExW(key,
                     L"EventMessageFile",
                     0,
                     REG_SZ,
                     reinterpret_cast<const BYTE*>(exe),
                     static_cast<DWORD>((std::wcslen(exe) + 1) * sizeof(wchar_t)));
    ::RegSetValueExW(
        key, L"TypesSupported", 0, REG_DWORD, reinterpret_cast<const BYTE*>(&types), sizeof types);
    ::RegCloseKey(key);
}

const char* state_name(DWORD state) {
    switch (state) {
        case SERVICE_STOPPED:
            return "stopped";
        case SERVICE_START_PENDING:
            return "starting";
        case SERVICE_STOP_PENDING:
            return "stopping";
        case SERVICE_RUNNING:
            return "running";
        default:
            return "in another state";
    }
}

bool query(SC_HANDLE service, SERVICE_STATUS& status) {
    return ::QueryServiceStatus(service, &status) != FALSE;
}

}  // namespace

service_command_result install_service(const std::optional<std::filesystem::path>& config) {
    wchar_t exe[MAX_PATH] = {};
    if (::GetModuleFileNameW(nullptr, exe, MAX_PATH) == 0) return failure("cannot find myself");
    const std::filesystem::path config_file =
        config ? std::filesystem::absolute(*config) : default_config_file();
    std::wstring command = L"\"" + std::wstring(exe) + L"\" run --service";
    if (config) command += L" --config \"" + config_file.wstring() + L"\"";
    sc_handle manager = open_manager(SC_MANAGER_CREATE_SERVICE);
    if (!manager) return failure("cannot open the service control manager");
    sc_handle service(::CreateServiceW(manager.get(),
                                       L"sfcollector",
                                       L"sfcollector (Salesforce event logs to SIEM)",
                                       SERVICE_ALL_ACCESS,
                                       SERVICE_WIN32_OWN_PROCESS,
                                       SERVICE_AUTO_START,
                                       SERVICE_ERROR_NORMAL,
                                       command.c_str(),
                                       nullptr,
                                       nullptr,
                                       nullptr,
                                       nullptr,
                                       nullptr));
    if (!service) return failure("cannot install the service sfcollector");
    set_recovery(service.get());
    set_description(service.get());
    register_event_source(exe);
    std::string warning = secure_data_folder();
    return {0,
            "installed the service sfcollector (automatic start) with config " +
                config_file.string() + "; start it with: sfcollector service start" +
                (warning.empty() ? "" : "\nsfcollector: warning: " + warning)};
}

void apply_service_settings() {
    service_command_result ignored;  // a console run has no service to configure
    sc_handle service = open_sfcollector(SERVICE_CHANGE_CONFIG, ignored);
    if (!service) return;
    set_recovery(service.get());
    set_description(service.get());
}

std::string secure_data_folder() {
    const std::filesystem::path folder = default_state_dir().parent_path();
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (!ec) ec = win32::restrict_to_administrators(folder);
    if (!ec) return {};
    return "cannot restrict " + folder.string() + " to SYSTEM and Administrators (" + ec.message() +
           "); run: icacls \"" + folder.string() +
           "\" /inheritance:r /grant:r SYSTEM:(OI)(CI)F Administrators:(OI)(CI)F";
}

service_command_result uninstall_service() {
    service_command_result error;
    sc_handle service = open_sfcollector(SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE, error);
    if (!service) return error;
    SERVICE_STATUS status{};
    if (query(service.get(), status) && status.dwCurrentState != SERVICE_STOPPED) {
        stop_service();
    }
    if (!::DeleteService(service.get())) return failure("cannot remove the service sfcollector");
    ::RegDeleteKeyW(HKEY_LOCAL_MACHINE, event_source_key);
    return {0, "removed the service sfcollector"};
}

/// Waits while the service is in `pending` (START_PENDING or STOP_PENDING) as long as it says
/// it needs: each new checkpoint grants another wait hint, as the SCM itself judges progress.
/// False if it made no progress within a hint; `status` then holds the last one.
bool wait_while(SC_HANDLE service, DWORD pending, SERVICE_STATUS& status) {
    using clock = std::chrono::steady_clock;
    const auto hint = [&] {
        return std::chrono::milliseconds(std::max<DWORD>(status.dwWaitHint, 1000));
    };
    DWORD last_checkpoint = status.dwCheckPoint;
    auto deadline = clock::now() + hint();
    while (query(service, status) && status.dwCurrentState == pending) {
        if (status.dwCheckPoint != last_checkpoint) {
            last_checkpoint = status.dwCheckPoint;
            deadline = clock::now() + hint();
        } else if (clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return true;
}

/// " (exit code 78: configuration error, see the log)" for a service that stopped with an error.
std::string exit_detail(const SERVICE_STATUS& status) {
    if (status.dwCurrentState != SERVICE_STOPPED ||
        status.dwWin32ExitCode != error_service_specific) {
        return {};
    }
    const DWORD code = status.dwServiceSpecificExitCode;
    return " (exit code " + std::to_string(code) +
           (code == 78 ? ": configuration error, see the log)" : ")");
}

constexpr const char* log_hint =
    "; its log is in %ProgramData%\\sfcollector\\logs\\sfcollector.log";

service_command_result start_service() {
    service_command_result error;
    sc_handle service = open_sfcollector(SERVICE_START | SERVICE_QUERY_STATUS, error);
    if (!service) return error;
    if (!::StartServiceW(service.get(), 0, nullptr)) {
        return failure("cannot start the service sfcollector");
    }
    // As net start does: wait for RUNNING, so a configuration error shows here.
    SERVICE_STATUS status{};
    query(service.get(), status);
    if (!wait_while(service.get(), SERVICE_START_PENDING, status)) {
        return {exit_failure, std::string("the service sfcollector is still starting") + log_hint};
    }
    if (status.dwCurrentState != SERVICE_RUNNING) {
        return {exit_failure,
                "the service sfcollector stopped while starting" + exit_detail(status) + log_hint};
    }
    return {0, std::string("started the service sfcollector") + log_hint};
}

service_command_result stop_service() {
    service_command_result error;
    sc_handle service = open_sfcollector(SERVICE_STOP | SERVICE_QUERY_STATUS, error);
    if (!service) return error;
    SERVICE_STATUS status{};
    // A service still starting accepts no stop yet: let it come up first.
    if (query(service.get(), status) && status.dwCurrentState == SERVICE_START_PENDING) {
        wait_while(service.get(), SERVICE_START_PENDING, status);
    }
    if (!::ControlService(service.get(), SERVICE_CONTROL_STOP, &status)) {
        const DWORD err = ::GetLastError();
        if (err == ERROR_SERVICE_NOT_ACTIVE) return {0, "the service sfcollector is not running"};
        return failure("cannot stop the service sfcollector", err);
    }
    if (!wait_while(service.get(), SERVICE_STOP_PENDING, status)) {
        return {exit_failure, "the service sfcollector did not stop within its wait hint"};
    }
    return {0, "stopped the service sfcollector"};
}

service_command_result query_service() {
    service_command_result error;
    sc_handle service = open_sfcollector(SERVICE_QUERY_STATUS, error);
    if (!service) return error;
    SERVICE_STATUS status{};
    if (!query(service.get(), status)) return failure("cannot query the service sfcollector");
    const std::string text = std::string("the service sfcollector is ") +
                             state_name(status.dwCurrentState) + exit_detail(status);
    // Exit code 3 for "not running", as systemctl status and LSB init scripts do.
    return {status.dwCurrentState == SERVICE_RUNNING ? 0 : 3, text};
}

}  // namespace sfc::platform
