#!/usr/bin/python3
"""End-to-end ingest benchmark, as ratios on one data set from one fake Salesforce over loopback
TLS (tests/fake-salesforce serving a generated Login/URI/API log set):

  curl         every LogFile downloaded by one curl process, 4 at a time like the collector
               (max_concurrent_requests), bodies to /dev/null: the physical limit, ratio 1.00
  /dev/null    `sfcollector once` into a file sink at /dev/null
  file         `sfcollector once` into a real file (fsync per batch); its line count must
               equal the rows served
  python       the same CSV files from disk (fetched beforehand by curl, untimed): csv module,
               json.dumps per row, written to /dev/null; no network
  /dev/null 2N the /dev/null run on a second data set of the same size with files twice as
               long: the collector's peak RSS must not grow with the file size

Every collector run gets a fresh state directory; peak RSS is each program's own (GNU time). Prints
one markdown table.

    bench/ingest.py [--build build/release] [--mb 500] [--rows-per-file 20000] [--gzip]
                    [--skip-python]
"""
import argparse
import csv
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROW_BYTES = 380  # about the mean size of a generated Login/URI/API row
API_VERSION = "64.0"
CLIENT_ID = "bench-client"
USERNAME = "bench@example.com"
DOWNLOADS_AT_ONCE = 4  # the collector's default max_concurrent_requests


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def make_identity(d):
    # The set-up guide's steps 3 to 6, without the passphrase detour.
    run(["openssl", "genpkey", "-algorithm", "RSA", "-out", f"{d}/server.key",
         "-pkeyopt", "rsa_keygen_bits:2048"], stderr=subprocess.DEVNULL)
    run(["openssl", "req", "-new", "-x509", "-sha256", "-days", "2", "-key", f"{d}/server.key",
         "-out", f"{d}/server.crt", "-subj", "/O=sfcollector bench"])
    shutil.copy(f"{d}/server.key", f"{d}/server.pem")


class FakeSalesforce:
    """A running tests/fake-salesforce with its data set's size, as it announces them."""

    def __init__(self, build, d, files, rows_per_file, gzip=False):
        cmd = [f"{build}/tests/fake-salesforce", "--port", "0", "--ca-out", f"{d}/ca.pem",
               "--client-id", CLIENT_ID, "--username", USERNAME, "--app-cert",
               f"{d}/server.crt", "--files", str(files), "--rows-per-file", str(rows_per_file),
               "--event-types", "Login,URI,API"]
        if gzip:
            cmd.append("--gzip")
        self.ca = f"{d}/ca.pem"
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        self.files = self.rows = self.csv_bytes = 0
        for line in self.proc.stdout:
            m = re.search(r"dataset of (\d+) files, (\d+) rows, (\d+) CSV bytes", line)
            if m:
                self.files, self.rows, self.csv_bytes = map(int, m.groups())
            u = re.search(r"listening on (https://\S+)", line)
            if u:
                self.url = u.group(1)
                return
        raise SystemExit("fake-salesforce did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def files_for(mb, rows_per_file):
    return max(1, mb * 1_000_000 // (ROW_BYTES * rows_per_file))


def child_run(cmd, **kw):
    """Runs cmd to the end; (seconds, peak RSS in KiB of that process alone, its stdout).

    The peak comes from GNU time, not from our own wait4: Linux carries a parent's peak RSS over
    fork and exec into the child's ru_maxrss, so a child of this Python process (30 MiB with the
    TLS and JWT modules loaded) would never report less than that."""
    with tempfile.NamedTemporaryFile("r", prefix="sfc-bench-rss-") as rss:
        t0 = time.monotonic()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + cmd, **kw)
        elapsed = time.monotonic() - t0
        if proc.returncode != 0:
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode})")
        return elapsed, int(rss.read().split()[-1]), proc.stdout


# --- curl: the token and the list the way the collector gets them, then every LogFile ------

