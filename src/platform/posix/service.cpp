#include "platform/service.hpp"

namespace sfc::platform {
namespace {

class no_event_log final : public event_log {
public:
    void write(event_log_severity, std::string_view) override {}
};

service_command_result windows_only() {
    return {64,
            "the service commands manage the Windows service; on Linux use systemctl "
            "(sudo systemctl enable --now sfcollector)"};
}

}  // namespace

std::unique_ptr<event_log> open_system_event_log() {
    return std::make_unique<no_event_log>();
}

std::optional<int> run_as_service(const service_hooks&) {
    return std::nullopt;
}

service_command_result install_service(const std::optional<std::filesystem::path>&) {
    return windows_only();
}
service_command_result uninstall_service() {
    return windows_only();
}
service_command_result start_service() {
    return windows_only();
}
service_command_result stop_service() {
    return windows_only();
}
service_command_result query_service() {
    return windows_only();
}

void apply_service_settings() {}

std::string secure_data_folder() {
    return {};
}

}  // namespace sfc::platform
