# shellcheck shell=bash
# Shared by the Wine checks of the Windows build (packaging/windows/check-msi.sh,
# tests/windows/service_e2e.sh): a throwaway prefix with one persistent wineserver, running wine
# programs with their output in files, msiexec, the service's state from sc query, and one
# PASS/FAIL line per step. Source it, call wine_setup NAME, and set `trap cleanup EXIT`.
#
# Sets and exports WINEPREFIX, WINESERVER, WINEARCH, WINEDEBUG, WINEDLLOVERRIDES; sets wine
# (the wine64 binary), logs (a folder beside the prefix), failures and passes (step counts), why.
# Env: SFC_KEEP=1 keeps the prefix and logs; WINE, WINESERVER override the binaries;
# SFC_WINEDEBUG replaces WINEDEBUG=-all (e.g. +service, for a diagnosis).
# Hooks the caller may define: cleanup_extra (run first by cleanup, e.g. to stop a native helper)
# and print_logs (run by cleanup when a step failed, before the logs path is printed).

wine="${WINE:-/usr/lib/wine/wine64}"
# The binary itself: Debian's wrapper /usr/lib/wine/wineserver adds -p0 (exit when idle).
export WINESERVER="${WINESERVER:-/usr/lib/wine/wineserver64}"
export WINEPREFIX WINEARCH=win64 WINEDEBUG="${SFC_WINEDEBUG:--all}"
# No Mono/Gecko prompts in a fresh prefix; no display, so nothing tries to open a window.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY

failures=0 passes=0 why=""
service="${service:-sfcollector}"    # the service state and wait_state ask about

wine_setup() {    # wine_setup NAME: a new prefix /tmp/NAME.XXXXXX and its logs folder beside it
    WINEPREFIX="$(mktemp -d "/tmp/$1.XXXXXX")"
    logs="$WINEPREFIX.logs"
    mkdir -p "$logs"
}

cleanup() {
    if declare -F cleanup_extra >/dev/null; then cleanup_extra || true; fi
    [[ -n "${WINEPREFIX:-}" ]] || return 0
    "$WINESERVER" -k </dev/null >/dev/null 2>&1 || true    # ends every wine process of this prefix
    if [[ "${SFC_KEEP:-}" == 1 ]]; then
        echo "kept: $WINEPREFIX and $logs"
    elif ((failures)); then
        if declare -F print_logs >/dev/null; then print_logs || true; fi
        rm -rf "$WINEPREFIX"; echo "logs: $logs"
    else
        rm -rf "$WINEPREFIX" "$logs"
    fi
}

winpath() { local p="${1//\//\\}"; echo "Z:$p"; }     # Wine maps Z: to /

# Runs a wine program with its output in $logs/NAME.out. Never pipe wine's output: services
# started meanwhile inherit the pipe and the pipeline never ends. Exit codes come back cut to
# 8 bits (1603 -> 67).
run() {
    local name="$1"; shift
    timeout -k 10 300 "$wine" "$@" >"$logs/$name.out" 2>&1 </dev/null
}
msiexec() {    # msiexec NAME /i|/x MSI: quiet, with a verbose MSI log
    run "$1" msiexec "$2" "$(winpath "$3")" /qn /l*v "$(winpath "$logs/$1.msi.log")"
}
need() {    # need WHAT COMMAND...: runs COMMAND, records WHAT as the reason if it fails
    local what="$1"; shift
    "$@" && return 0
    why="$what"; return 1
}
has() { grep -qxF "$1" <<<"$2"; }
fails() { ! "$@"; }

state() {    # prints the service's state number from sc query (1 stopped, 4 running), or none
    # Once in ~35 runs a query right after an install failed and the next one worked: only
    # three failures in a row mean "no such service".
    local rc i
    for i in 1 2 3; do
        rc=0; run sc-query sc query "$service" || rc=$?
        ((rc)) || { awk '$1 == "STATE" { print $3 }' "$logs/sc-query.out"; return 0; }
        # Keep the failed query for the FAIL line (exit code cut to 8 bits: 1060 -> 36).
        { echo "rc $rc:"; cat "$logs/sc-query.out"; } >"$logs/sc-query.none.out"
        ((i == 3)) || sleep 0.5
    done
    echo none
}
wait_state() {    # wait_state N [SECONDS]: up to SECONDS (default 30) for the service to reach N
    local deadline=$((SECONDS + ${2:-30}))
    while ((SECONDS < deadline)); do
        [[ "$(state)" == "$1" ]] && return 0
        sleep 0.5
    done
    [[ "$(state)" == "$1" ]]
}

step() {    # step NAME FUNCTION: runs it, prints PASS/FAIL with the time it took
    local name="$1" start ok=0 took
    why=""; start=$(date +%s.%N)
    "$2" || ok=$?
    took="$(awk "BEGIN { print $(date +%s.%N) - $start }")"
    if ((ok == 0)); then
        printf 'PASS  %-44s %6.1fs\n' "$name" "$took"
        passes=$((passes + 1))
    else
        printf 'FAIL  %-44s %6.1fs  %s\n' "$name" "$took" "${why:-?}"
        failures=$((failures + 1))
    fi
}

wine_start() {
    # A fresh prefix's wineboot --init can leave a second services.exe behind, and the MSI's
    # service start then fails (1627): let the init session end, then keep one persistent
    # wineserver (so each later wine command starts fast) and boot the prefix again.
    need "wineboot --init failed" run wineboot-init wineboot --init || return 1
    "$WINESERVER" -w </dev/null >/dev/null 2>&1
    # The server outlives this command: it must not hold on to our stdout either.
    need "wineserver -p failed" "$WINESERVER" -p </dev/null >"$logs/wineserver.out" 2>&1 \
        || return 1
    need "wineboot failed" run wineboot wineboot || return 1
}
