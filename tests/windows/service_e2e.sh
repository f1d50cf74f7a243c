#!/usr/bin/env bash
# End-to-end test of the Windows service under Wine: the MSI installed in a throwaway prefix, the
# service collecting from the native Salesforce emulator (fake-salesforce, on loopback, with TLS)
# into a file sink, stopped and started again without collecting anything twice, kept running
# while the emulator is down, and uninstalled.
#
#   tests/windows/service_e2e.sh [BUILD_WINDOWS_DIR [BUILD_RELEASE_DIR]]
#
# Defaults: build/windows and build/release. Takes the newest sfcollector-*.msi in
# BUILD_WINDOWS_DIR (SFC_MSI=PATH picks another) and BUILD_RELEASE_DIR/tests/fake-salesforce.
# Steps, one PASS/FAIL line each with its time, then "service_e2e: N passed, M failed":
#   1. an RSA key and self-signed certificate (openssl, as scripts/demo), the emulator with
#      4 hourly files x 25 rows (Login, URI; no new files later): 100 EventLogFile events;
#   2. msiexec /i /qn, a config in C:\ProgramData\sfcollector pointing at the emulator
#      (key and the emulator's CA copied there, file sink, poll every 5 s), validated;
#   3. sc start: every event reaches the sink, each line JSON with its own sfc.event_id;
#   4. sc stop: STOPPED within the 45 s wait hint, EventLogFile cursors saved in state\;
#   5. sc start again for two more polls, sc stop: still exactly 100 lines, no repeats;
#   6. the emulator stopped, sc start: the service stays RUNNING and logs the failure, and
#      sc stop still stops it;
#   7. msiexec /x: the service and the exe are gone, the config is kept;
#   8. sfcollector.exe service install, start, status, stop; a config error makes start fail
#      with exit code 78, which status shows; service uninstall.
# Exits 1 if any step failed, 2 on a usage or set-up error. Needs wine64 (Debian), openssl and
# python3. Env: SFC_KEEP=1 keeps the prefix and logs; SFC_WINEDEBUG (e.g. +service) replaces
# WINEDEBUG=-all; WINE, WINESERVER override the binaries. On failure the logs folder is kept and
# the service's and the emulator's logs are printed.
set -euo pipefail

here="$(cd "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/../.." && pwd)"
[[ $# -le 2 ]] || { echo "usage: $0 [BUILD_WINDOWS_DIR [BUILD_RELEASE_DIR]]" >&2; exit 2; }
win_dir="${1:-$here/build/windows}" rel_dir="${2:-$here/build/release}"

if [[ -n "${SFC_MSI:-}" ]]; then
    msi="$SFC_MSI"
else
    msi="$(find "$win_dir" -maxdepth 1 -name 'sfcollector-*.msi' -printf '%T@ %p\n' 2>/dev/null |
        sort -rn | head -1 | cut -d' ' -f2- || true)"
fi
[[ -n "$msi" && -f "$msi" ]] || {
    echo "service_e2e: no sfcollector-*.msi in $win_dir; make one with scripts/windows/make-msi" \
        "or set SFC_MSI" >&2
    exit 2
}
msi="$(realpath "$msi")"
if [[ -f "$win_dir/sfcollector.exe" && "$win_dir/sfcollector.exe" -nt "$msi" ]]; then
    echo "service_e2e: note: $msi is older than $win_dir/sfcollector.exe" >&2
fi
fake="$rel_dir/tests/fake-salesforce"
[[ -x "$fake" ]] || { echo "service_e2e: no $fake (build the native tree)" >&2; exit 2; }
fake="$(realpath "$fake")"
for tool in openssl /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "service_e2e: needs $tool" >&2; exit 2; }
done

# shellcheck source=packaging/windows/wine-support.sh
source "$here/packaging/windows/wine-support.sh"
wine_setup sfc-service-e2e
pki="$WINEPREFIX.pki"    # key, certificate and the emulator's CA, on the Linux side
mkdir -p "$pki"
fake_pid=""

