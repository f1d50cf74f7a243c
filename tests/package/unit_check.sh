#!/usr/bin/env bash
# Checks a configured sfcollector.service: `systemd-analyze verify` says nothing, and
# `systemd-analyze security` rates its exposure at most 2.0 (sandboxing lost by an edit fails here).
#   tests/package/unit_check.sh /lib/systemd/system/sfcollector.service      the installed unit
#   tests/package/unit_check.sh build/package/sfcollector.service build/package/sfcollector
#                           a build's unit, before installing: ExecStart= runs the given binary
# Works offline, without systemd running (containers).
set -euo pipefail

max_exposure=20  # tenths: systemd-analyze's --threshold scale; 2.0 in its overall rating

if (($# < 1 || $# > 2)); then
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
fi
unit="$1"
binary="${2:-}"
[[ -f "$unit" ]] || { echo "unit_check: no unit file $unit" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# verify checks that ExecStart's program exists, so a unit from a build dir points at the build's
# binary; the copy keeps the name, which verify needs to know the unit's type.
checked="$work/sfcollector.service"
if [[ -n "$binary" ]]; then
    [[ -x "$binary" ]] || { echo "unit_check: $binary is not an executable" >&2; exit 1; }
    binary="$(realpath "$binary")"
    sed "s|^ExecStart=[^ ]*|ExecStart=$binary|" "$unit" >"$checked"
else
    cp "$unit" "$checked"
fi

failed=0
# verify exits 0 on unknown keys and unparsable values too (it only warns): any output fails.
if ! systemd-analyze verify "$checked" >"$work/verify.out" 2>&1 || [[ -s "$work/verify.out" ]]; then
    echo "unit_check: systemd-analyze verify $unit is not clean:" >&2
    sed 's/^/    /' "$work/verify.out" >&2
    failed=1
fi

security_rc=0
systemd-analyze security --offline=true --threshold="$max_exposure" "$checked" \
    >"$work/security.out" 2>&1 || security_rc=$?
exposure="$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$work/security.out")"
if [[ -z "$exposure" ]]; then
    echo "unit_check: systemd-analyze security gave no overall exposure:" >&2
    sed 's/^/    /' "$work/security.out" >&2
    failed=1
elif ((security_rc != 0)); then
    echo "unit_check: $unit: exposure $exposure is above" \
        "$((max_exposure / 10)).$((max_exposure % 10)); what it lacks:" >&2
    grep '✗' "$work/security.out" | sed 's/^/    /' >&2
    failed=1
fi

if ((failed)); then
    exit 1
fi
echo "unit_check: $unit: systemd-analyze verify clean, exposure $exposure (at most 2.0)"
