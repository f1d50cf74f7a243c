#!/usr/bin/env bash
# The Linux packages end to end, on this machine (as root; it installs and purges sfcollector):
#   tests/package/deb_test.sh BUILD_DIR
# BUILD_DIR is a built package tree (scripts/bootstrap package: Release, prefix /usr). Builds the
# .deb, checks its metadata, installs it with dpkg, checks files, owners, modes and the account,
# the unit (unit_check.sh), that the example config fails `sfcollector validate` as the service
# user only on its placeholders and passes once they are filled in the README's way, then an
# upgrade in place, remove and purge. With rpmbuild, also builds the .rpm and checks its contents.
# Works without systemd running (the maintainer scripts must, in containers).
set -euo pipefail

if (($# != 1)); then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "$1" && pwd)"
[[ $(id -u) -eq 0 ]] || { echo "deb_test: run as root (it installs the package)" >&2; exit 1; }
if [[ ! -x "$build/sfcollector" ]]; then
    echo "deb_test: no $build/sfcollector; build it first" >&2
    exit 1
fi

work="$(mktemp -d)"
failures=0
passes=0

fail() {
    echo "deb_test: FAIL: $*" >&2
    failures=$((failures + 1))
}
pass() {
    passes=$((passes + 1))
}
check() {  # check <what> <command...>: counts the command's success as a pass
    local what="$1"
    shift
    if "$@"; then pass; else fail "$what"; fi
}
check_not() {  # check_not <what> <command...>: counts the command's failure as a pass
    local what="$1"
    shift
    if "$@"; then fail "$what"; else pass; fi
}

package_status() {  # "installed", "config-files", "not-installed", or empty when dpkg never saw it
    dpkg-query -W -f='${db:Status-Status}' sfcollector 2>/dev/null || true
}

purge_if_present() {
    local status
    status="$(package_status)"
    if [[ -n "$status" && "$status" != not-installed ]]; then
        dpkg --purge sfcollector >"$work/purge-leftover.log" 2>&1 ||
            { cat "$work/purge-leftover.log" >&2; return 1; }
    fi
}

# The package keeps the account on purge (Debian practice); the test removes the one it made.
had_account=0
if getent passwd sfcollector >/dev/null; then had_account=1; fi

cleanup() {
    # Leave the machine as it was, also when a check failed half-way.
    purge_if_present || true
    if ((!had_account)) && getent passwd sfcollector >/dev/null; then
        userdel sfcollector 2>/dev/null || true
        if getent group sfcollector >/dev/null; then groupdel sfcollector 2>/dev/null || true; fi
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A run stopped half-way leaves the package installed: start clean.
purge_if_present

# owner:group and octal mode of a path.
expect_mode() {  # expect_mode <path> <owner:group> <mode>
    local got
    if ! got="$(stat -c '%U:%G %a' "$1" 2>/dev/null)"; then
        fail "$1 is missing"
        return
    fi
    if [[ "$got" == "$2 $3" ]]; then pass; else fail "$1 is $got, expected $2 $3"; fi
}

as_service_user() {
    (cd / && setpriv --reuid=sfcollector --regid=sfcollector --init-groups "$@")
}

# Without systemd running, nothing here takes the maintainer scripts' branch for a booted system.
# simulate runs an installed script with /run/systemd/system moved to a directory that exists
# and systemctl, deb-systemd-invoke and deb-systemd-helper recording their calls instead; it
# prints the start, stop and restart calls. touch "$sim/active" makes the service look active.
sim="$work/systemd"
mkdir -p "$sim/bin" "$sim/run"
cat >"$sim/bin/systemctl" <<EOF
#!/bin/sh
echo "systemctl \$*" >>"$sim/calls"
case "\$*" in *is-active*) [ -f "$sim/active" ] ;; esac
EOF
cat >"$sim/bin/deb-systemd-invoke" <<EOF
#!/bin/sh
echo "deb-systemd-invoke \$*" >>"$sim/calls"
EOF
sed 's/deb-systemd-invoke/deb-systemd-helper/' "$sim/bin/deb-systemd-invoke" \
    >"$sim/bin/deb-systemd-helper"
chmod +x "$sim/bin/"*
simulate() {  # simulate <script> <argument...>
    local script="$1"
    shift
    : >"$sim/calls"
    sed "s|/run/systemd/system|$sim/run|g" "/var/lib/dpkg/info/sfcollector.$script" >"$sim/$script"
    PATH="$sim/bin:$PATH" sh "$sim/$script" "$@" >/dev/null 2>&1 || echo "$script exited $?"
    grep -E '(start|stop|restart) sfcollector' "$sim/calls" || true
}

version="$(sed -n 's/^project(sfcollector VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")"
config=/etc/sfcollector/sfcollector.yaml
unit=/lib/systemd/system/sfcollector.service

# --- the .deb and its metadata --------------------------------------------------------------
rm -f "$build"/sfcollector_*.deb
if ! (cd "$build" && cpack -G DEB) >"$work/cpack-deb.log" 2>&1; then
    cat "$work/cpack-deb.log" >&2
    echo "deb_test: cpack -G DEB failed" >&2
    exit 1
fi
debs=("$build"/sfcollector_*.deb)
if [[ ${#debs[@]} -ne 1 || ! -f "${debs[0]}" ]]; then
    echo "deb_test: no single .deb in $build" >&2
    exit 1
fi
deb="${debs[0]}"
check "package version" test "$(dpkg-deb -f "$deb" Version)" = "$version-1"

# Every shared library the binary loads must come from a package the .deb depends on
# (dpkg-shlibdeps); on Debian 12 that is libssl3, libyaml-cpp0.7, libspdlog1.10, libfmt9,
# libsimdjson14, zlib1g, libstdc++6, libgcc-s1 and libc6.
depends="$(dpkg-deb -f "$deb" Depends)"
echo "deb_test: Depends: $depends"
# Package names in a Depends or Provides field, one a line, without versions or alternatives.
names() {
    sed 's/([^)]*)//g; s/[,|]/\n/g' | sed 's/:.*//; s/[[:space:]]//g' | grep -v '^$' || true
}
names <<<"$depends" | sort -u >"$work/depends"
while read -r library; do
    # dpkg may know the library under /lib or /usr/lib (merged /usr).
    owner="$(dpkg-query -S "$library" 2>/dev/null ||
        dpkg-query -S "$(realpath "$library")" 2>/dev/null || true)"
    owner="${owner%%:*}"
    if [[ -z "$owner" ]]; then
        fail "no package owns $library (ldd of the binary)"
        continue
    fi
    # The owner itself or a name it provides (libspdlog1.10 provides libspdlog1.10-fmt9).
    { echo "$owner"; dpkg-query -W -f='${Provides}' "$owner" | names; } | sort -u >"$work/owner"
    if [[ -n "$(comm -12 "$work/depends" "$work/owner")" ]]; then
        pass
    else
        fail "Depends lacks $owner (for $library)"
    fi
done < <(ldd "$build/sfcollector" | sed -n 's/.* => \(\/[^ ]*\) .*/\1/p')
for required in libssl3 libyaml-cpp0.7 zlib1g "systemd | adduser"; do
    check "Depends names $required" grep -qF "$required" <<<"$depends"
done
check "conffiles lists $config" \
    grep -qx "$config" < <(dpkg-deb --info "$deb" conffiles)
dpkg-deb --contents "$deb" >"$work/contents"
for path in ./usr/bin/sfcollector ./usr/lib/systemd/system/sfcollector.service \
    ./usr/lib/sysusers.d/sfcollector.conf ./usr/lib/tmpfiles.d/sfcollector.conf ".$config" \
    ./usr/share/doc/sfcollector/README.md ./usr/share/doc/sfcollector/examples/sfcollector.yaml; do
    check "the .deb holds $path" grep -q " $path\$" "$work/contents"
done

# --- install ---------------------------------------------------------------------------------
if ! dpkg -i "$deb" >"$work/install.log" 2>&1; then
    cat "$work/install.log" >&2
    echo "deb_test: dpkg -i failed" >&2
    exit 1
fi
check "postinst says the unconfigured service was not started" \
    grep -q "sfcollector: not started" "$work/install.log"

expect_mode /usr/bin/sfcollector root:root 755
expect_mode "$unit" root:root 644
expect_mode /usr/lib/sysusers.d/sfcollector.conf root:root 644
expect_mode /usr/lib/tmpfiles.d/sfcollector.conf root:root 644
expect_mode /etc/sfcollector root:sfcollector 750
expect_mode "$config" root:sfcollector 640
expect_mode /var/lib/sfcollector sfcollector:sfcollector 700
expect_mode /var/log/sfcollector sfcollector:sfcollector 750
check "$config is the example config" cmp -s "$config" "$here/config/sfcollector.yaml"
check "$config is a conffile" grep -q "$config" < <(dpkg-query -W -f='${Conffiles}' sfcollector)

check "the binary is stripped" grep -q ', stripped' < <(file -b /usr/bin/sfcollector)
check_not "the binary has no debug sections" \
    grep -qE '\.debug_info|\.symtab' < <(readelf -S --wide /usr/bin/sfcollector)
check "sfcollector --version says $version" \
    grep -qF "$version" < <(/usr/bin/sfcollector --version 2>&1)

# A system account without a login, home in the state directory.
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd sfcollector) || true
check "sfcollector is a system account (uid ${uid:-none})" test "${uid:-1000}" -lt 1000
check "sfcollector's home is /var/lib/sfcollector" test "${home:-}" = /var/lib/sfcollector
check "sfcollector has no login shell (${shell:-none})" grep -q nologin <<<"${shell:-}"
check "the unit is enabled (deb-systemd-helper)" \
    test -L /etc/systemd/system/multi-user.target.wants/sfcollector.service

check "the unit runs /usr/bin/sfcollector" grep -qx \
    "ExecStart=/usr/bin/sfcollector run --config $config" "$unit"
check "unit_check.sh on the installed unit" "$here/tests/package/unit_check.sh" "$unit"

# --- the example config, as the service user ----------------------------------------------
# It must fail only on what the operator fills in (the key file it names does not exist yet),
# never on reading the config itself.
placeholders='salesforce\.(private_key|username|client_id|instance_url)'
rc=0
as_service_user /usr/bin/sfcollector validate --config "$config" >"$work/validate.out" 2>&1 || rc=$?
check "validate of the example config exits 78 (got $rc)" test "$rc" -eq 78
grep -E " error |sfcollector\.yaml:[0-9]+:" "$work/validate.out" >"$work/problems" || true
check "validate names a problem" test -s "$work/problems"
if grep -Ev "$placeholders" "$work/problems" >"$work/other-problems"; then
    fail "validate of the example config complains about more than its placeholders:" \
        "$(cat "$work/other-problems")"
else
    pass
fi
if grep -qi "permission denied" "$work/validate.out"; then
    fail "the service user may not read something: $(cat "$work/validate.out")"
else
    pass
fi

check "with systemd running, a first install does not start the example config" \
    test -z "$(simulate postinst configure)"

# The README's steps: a key only the service user may read, the five values filled in.
openssl genrsa -out "$work/server.pem" 2048 2>/dev/null
install -o sfcollector -g sfcollector -m 0600 "$work/server.pem" /etc/sfcollector/server.pem
sed -i -e 's|^  username: .*|  username: siem@corp.example.com|' \
    -e 's|^  client_id: .*|  client_id: 3MVG9fakeConsumerKeyForThePackageTest0123456789|' \
    -e 's|^  instance_url: .*|  instance_url: https://corp.my.salesforce.com|' "$config"
expect_mode "$config" root:sfcollector 640
rc=0
as_service_user /usr/bin/sfcollector validate --config "$config" >"$work/validate.out" 2>&1 || rc=$?
if ((rc == 0)); then
    pass
else
    fail "validate of the filled-in config exits $rc: $(cat "$work/validate.out")"
fi

check "with systemd running, a configured install starts the service" \
    test "$(simulate postinst configure)" = "deb-systemd-invoke start sfcollector.service"
touch "$sim/active"
check "with systemd running, an upgrade leaves the service running" \
    test -z "$(simulate prerm upgrade "$version-1")"
check "with systemd running, an upgrade restarts the running service" \
    test "$(simulate postinst configure "$version-1")" = \
    "deb-systemd-invoke restart sfcollector.service"
check "with systemd running, remove stops the service" \
    test "$(simulate prerm remove)" = "deb-systemd-invoke stop sfcollector.service"
rm "$sim/active"

# --- upgrade in place (the same version again: prerm upgrade, postinst configure <version>) --
if ! dpkg -i "$deb" >"$work/upgrade.log" 2>&1; then
    cat "$work/upgrade.log" >&2
    fail "dpkg -i over the installed package"
fi
check "the upgrade keeps the edited config" grep -q "siem@corp.example.com" "$config"
check "the upgrade keeps the key" test -f /etc/sfcollector/server.pem
check_not "the postinst finds the filled-in config ready" \
    grep -q "sfcollector: not started" "$work/upgrade.log"
expect_mode /etc/sfcollector root:sfcollector 750
expect_mode "$config" root:sfcollector 640
expect_mode /etc/sfcollector/server.pem sfcollector:sfcollector 600

# --- remove keeps the config and the state; purge deletes them ------------------------------
# The state a running collector would have left.
as_service_user touch /var/lib/sfcollector/cursor.json /var/log/sfcollector/events.jsonl
if ! dpkg --remove sfcollector >"$work/remove.log" 2>&1; then
    cat "$work/remove.log" >&2
    fail "dpkg --remove"
fi
check "remove leaves the config files" test "$(package_status)" = config-files
check "remove deletes the binary" test ! -e /usr/bin/sfcollector
check "remove deletes the unit" test ! -e "$unit"
check "remove keeps the config" test -f "$config"
check "remove keeps the cursors" test -f /var/lib/sfcollector/cursor.json
if ! dpkg --purge sfcollector >"$work/purge.log" 2>&1; then
    cat "$work/purge.log" >&2
    fail "dpkg --purge"
fi
check "purge forgets the package" grep -qxE '|not-installed' <<<"$(package_status)"
for path in /etc/sfcollector /var/lib/sfcollector /var/log/sfcollector \
    /etc/systemd/system/multi-user.target.wants/sfcollector.service; do
    check "purge deletes $path" test ! -e "$path" -a ! -L "$path"
done
# Debian keeps system accounts: files the account owned elsewhere stay attributed to it.
check "purge keeps the sfcollector account" getent passwd sfcollector >/dev/null

# --- the .rpm ---------------------------------------------------------------------------------
if command -v rpmbuild >/dev/null; then
    rm -f "$build"/sfcollector-*.rpm
    if (cd "$build" && cpack -G RPM) >"$work/cpack-rpm.log" 2>&1; then
        rpms=("$build"/sfcollector-*.rpm)
        rpm="${rpms[0]}"
        rpm -qlp "$rpm" 2>/dev/null >"$work/rpm-files"
        for path in /usr/bin/sfcollector /usr/lib/systemd/system/sfcollector.service \
            /usr/lib/sysusers.d/sfcollector.conf /usr/lib/tmpfiles.d/sfcollector.conf "$config" \
            /usr/share/doc/sfcollector/README.md; do
            check "the .rpm holds $path" grep -qx "$path" "$work/rpm-files"
        done
        # Directories the distribution owns must not be claimed by the package.
        check_not "the .rpm claims no shared directory" \
            grep -qxE '/etc|/usr|/usr/bin|/usr/lib/(systemd(/system)?|sysusers.d|tmpfiles.d)' \
            "$work/rpm-files"
        check "the .rpm marks $config as config" grep -qx "$config" < <(rpm -qcp "$rpm" 2>/dev/null)
        check "the .rpm gives $config the service's group" \
            grep -qxe "-rw-r----- root sfcollector $config" < <(rpm -qp \
                --qf '[%{FILEMODES:perms} %{FILEUSERNAME} %{FILEGROUPNAME} %{FILENAMES}\n]' \
                "$rpm" 2>/dev/null)
        check "the .rpm requires libssl" grep -q '^libssl\.so\.3' \
            < <(rpm -qp --requires "$rpm" 2>/dev/null)
        check "the .rpm creates the account before its files" \
            grep -q 'systemd-sysusers' < <(rpm -qp --scripts "$rpm" 2>/dev/null)
        cp "$rpm" "$work/package.rpm"
        rpm2archive "$work/package.rpm"  # -> package.rpm.tgz
        mkdir "$work/rpm-root"
        tar -xzf "$work/package.rpm.tgz" -C "$work/rpm-root" ./usr/bin/sfcollector
        check "the .rpm binary is stripped" grep -q ', stripped' \
            < <(file -b "$work/rpm-root/usr/bin/sfcollector")
    else
        cat "$work/cpack-rpm.log" >&2
        fail "cpack -G RPM"
    fi
else
    echo "deb_test: no rpmbuild: the .rpm is not checked"
fi

echo "deb_test: $passes passed, $failures failed"
((failures == 0))