c="$WINEPREFIX/drive_c"
exe="$c/Program Files/sfcollector/sfcollector.exe"
data="$c/ProgramData/sfcollector"
config="$data/sfcollector.yaml"
sink="$data/events/events.jsonl"
service_log="$data/logs/sfcollector.log"
client_id="3MVG9e2e.sfcollector.consumer.key"
username="integration@e2e.example.com"
poll=5          # poll_interval, seconds
hint=45         # the service's stop wait hint, seconds
expected=""     # events the emulator serves, from its start-up line
url="" fatal=""

stop_fake() {    # stops the emulator (SIGTERM, then SIGKILL after 5 s)
    [[ -n "$fake_pid" ]] || return 0
    kill "$fake_pid" 2>/dev/null || true
    local i
    for i in $(seq 50); do kill -0 "$fake_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
    fake_pid=""
}
cleanup_extra() {
    stop_fake
    # Keep what the service wrote, with the other logs: the prefix goes away.
    cp "$data"/logs/*.log "$logs/" 2>/dev/null || true
    local f
    while read -r f; do
        [[ -z "$f" ]] || cp "$f" "$logs/stray-$(basename "$f")"
    done < <(stray_logs)
    ls -l "$data/state" >"$logs/state-dir.out" 2>&1 || true
    [[ "${SFC_KEEP:-}" == 1 ]] || rm -rf "$pki"
}
print_logs() {
    local f
    for f in "$logs/sfcollector.log" "$logs"/stray-*.log "$logs/fake-salesforce.out"; do
        [[ -f "$f" ]] || continue
        echo "--- $f (last 40 lines)"
        tail -n 40 "$f"
    done
    echo "--- other logs: $(find "$logs" -mindepth 1 -maxdepth 1 -printf '%f ')"
}
trap cleanup EXIT

# Step helpers.
skipped() { [[ -z "$fatal" ]] || { why="skipped: $fatal failed"; return 0; }; return 1; }
lines() { if [[ -f "$sink" ]]; then wc -l <"$sink"; else echo 0; fi; }
log_size() { if [[ -f "$service_log" ]]; then stat -c %s "$service_log"; else echo 0; fi; }
log_since() {    # log_since BYTES: the service log after its first BYTES bytes
    if [[ -f "$service_log" ]]; then tail -c +"$(($1 + 1))" "$service_log" | tr -d '\r'; fi
}
one_line() { tr -s '\r\n' '  ' | cut -c1-300; }
run_or_why() {    # run_or_why NAME WHAT ARGS...: run NAME ARGS; on failure, why is WHAT: output
    local name="$1" what="$2" rc=0; shift 2
    run "$name" "$@" || rc=$?
    ((rc == 0)) || why="$what (exit $rc)$(sed '1s/^/: /' "$logs/$name.out" | one_line)"
    return "$rc"
}
query_detail() {    # the last sc query's state and exit codes, on one line
    tr -d '\r' <"$logs/sc-query.out" | awk '
        $1 == "STATE" { s = $3 " " $4 } $1 == "WIN32_EXIT_CODE" { w = $3 }
        $1 == "SERVICE_EXIT_CODE" { x = $3 }
        END { printf "state %s, WIN32_EXIT_CODE %s, SERVICE_EXIT_CODE %s", s, w, x }'
}
stray_logs() {    # service logs anywhere in the prefix but where they belong
    find "$c" -name 'sfcollector*.log' ! -path "$data/logs/*" 2>/dev/null || true
}
log_hint() {    # log_hint BYTES: the service log's last lines after BYTES, or where it is instead
    if [[ -f "$service_log" ]]; then
        echo "log: $(log_since "$1" | tail -3 | one_line)"
        return 0
    fi
    local stray; stray="$(stray_logs | head -1)"
    echo -n "no C:\ProgramData\sfcollector\logs\sfcollector.log"
    [[ -z "$stray" ]] ||
        echo -n "; a log at ${stray#"$WINEPREFIX/"}: $(tail -2 "$stray" | one_line)"
    echo
}
check_sink() {    # check_sink: exactly $expected lines, each JSON with a distinct sfc.event_id
    local out
    out="$(/usr/bin/python3 - "$sink" "$expected" <<'PY' 2>&1
import json, sys
path, expected = sys.argv[1], int(sys.argv[2])
ids = {}
with open(path, "rb") as f:
    raw = f.read().split(b"\n")
if raw and raw[-1] == b"":
    raw.pop()
for n, line in enumerate(raw, 1):
    try:
        event = json.loads(line.rstrip(b"\r"))
        sfc = event.get("sfc") or {}
        eid = sfc.get("event_id") or event.get("sfc.event_id")
    except Exception as e:
        sys.exit(f"line {n} is not a JSON object: {e}: {line[:80]!r}")
    if not eid:
        sys.exit(f"line {n} has no sfc.event_id")
    if eid in ids:
        sys.exit(f"line {n} repeats sfc.event_id {eid} of line {ids[eid]}")
    ids[eid] = n
if len(raw) != expected:
    sys.exit(f"{len(raw)} lines, want {expected}")
PY
    )" && return 0
    why="$out"; return 1
}
sc_stop_within() {    # sc stop, then STOPPED within the wait hint; sets stop_took
    local t0=$SECONDS
    run_or_why sc-stop "sc stop failed" sc stop "$service" || {
        state >/dev/null; why+="; $(query_detail)"; return 1
    }
    wait_state 1 "$hint" || { why="not STOPPED within $hint s: $(query_detail)"; return 1; }
    stop_took=$((SECONDS - t0))
}
sc_start_running() {    # sc_start_running [LOG_BYTES]: sc start, then RUNNING within 30 s
    run_or_why sc-start "sc start failed" sc start "$service" || return 1
    # The service reports RUNNING before it reads its config: a config error follows at once
    # as STOPPED with SERVICE_EXIT_CODE 78.
    local deadline=$((SECONDS + 30)) s
    while :; do
        s="$(state)"
        [[ "$s" == 4 ]] && return 0
        [[ "$s" == 1 ]] && grep -qE 'EXIT_CODE +: +[1-9]' "$logs/sc-query.out" && break
        ((SECONDS < deadline)) || break
        sleep 0.5
    done
    why="not RUNNING within 30 s: $(query_detail); $(log_hint "${1:-0}")"
    return 1
}

# 1.
start_emulator() {
    # "Creating a Private Key and Self-Signed Digital Certificate", as scripts/demo does it.
    need "openssl genpkey failed" openssl genpkey -algorithm RSA -out "$pki/server.key" \
        -pkeyopt rsa_keygen_bits:2048 2>"$logs/openssl.out" || return 1
    need "openssl req failed" openssl req -new -key "$pki/server.key" -out "$pki/server.csr" \
        -subj "/C=US/ST=CA/L=SF/O=sfcollector e2e" 2>>"$logs/openssl.out" || return 1
    need "openssl x509 failed" openssl x509 -req -sha256 -days 2 -in "$pki/server.csr" \
        -signkey "$pki/server.key" -out "$pki/server.crt" 2>>"$logs/openssl.out" || return 1
    cp "$pki/server.key" "$pki/server.pem"
    "$fake" --port 0 --ca-out "$pki/ca.pem" --client-id "$client_id" --username "$username" \
        --app-cert "$pki/server.crt" --files 4 --rows-per-file 25 --event-types Login,URI \
        >"$logs/fake-salesforce.out" 2>&1 </dev/null &
    fake_pid=$!
    local i
    for i in $(seq 100); do
        url="$(grep -o 'https://127\.0\.0\.1:[0-9]*' "$logs/fake-salesforce.out" | head -1 || true)"
        [[ -n "$url" ]] && break
        kill -0 "$fake_pid" 2>/dev/null \
            || { why="the emulator exited: $(one_line <"$logs/fake-salesforce.out")"; return 1; }
        sleep 0.1
    done
    need "the emulator did not start within 10 s" test -n "$url" || return 1
    need "no CA from the emulator" test -s "$pki/ca.pem" || return 1
    # "fake-salesforce: dataset of 4 files, 100 rows, ... CSV bytes": the EventLogFile events.
    expected="$(sed -n 's/^fake-salesforce: dataset of 4 files, \([0-9]*\) rows.*/\1/p' \
        "$logs/fake-salesforce.out")"
    need "dataset line: $(head -1 "$logs/fake-salesforce.out")" test "$expected" = $((4 * 25)) \
        || return 1
}

