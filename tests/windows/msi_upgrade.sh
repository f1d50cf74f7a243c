#!/usr/bin/env bash
# The installer's upgrade path with the real sfcollector.exe: packaging/windows/check-msi.sh
# installs the MSI of this version, starts and stops the service, edits the config, upgrades to
# an MSI one patch version higher (built here from the same exe), refuses a downgrade,
# uninstalls and reinstalls over the kept config.
#
#   tests/windows/msi_upgrade.sh [BUILD_WINDOWS_DIR]      (default build/windows)
#
# The service needs a valid config to run: the five values with a throwaway key, pointing at a
# closed loopback port, so it keeps retrying the login and stays RUNNING.
set -euo pipefail

here="$(cd "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/../.." && pwd)"
win_dir="$(realpath "${1:-$here/build/windows}")"
version="$(sed -n 's/^project(sfcollector VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")"
next="${version%.*}.$((${version##*.} + 1))"
work="$win_dir/msi-upgrade"
mkdir -p "$work"

"$here/scripts/windows/make-msi" --exe "$win_dir/sfcollector.exe" \
    --config "$win_dir/sfcollector.yaml" --version "$next" \
    --out "$work/sfcollector-$next-x64.msi" >/dev/null
[[ -f "$work/server.pem" ]] ||
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/server.pem" 2>/dev/null
cat >"$work/sfcollector.yaml" <<YAML
# msi_upgrade: a valid config; nothing listens on 127.0.0.1:9, so the service keeps retrying.
salesforce:
  private_key: Z:$work/server.pem
  username: integration@msi-upgrade.example.com
  client_id: 3MVG9msiupgrade
  instance_url: https://127.0.0.1:9
  api_version: "64.0"
  login_url: https://127.0.0.1:9
event_log_file:
  event_types: [Login]
collection:
  poll_interval: 30s
state_dir: C:/ProgramData/sfcollector/state
sinks:
  - type: file
    path: C:/ProgramData/sfcollector/events/events.jsonl
YAML
exec "$here/packaging/windows/check-msi.sh" "$win_dir/sfcollector-$version-x64.msi" \
    "$work/sfcollector-$next-x64.msi" "$work/sfcollector.yaml"
