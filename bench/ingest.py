#!/usr/bin/python3
"""End-to-end ingest benchmark: the fake Salesforce serves a generated Login/URI/API log set over
TLS, `sfcollector once` collects all of it into the file sink. Prints events/s, MB/s and the
collector's peak RSS.

    bench/ingest.py [--build build/release] [--mb 500] [--rows-per-file 20000] [--gzip]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROW_BYTES = 380  # about the mean size of a generated Login/URI/API row


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def make_identity(d):
    # The set-up guide's steps 3 to 6, without the passphrase detour.
    run(["openssl", "genpkey", "-algorithm", "RSA", "-out", f"{d}/server.key",
         "-pkeyopt", "rsa_keygen_bits:2048"], stderr=subprocess.DEVNULL)
    run(["openssl", "req", "-new", "-x509", "-sha256", "-days", "2", "-key", f"{d}/server.key",
         "-out", f"{d}/server.crt", "-subj", "/O=sfcollector bench"])
    shutil.copy(f"{d}/server.key", f"{d}/server.pem")


def start_fake(build, d, files, rows, gzip):
    cmd = [f"{build}/tests/fake-salesforce", "--port", "0", "--ca-out", f"{d}/ca.pem",
           "--client-id", "bench-client", "--username", "bench@example.com",
           "--app-cert", f"{d}/server.crt", "--files", str(files), "--rows-per-file", str(rows),
           "--event-types", "Login,URI,API"]
    if gzip:
        cmd.append("--gzip")
    fake = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    csv_bytes = 0
    for line in fake.stdout:
        d = re.search(r"dataset of \d+ files, \d+ rows, (\d+) CSV bytes", line)
        if d:
            csv_bytes = int(d.group(1))
        m = re.search(r"https://127\.0\.0\.1:\d+", line)
        if m:
            return fake, m.group(0), csv_bytes
    raise SystemExit("fake-salesforce did not start")


def write_config(d, url):
    path = f"{d}/sfcollector.yaml"
    with open(path, "w") as f:
        f.write(f"""salesforce:
  private_key: server.pem
  username: bench@example.com
  client_id: bench-client
  instance_url: {url}
  api_version: "64.0"
  login_url: {url}
  ca_file: ca.pem
event_log_file:
  event_types: [Login, URI, API]
collection:
  initial_lookback: 30d
state_dir: state
log_level: warn
sinks:
  - type: file
    path: out/events.jsonl
""")
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=f"{ROOT}/build/release")
    ap.add_argument("--mb", type=int, default=500)
    ap.add_argument("--rows-per-file", type=int, default=20000)
    ap.add_argument("--gzip", action="store_true")
    a = ap.parse_args()
    files = max(1, a.mb * 1_000_000 // (ROW_BYTES * a.rows_per_file))
    with tempfile.TemporaryDirectory(prefix="sfc-bench-") as d:
        make_identity(d)
        fake, url, csv_bytes = start_fake(a.build, d, files, a.rows_per_file, a.gzip)
        try:
            cfg = write_config(d, url)
            t0 = time.monotonic()
            collector = subprocess.Popen([f"{a.build}/sfcollector", "once", "--config", cfg])
            # wait4 gives this one child's peak RSS, not the fake's.
            _, status, usage = os.wait4(collector.pid, 0)
            elapsed = time.monotonic() - t0
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit("sfcollector failed")
            peak_kib = usage.ru_maxrss
        finally:
            fake.terminate()
            fake.wait()
        out = f"{d}/out/events.jsonl"
        events = sum(1 for _ in open(out, "rb"))
        csv_mb = csv_bytes / 1e6
        out_mb = os.path.getsize(out) / 1e6
    print(f"files={files} rows/file={a.rows_per_file} events={events} gzip={a.gzip}")
    print(f"elapsed={elapsed:.1f}s events/s={events / elapsed:,.0f} "
          f"csv~{csv_mb:.0f}MB ({csv_mb / elapsed:.1f} MB/s in) json={out_mb:.0f}MB "
          f"({out_mb / elapsed:.1f} MB/s out) collector_peak_rss={peak_kib / 1024:.1f}MiB")


if __name__ == "__main__":
    sys.exit(main())