# 2.
install_and_configure() {
    skipped && return 1
    need "msiexec /i exited non-zero" msiexec install /i "$msi" || return 1
    need "no $exe" test -f "$exe" || return 1
    need "no $config" test -f "$config" || return 1
    cp "$pki/server.pem" "$pki/ca.pem" "$data/"
    cat >"$config" <<YAML
# service_e2e: the five values pointing at the emulator on loopback.
salesforce:
  private_key: C:/ProgramData/sfcollector/server.pem
  username: $username
  client_id: $client_id
  instance_url: $url
  api_version: "64.0"
  login_url: $url
  ca_file: C:/ProgramData/sfcollector/ca.pem
event_log_file:
  event_types: [Login, URI]
  interval: Hourly
collection:
  poll_interval: ${poll}s
  initial_lookback: 1d
state_dir: C:/ProgramData/sfcollector/state
log_level: info
sinks:
  - type: file
    path: C:/ProgramData/sfcollector/events/events.jsonl
YAML
    run_or_why validate "sfcollector.exe validate failed" \
        "$exe" validate --config C:/ProgramData/sfcollector/sfcollector.yaml || return 1
}

# 3.
collect_all() {
    skipped && return 1
    sc_start_running || return 1
    local deadline=$((SECONDS + 90)) n=0 s
    while ((SECONDS < deadline)); do
        n="$(lines)"
        ((n >= expected)) && break
        s="$(state)"
        [[ "$s" == 4 ]] || {
            why="$n of $expected events, then $(query_detail); $(log_hint 0)"
            return 1
        }
        sleep 1
    done
    ((n >= expected)) || {
        why="$n of $expected events within 90 s; $(log_hint 0)"
        return 1
    }
    sleep 1    # a late extra line would show now
    check_sink
}

