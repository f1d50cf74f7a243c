#!/usr/bin/env bash
# Checks the Windows installer under Wine, in a throwaway prefix: installs MSI_V1, checks the
# files and the service registration, starts and stops the service, edits the config, upgrades
# to MSI_V2 (a higher version) with the service running, checks a downgrade is refused,
# uninstalls, and reinstalls over the kept config. Prints one PASS/FAIL line per step with its
# time; exits 1 if any step failed. Works with a stand-in service exe or the real sfcollector.exe.
#
#   packaging/windows/check-msi.sh MSI_V1 MSI_V2 [CONFIG]
#
# CONFIG, if given, replaces the installed example config before the service is started (the
# real exe needs a working one to reach RUNNING). Needs wine64 (Debian wine64) and msitools.
# Env: SFC_KEEP=1 keeps the prefix and logs; WINE, WINESERVER override the binaries.
set -euo pipefail

[[ $# -ge 2 && $# -le 3 ]] || { echo "usage: $0 MSI_V1 MSI_V2 [CONFIG]" >&2; exit 2; }
msi1="$(realpath "$1")" msi2="$(realpath "$2")" config="${3:+$(realpath "$3")}"

# The prefix, run, msiexec, state/wait_state, step and cleanup are shared with
# tests/windows/service_e2e.sh.
# shellcheck source=packaging/windows/wine-support.sh
source "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/wine-support.sh"
wine_setup sfc-check-msi
trap cleanup EXIT

c="$WINEPREFIX/drive_c"
exe="$c/Program Files/sfcollector/sfcollector.exe"
data="$c/ProgramData/sfcollector"
svc_key='HKLM\System\CurrentControlSet\Services\sfcollector'
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
marker="# edited by check-msi $$ $RANDOM"

prop() { msiinfo export "$1" Property | awk -F'\t' -v k="$2" '$1 == k { print $2 }' | tr -d '\r'; }
code1="$(prop "$msi1" ProductCode)" code2="$(prop "$msi2" ProductCode)"
version2="$(prop "$msi2" ProductVersion)"

reg_value() {    # reg_value NAME: the data of one value of the service key
    awk -v n="$1" '$1 == n { sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+/, ""); print }' \
        "$logs/reg-service.out" | tr -d '\r'
}
products() {    # the product codes registered under Uninstall with DisplayName sfcollector
    run reg-uninstall reg query "$uninstall_key" /s || return 0
    tr -d '\r' <"$logs/reg-uninstall.out" | awk '
        /^HKEY_/ { key = $0; sub(/.*\\/, "", key) }
        $1 == "DisplayName" && $2 == "REG_SZ" && $3 == "sfcollector" && NF == 3 { print key }'
}
install_v1() {
    need "msiexec /i exited non-zero" msiexec install-v1 /i "$msi1" || return 1
    need "no $exe" test -f "$exe" || return 1
    need "no $data/sfcollector.yaml" test -f "$data/sfcollector.yaml" || return 1
    need "no state folder" test -d "$data/state" || return 1
    need "no logs folder" test -d "$data/logs" || return 1
    if [[ -n "$config" ]]; then cp "$config" "$data/sfcollector.yaml"; fi
}
service_registered() {
    need "no service key" run reg-service reg query "$svc_key" || return 1
    # Wine writes ImagePath without quotes; Windows Installer quotes the path.
    local image; image="$(reg_value ImagePath)"
    need "ImagePath: $image" \
        grep -qxE '"?C:\\Program Files\\sfcollector\\sfcollector\.exe"? run --service' \
        <<<"$image" || return 1
    need "Start: $(reg_value Start) (want 0x2 auto)" test "$(reg_value Start)" = 0x2 || return 1
    need "ObjectName: $(reg_value ObjectName)" test "$(reg_value ObjectName)" = LocalSystem \
        || return 1
    need "ErrorControl: $(reg_value ErrorControl)" test "$(reg_value ErrorControl)" = 0x1 \
        || return 1
    need "Type: $(reg_value Type) (want 0x10 own process)" test "$(reg_value Type)" = 0x10 \
        || return 1
    need "DisplayName: $(reg_value DisplayName)" \
        test "$(reg_value DisplayName)" = "sfcollector (Salesforce event logs to SIEM)" || return 1
    need "no Description" test -n "$(reg_value Description)" || return 1
}
not_started() {
    local s; s="$(state)"
    if [[ "$s" == none ]]; then
        why="sc query: $(tr -s '\r\n' '  ' <"$logs/sc-query.none.out")"; return 1
    fi
    need "state $s, want 1 (stopped)" test "$s" = 1
}
sc_start() {
    need "sc start exited non-zero" run sc-start sc start sfcollector || return 1
    wait_state 4 || { why="not RUNNING within 30 s (state $(state))"; return 1; }
}
sc_stop() {
    need "sc stop exited non-zero" run sc-stop sc stop sfcollector || return 1
    wait_state 1 || { why="not STOPPED within 30 s (state $(state))"; return 1; }
}
edit_config() {
    echo "$marker" >>"$data/sfcollector.yaml"
    echo "check-msi" >"$data/logs/check-msi.log"    # a non-empty logs folder must stay
    sc_start    # the upgrade must stop a running service
}
upgrade_v2() {
    need "msiexec /i v2 exited non-zero" msiexec upgrade-v2 /i "$msi2" || return 1
    need "edited config overwritten" grep -qxF "$marker" "$data/sfcollector.yaml" || return 1
    need "no $exe" test -f "$exe" || return 1
    local p; p="$(products)"
    need "v1 $code1 still registered" fails has "$code1" "$p" || return 1
    need "v2 $code2 not registered" has "$code2" "$p" || return 1
    need "$(wc -l <<<"$p") products registered" test "$(wc -l <<<"$p")" = 1 || return 1
    need "DisplayVersion is not $version2" \
        grep -qE "DisplayVersion +REG_SZ +$version2" "$logs/reg-uninstall.out" || return 1
    local s; s="$(state)"
    need "service state $s after upgrade, want 1 (stopped)" test "$s" = 1
}
downgrade_refused() {
    # MajorUpgrade's launch condition: msiexec fails (1603, seen as 67) and v2 stays.
    need "msiexec /i v1 over v2 succeeded" fails msiexec downgrade-v1 /i "$msi1" || return 1
    local p; p="$(products)"
    need "products after downgrade: $p" test "$p" = "$code2"
}
uninstall() {
    need "msiexec /x exited non-zero" msiexec uninstall /x "$msi2" || return 1
    need "sc query still finds the service" test "$(state)" = none || return 1
    need "$exe still there" test ! -e "$exe" || return 1
    need "edited config removed" grep -sqxF "$marker" "$data/sfcollector.yaml" || return 1
    need "logs/check-msi.log removed" test -f "$data/logs/check-msi.log" || return 1
    need "still registered: $(products)" test -z "$(products)"
}
reinstall() {
    # NeverOverwrite: a fresh install over the config kept at uninstall leaves it alone.
    need "msiexec /i v2 exited non-zero" msiexec reinstall-v2 /i "$msi2" || return 1
    need "kept config overwritten" grep -qxF "$marker" "$data/sfcollector.yaml" || return 1
    need "msiexec /x exited non-zero" msiexec uninstall-again /x "$msi2" || return 1
    need "sc query still finds the service" test "$(state)" = none
}

step "wine start-up (fresh prefix)" wine_start
step "install v1" install_v1
step "service registered (auto, LocalSystem, args)" service_registered
step "service not started by install" not_started
step "sc start: RUNNING" sc_start
step "sc stop: STOPPED" sc_stop
step "edit config, add a log, start service" edit_config
step "upgrade to v2 $version2: config kept, 1 product" upgrade_v2
step "downgrade to v1 refused" downgrade_refused
step "uninstall: service and exe gone, data kept" uninstall
step "reinstall v2 keeps config, uninstall" reinstall

((failures == 0)) || { echo "check-msi: $failures step(s) failed" >&2; exit 1; }
echo "check-msi: all steps passed"
