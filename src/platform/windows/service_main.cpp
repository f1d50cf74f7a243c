// Running under the service control manager: the dispatcher, ServiceMain and the control
// handler. The status rules live in service_lifecycle; this file only carries them to the SCM.
#include <atomic>
#include <condition_variable>
#include <thread>

#include "platform/service.hpp"
#include "platform/service_lifecycle.hpp"
#include "platform/windows/win32.hpp"

namespace sfc::platform {
namespace {

class scm_status_sink final : public service_status_sink {
public:
    explicit scm_status_sink(SERVICE_STATUS_HANDLE handle) : handle_(handle) {}
    void report(const service_status& s) override {
        SERVICE_STATUS status{};
        status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
        status.dwCurrentState = static_cast<DWORD>(s.state);
        status.dwControlsAccepted = s.controls_accepted;
        status.dwWin32ExitCode = s.win32_exit_code;
        status.dwServiceSpecificExitCode = s.service_exit_code;
        status.dwCheckPoint = s.checkpoint;
        status.dwWaitHint = s.wait_hint_ms;
        ::SetServiceStatus(handle_, &status);
    }

private:
    SERVICE_STATUS_HANDLE handle_;
};

/// What ServiceMain needs; the SCM's ServiceMain takes no context, so the one service this
/// process runs is reached through this pointer, set before the dispatcher starts.
struct service_context {
    const service_hooks* hooks = nullptr;
    std::optional<int> exit_code;
    std::atomic<service_lifecycle*> lifecycle{nullptr};
    stop_handle stop;
    std::mutex mutex;
    std::condition_variable stopped;
    bool done = false;
};

service_context* the_service = nullptr;

DWORD WINAPI control_handler(DWORD control, DWORD, LPVOID, LPVOID context) {
    auto* self = static_cast<service_context*>(context);
    service_lifecycle* lifecycle = self->lifecycle.load();
    if (!lifecycle) return NO_ERROR;
    if (lifecycle->control(control)) {
        const char* what =
            control == SERVICE_CONTROL_STOP ? "service stop requested" : "system shutting down";
        if (self->hooks->log) self->hooks->log->write(event_log_severity::information, what);
        self->stop.request(what);
    }
    return NO_ERROR;
}

/// Bumps the checkpoint every second while the drain runs, so the manager sees progress.
void tick_while_stopping(service_context& self, service_lifecycle& lifecycle) {
    std::unique_lock lock(self.mutex);
    while (!self.done) {
        self.stopped.wait_for(lock, std::chrono::seconds(1));
        if (!self.done) lifecycle.still_stopping();
    }
}

void WINAPI service_main(DWORD, LPWSTR*) {
    service_context& self = *the_service;
    SERVICE_STATUS_HANDLE handle =
        ::RegisterServiceCtrlHandlerExW(L"sfcollector", control_handler, &self);
    if (!handle) return;
    scm_status_sink sink(handle);
    service_lifecycle lifecycle(sink, self.hooks->stop_wait_hint);
    self.lifecycle = &lifecycle;
    lifecycle.starting();

    // Services start in System32; relative paths mean the program's folder, as for a console.
    wchar_t exe[MAX_PATH] = {};
    if (::GetModuleFileNameW(nullptr, exe, MAX_PATH) > 0) {
        ::SetCurrentDirectoryW(std::filesystem::path(exe).parent_path().c_str());
    }
    // RUNNING once the collector is up, so `sc start` sees a configuration error as a failure.
    self.stop.on_attach([&lifecycle] { lifecycle.running(); });
    std::thread ticker([&] { tick_while_stopping(self, lifecycle); });
    const int code = self.hooks->run(self.stop);
    {
        std::lock_guard lock(self.mutex);
        self.done = true;
    }
    self.stopped.notify_all();
    ticker.join();
    self.exit_code = code;
    if (code != 0 && code != 78) {
        // Not a clean stop nor a configuration error: end without reporting STOPPED, which the
        // manager treats as a crash and answers with the recovery actions (Restart=on-failure).
        if (self.hooks->log) {
            self.hooks->log->write(event_log_severity::error,
                                   "sfcollector failed (exit code " + std::to_string(code) +
                                       "); the service will be restarted");
        }
        ::ExitProcess(static_cast<UINT>(code));
    }
    self.lifecycle = nullptr;
    lifecycle.stopped(code);
}

}  // namespace

std::optional<int> run_as_service(const service_hooks& hooks) {
    service_context context;
    context.hooks = &hooks;
    the_service = &context;
    wchar_t name[] = L"sfcollector";
    SERVICE_TABLE_ENTRYW table[] = {{name, service_main}, {nullptr, nullptr}};
    const BOOL dispatched = ::StartServiceCtrlDispatcherW(table);
    the_service = nullptr;
    if (!dispatched) {
        if (::GetLastError() == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) return std::nullopt;
        return 1;
    }
    return context.exit_code.value_or(1);
}

}  // namespace sfc::platform