# 4.
stop_saves_cursors() {
    skipped && return 1
    sc_stop_within || return 1
    local cursors=("$data"/state/eventlogfile.*.json)
    [[ -f "${cursors[0]}" ]] || {
        why="no eventlogfile.*.json in state: $(find "$data/state" -mindepth 1 -printf "%f " 2>&1)"
        return 1
    }
    # A cursor points at one of the newest files delivered (latest CreatedDate in the sink).
    local out
    out="$(/usr/bin/python3 - "$sink" "${cursors[@]}" <<'PY' 2>&1
import json, sys
sink, names = sys.argv[1], sys.argv[2:]
events = [json.loads(l)["sfc"] for l in open(sink, "rb").read().splitlines() if l.strip()]
latest = max(e["created_date"] for e in events)
newest = sorted({e["log_file_id"] for e in events if e["created_date"] == latest})
ids = []
for name in names:
    with open(name) as f:
        ids.append(json.load(f).get("id"))
if not set(ids) & set(newest):
    sys.exit(f"cursor ids {ids}, want one of {newest} (the newest files delivered)")
PY
    )" || { why="$out"; return 1; }
    echo "stop took ${stop_took}s; cursors: ${cursors[*]##*/}" >"$logs/step4.out"
}

# 5.
restart_collects_nothing_twice() {
    skipped && return 1
    local from; from="$(log_size)"
    sc_start_running "$from" || return 1
    # The second run logs in and asks for new files; "logged in" comes before its first pass.
    local deadline=$((SECONDS + 30))
    until log_since "$from" | grep "logged in" >/dev/null; do
        ((SECONDS < deadline)) || {
            why="no login in the log within 30 s; $(log_hint "$from")"
            return 1
        }
        sleep 0.5
    done
    sleep $((2 * poll + 1))    # two more passes (poll_interval +-10%)
    need "service not RUNNING after two polls (state $(state))" test "$(state)" = 4 || return 1
    sc_stop_within || return 1
    local again
    again="$(log_since "$from" | grep -E "new file\(s\) to collect|: [0-9]+ events" || true)"
    need "collected again: $(one_line <<<"$again")" test -z "$again" || return 1
    check_sink
}