def access_token(fake, d):
    import jwt  # python3-jwt; only the curl reference needs it

    with open(f"{d}/server.pem") as f:
        key = f.read()
    claims = {"iss": CLIENT_ID, "sub": USERNAME, "aud": fake.url, "exp": int(time.time()) + 300}
    form = urllib.parse.urlencode({
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "assertion": jwt.encode(claims, key, algorithm="RS256")}).encode()
    tls = ssl.create_default_context(cafile=fake.ca)
    with urllib.request.urlopen(f"{fake.url}/services/oauth2/token", form, context=tls) as r:
        return json.load(r)["access_token"]


def log_file_urls(fake, token):
    tls = ssl.create_default_context(cafile=fake.ca)
    q = urllib.parse.quote("SELECT Id FROM EventLogFile WHERE EventType IN ('Login','URI','API')")
    next_url, urls = f"/services/data/v{API_VERSION}/query?q={q}", []
    while next_url:
        req = urllib.request.Request(fake.url + next_url,
                                     headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, context=tls) as r:
            page = json.load(r)
        urls += [f"{fake.url}/services/data/v{API_VERSION}/sobjects/EventLogFile/{rec['Id']}"
                 "/LogFile" for rec in page["records"]]
        next_url = page.get("nextRecordsUrl")
    return urls


def curl_config(fake, token, urls, out_dir, gzip):
    """A curl config (-K) file: the token stays out of the process list."""
    path = f"{out_dir}.curlrc"
    with open(path, "w") as f:
        f.write(f'cacert = "{fake.ca}"\nheader = "Authorization: Bearer {token}"\n'
                "fail\n")
        if gzip:
            f.write("compressed\n")
        for i, url in enumerate(urls):
            out = "/dev/null" if out_dir == "/dev/null" else f"{out_dir}/{i:05}.csv"
            f.write(f'url = "{url}"\noutput = "{out}"\n')
    return path


def curl_download(fake, token, urls, out_dir, gzip):
    cfg = curl_config(fake, token, urls, out_dir, gzip)
    return child_run(["curl", "--no-progress-meter", "--parallel", "--parallel-max",
                      str(DOWNLOADS_AT_ONCE), "-K", cfg])[:2]


# --- the collector ----------------------------------------------------------------------------

def file_sink(path):
    return f"  - type: file\n    path: {path}\n"


def write_config(d, name, fake, sinks):
    """A collector config under d/name with its own state directory; `sinks` is YAML."""
    os.makedirs(f"{d}/{name}", exist_ok=True)
    path = f"{d}/{name}/sfcollector.yaml"
    with open(path, "w") as f:
        f.write(f"""salesforce:
  private_key: {d}/server.pem
  username: {USERNAME}
  client_id: {CLIENT_ID}
  instance_url: {fake.url}
  api_version: "{API_VERSION}"
  login_url: {fake.url}
  ca_file: {fake.ca}
event_log_file:
  event_types: [Login, URI, API]
collection:
  initial_lookback: 30d
state_dir: {d}/{name}/state
log_level: warn
sinks:
{sinks}""")
    return path


def collect(build, d, name, fake, sink_path):
    cfg = write_config(d, name, fake, file_sink(sink_path))
    return child_run([f"{build}/sfcollector", "once", "--config", cfg], cwd=f"{d}/{name}")[:2]


def count_lines(path):
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


# --- the Python reference -------------------------------------------------------------------

def python_reference(csv_dir):
    """Every row of every CSV file as one JSON object (header → cell) to /dev/null."""
    rows = 0
    with open(os.devnull, "w") as out:
        for name in sorted(os.listdir(csv_dir)):
            with open(f"{csv_dir}/{name}", newline="") as f:
                reader = csv.reader(f)
                header = next(reader)
                for row in reader:
                    out.write(json.dumps(dict(zip(header, row))) + "\n")
                    rows += 1
    print(rows)


# --- one run ----------------------------------------------------------------------------------

