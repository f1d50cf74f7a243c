#include "platform/event_log.hpp"

#include <string>

#include "platform/windows/win32.hpp"

namespace sfc::platform {
namespace {

// The event id of the one message in the executable's message table (windows/messages.mc): "%1".
constexpr DWORD message_event_id = 1;

class windows_event_log final : public event_log {
public:
    windows_event_log() : source_(::RegisterEventSourceW(nullptr, L"sfcollector")) {}
    ~windows_event_log() override {
        if (source_) ::DeregisterEventSource(source_);
    }
    windows_event_log(const windows_event_log&) = delete;
    windows_event_log& operator=(const windows_event_log&) = delete;

    void write(event_log_severity severity, std::string_view message) override {
        if (!source_) return;
        const std::wstring text = win32::widen(std::string(message));
        const wchar_t* strings[] = {text.c_str()};
        ::ReportEventW(
            source_, type_of(severity), 0, message_event_id, nullptr, 1, 0, strings, nullptr);
    }

private:
    static WORD type_of(event_log_severity severity) {
        switch (severity) {
            case event_log_severity::warning:
                return EVENTLOG_WARNING_TYPE;
            case event_log_severity::error:
                return EVENTLOG_ERROR_TYPE;
            case event_log_severity::information:
                break;
        }
        return EVENTLOG_INFORMATION_TYPE;
    }

    HANDLE source_;
};

}  // namespace

std::unique_ptr<event_log> open_system_event_log() {
    return std::make_unique<windows_event_log>();
}

}  // namespace sfc::platform