# 6.
emulator_down() {
    skipped && return 1
    stop_fake
    local from; from="$(log_size)"
    sc_start_running "$from" || return 1
    local address="${url#https://}" t0=$SECONDS deadline=$((SECONDS + 40)) seen="" s
    # Stays RUNNING for at least 2 polls, and logs the failed connection (warn or error with the
    # emulator's address, or a retry).
    while ((SECONDS < deadline)); do
        s="$(state)"
        [[ "$s" == 4 ]] || {
            why="$(query_detail) $((SECONDS - t0)) s after start; $(log_hint "$from")"
            return 1
        }
        seen="$(log_since "$from" |
            grep -Ei "(warn|error).*${address//./\\.}|retry" | head -1 || true)"
        [[ -n "$seen" ]] && ((SECONDS - t0 >= 2 * poll)) && break
        sleep 1
    done
    [[ -n "$seen" ]] || {
        why="no warning about $address or a retry in the log within 40 s; $(log_hint "$from")"
        return 1
    }
    echo "$seen" >"$logs/step6-warning.out"
    sc_stop_within
}

# 7.
uninstall() {
    skipped && return 1
    need "msiexec /x exited non-zero" msiexec uninstall /x "$msi" || return 1
    need "sc query still finds the service" test "$(state)" = none || return 1
    need "$exe still there" test ! -e "$exe" || return 1
    need "config removed or replaced" grep -qF "instance_url: $url" "$config"
}

# 8.
service_commands() {
    skipped && return 1
    local sfc rc=0
    sfc="$(winpath "$(realpath "$win_dir/sfcollector.exe")")"
    run_or_why svc-install "service install failed" "$sfc" service install || return 1
    # Wine's services.exe once answered the first StartService after an uninstall with "Internal
    # error" and took the next one; a second try keeps that quirk from failing the run.
    if ! run svc-start "$sfc" service start; then
        grep -q "Internal error" "$logs/svc-start.out" || {
            why="service start failed: $(one_line <"$logs/svc-start.out")"
            return 1
        }
        sleep 1
        run_or_why svc-start "service start failed" "$sfc" service start || return 1
    fi
    run_or_why svc-status "service status: not running" "$sfc" service status || return 1
    run_or_why svc-stop "service stop failed" "$sfc" service stop || return 1
    need "not STOPPED after service stop ($(query_detail))" test "$(state)" = 1 || return 1
    # A configuration error: start fails naming exit code 78, and status shows it.
    cp "$config" "$logs/config.good.yaml"
    printf 'salesforce:\n  usernam: x\n' >"$config"
    run svc-start-bad "$sfc" service start || rc=$?
    cp "$logs/config.good.yaml" "$config"
    need "service start with a bad config exited 0" test "$rc" -ne 0 || return 1
    need "start did not report exit code 78: $(one_line <"$logs/svc-start-bad.out")" \
        grep -q "exit code 78: configuration error" "$logs/svc-start-bad.out" || return 1
    run svc-status-bad "$sfc" service status || true
    need "status did not report exit code 78: $(one_line <"$logs/svc-status-bad.out")" \
        grep -q "stopped (exit code 78" "$logs/svc-status-bad.out" || return 1
    run_or_why svc-uninstall "service uninstall failed" "$sfc" service uninstall || return 1
    need "sc query still finds the service" test "$(state)" = none
}

essential() {    # as step; the steps after it are skipped if it fails
    local before=$failures
    step "$@"
    ((failures == before)) || fatal="${fatal:-$1}"
}

t_start=$SECONDS
essential "wine start-up (fresh prefix)" wine_start
essential "emulator: 4 files x 25 rows (Login, URI)" start_emulator
essential "install MSI, config for the emulator" install_and_configure
step "sc start: all events in the sink, distinct" collect_all
step "sc stop: STOPPED within ${hint}s, cursors saved" stop_saves_cursors
step "restart, 2 polls, stop: nothing twice" restart_collects_nothing_twice
step "emulator down: RUNNING, failure logged, stop" emulator_down
step "uninstall: service and exe gone, config kept" uninstall
step "service install/start/status/stop, error 78" service_commands

echo "service_e2e: took $((SECONDS - t_start)) s"
echo "service_e2e: $passes passed, $failures failed"
((failures == 0)) || exit 1
