// The help texts: the overview and one per command (`sfcollector <command> --help`).
#include <string>

#include "app/cli.hpp"
#include "app/keygen_command.hpp"

namespace sfc::app {

namespace {

std::string config_option() {
    return "  -c, --config FILE  configuration file (default " +
           platform::default_config_file().string() + ")\n";
}

std::string overview() {
    return "Usage: sfcollector <command> [options]     (sfcollector <command> --help for one)\n"
           "\n"
           "Collects Salesforce security event logs (EventLogFile, security objects) from one or\n"
           "more orgs and forwards them to sinks.\n"
           "\n"
           "Commands:\n"
           "  run        poll on the configured schedule until SIGTERM or SIGINT; SIGHUP reloads\n"
           "  once       collect everything new once, then exit\n"
           "  validate   check the configuration and the private key offline, then exit\n"
           "  check      live preflight: key, certificate, network, login, API version, objects,\n"
           "             API usage and sinks, one line per step with what to fix\n"
           "  keygen     create the private key and self-signed certificate of the set-up guide\n"
           "  service    Windows: install, uninstall, start, stop or show the service\n"
           "\n"
           "Options:\n" +
           config_option() +
           "  -h, --help         this text\n"
           "  -V, --version      the version\n"
           "\n"
           "Exit codes: 0 success, 1 a pass or a sink failed, 64 usage error, 78 configuration "
           "error;\n"
           "check has its own (sfcollector check --help).\n";
}

std::string run_help(const std::string& word) {
    const bool once = word == "once";
    return "Usage: sfcollector " + word + " [--config FILE]" + (once ? "" : " [--service]") +
           "\n\n" +
           (once ? "Collects everything new from every org once, delivers it, saves the cursors\n"
                   "and exits: 0 when every pass and every sink succeeded, 1 otherwise, 78 on a\n"
                   "configuration error.\n"
                 : "Polls every org on the configured schedule until SIGTERM or SIGINT, which\n"
                   "finish the batch in flight and save the cursors. SIGHUP (systemctl reload)\n"
                   "re-reads the config: an invalid one is logged and the old one kept; orgs and\n"
                   "sinks that changed restart, the others keep running. File sinks reopen.\n") +
           "\nOptions:\n" + config_option() +
           (once ? "" : "  --service          started by the Windows service control manager\n");
}

std::string validate_help() {
    return "Usage: sfcollector validate [--config FILE]\n\n"
           "Checks the configuration and reads the files it names (private key, passphrase,\n"
           "secrets, CA files) and the state_dir, without contacting Salesforce or the sinks\n"
           "(sfcollector check does that). Prints every problem found, one line each, and warns\n"
           "about credentials others may read and TLS checks turned off. run and once refuse the\n"
           "same problems with the same line.\n"
           "Exit codes: 0 valid, 78 not.\n\nOptions:\n" +
           config_option();
}

std::string check_help() {
    return "Usage: sfcollector check [--config FILE] [--org NAME]\n\n"
           "Live preflight, one line per step with what to fix: the configuration, the key file\n"
           "and its permissions, salesforce.certificate (when set) against the key, DNS, TCP and\n"
           "TLS to the login and instance hosts, clock skew, the token exchange, the API version,\n"
           "EventLogFile and each object, the last day's log files, API usage against\n"
           "max_api_share, and each sink.\n\nOptions:\n" +
           config_option() +
           "  --org NAME         check only this org\n"
           "\n"
           "Run it as the service's user (sudo -u sfcollector sfcollector check): file access\n"
           "is judged for the user who runs it.\n"
           "\n"
           "Exit codes: 0 every step passed (warnings allowed), 78 configuration invalid,\n"
           "77 key, certificate, clock or login refused, or a sink refused its credentials,\n"
           "69 a host or sink unreachable, 1 another step failed. When several steps fail, the\n"
           "first failure's code.\n";
}

std::string service_help() {
    return "Usage: sfcollector service <install|uninstall|start|stop|status> [--config FILE]\n\n"
           "Windows only: install (automatic start, with --config), uninstall, start, stop or\n"
           "show the status of the sfcollector service. On Linux use systemctl.\n";
}

}  // namespace

std::string usage_text(const std::string& topic) {
    if (topic == "run" || topic == "once") return run_help(topic);
    if (topic == "validate") return validate_help();
    if (topic == "check") return check_help();
    if (topic == "keygen") return keygen_usage();
    if (topic == "service") return service_help();
    return overview();
}

}  // namespace sfc::app