def measure(a, d):
    """[(label, seconds, rows, csv_bytes, peak KiB)] for every run, curl's first."""
    results = []
    fake = FakeSalesforce(a.build, d, files_for(a.mb, a.rows_per_file), a.rows_per_file, a.gzip)
    try:
        token = access_token(fake, d)
        urls = log_file_urls(fake, token)
        if len(urls) != fake.files:
            raise SystemExit(f"listed {len(urls)} LogFiles, the fake serves {fake.files}")
        t, rss = curl_download(fake, token, urls, "/dev/null", a.gzip)
        results.append(("curl, 4 at a time → /dev/null", t, fake.rows, fake.csv_bytes, rss))
        t, rss = collect(a.build, d, "devnull", fake, "/dev/null")
        results.append(("sfcollector once → /dev/null", t, fake.rows, fake.csv_bytes, rss))
        t, rss = collect(a.build, d, "file", fake, "out/events.jsonl")
        events = count_lines(f"{d}/file/out/events.jsonl")
        if events != fake.rows:
            raise SystemExit(f"the file holds {events} events, the fake served {fake.rows} rows")
        os.remove(f"{d}/file/out/events.jsonl")
        results.append(("sfcollector once → file", t, events, fake.csv_bytes, rss))
        if not a.skip_python:
            os.makedirs(f"{d}/csv")
            curl_download(fake, token, urls, f"{d}/csv", a.gzip)
            t, rss, out = child_run([sys.executable, os.path.abspath(__file__),
                                     "--python-reference", f"{d}/csv"], stdout=subprocess.PIPE)
            shutil.rmtree(f"{d}/csv")
            if int(out) != fake.rows:
                raise SystemExit(f"the Python reference read {int(out)} rows of {fake.rows}")
            results.append(("Python csv → json.dumps → /dev/null", t, fake.rows,
                            fake.csv_bytes, rss))
    finally:
        fake.stop()
    # Files twice as long, the same total size: the peak RSS must stay where it was.
    rows2 = 2 * a.rows_per_file
    fake = FakeSalesforce(a.build, d, files_for(a.mb, rows2), rows2, a.gzip)
    try:
        t, rss = collect(a.build, d, "devnull-2n", fake, "/dev/null")
        results.append((f"sfcollector once → /dev/null, {rows2:,} rows/file", t, fake.rows,
                        fake.csv_bytes, rss))
    finally:
        fake.stop()
    return results


def print_table(a, results):
    _, curl_t, curl_rows, curl_bytes, _ = results[0]
    curl_rate = curl_bytes / curl_t
    print(f"data set: {files_for(a.mb, a.rows_per_file)} files × {a.rows_per_file:,} rows "
          f"(Login/URI/API), {curl_bytes / 1e6:.0f} MB CSV, {curl_rows:,} events, "
          f"gzip on the wire: {'yes' if a.gzip else 'no'}\n")
    print("| run | time | CSV MB/s | events/s | vs curl | peak RSS |")
    print("|---|---|---|---|---|---|")
    for label, t, rows, csv_bytes, rss in results:
        rate = csv_bytes / t
        print(f"| {label} | {t:.1f} s | {rate / 1e6:.1f} | {rows / t:,.0f} | "
              f"{rate / curl_rate:.2f} | {rss / 1024:.1f} MiB |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=f"{ROOT}/build/release")
    ap.add_argument("--mb", type=int, default=500)
    ap.add_argument("--rows-per-file", type=int, default=20000)
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("--skip-python", action="store_true", help="leave out the Python reference")
    ap.add_argument("--python-reference", metavar="DIR", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.python_reference:
        return python_reference(a.python_reference)
    a.build = os.path.abspath(a.build)  # the collectors run in their own directories
    with tempfile.TemporaryDirectory(prefix="sfc-bench-") as d:
        make_identity(d)
        print_table(a, measure(a, d))


if __name__ == "__main__":
    sys.exit(main())
