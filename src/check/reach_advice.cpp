#include "check/reach_advice.hpp"

namespace sfc::check {
namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::string advice(const std::string& error, const reach_settings& s) {
    if (contains(error, "cannot reach proxy")) {
        return "check " + s.proxy + " and that the proxy is running";
    }
    const std::string proxy_too = s.proxy.empty() ? "" : " (or set " + s.proxy + ")";
    if (contains(error, "resolve failed")) {
        return "check the host name (" + s.address + ") and this host's DNS" + proxy_too;
    }
    if (contains(error, "connect failed")) {
        return "check the host and port (" + s.address +
               "), that the service is up and that no firewall blocks this host" + proxy_too;
    }
    if (contains(error, "TLS handshake failed")) {
        const std::string name_fix =
            "check that the host (" + s.address + ") is the name its certificate carries";
        // The client's own reason may already suggest ca_file; name the setting to use.
        if (contains(error, "ca_file")) return "that is " + s.ca_file + "; " + name_fix;
        return "if a TLS-inspecting proxy re-signs the connection, give its CA in " + s.ca_file +
               "; " + name_fix;
    }
    return "check " + s.address + " and the network between this host and it";
}

}  // namespace

verdict unreachable(const std::string& error, const reach_settings& settings) {
    return failed(error + "; " + advice(error, settings), check_unavailable);
}

}  // namespace sfc::check
