#!/usr/bin/python3
"""Soak test (not in CI): `sfcollector run` for an hour against the fake Salesforce while it
injects faults and adds new log files, with a syslog receiver (rsyslogd over TCP) that goes down
and comes back, and the file sink rotated away with a SIGHUP now and then. Samples the
collector's RSS and open file descriptors; fails when they grow (last quarter's average above the
first quarter's by more than --growth and the slack), when the collector does not stop cleanly,
or when a row the fake served is missing from the file sink.

    bench/soak.py [--build build/release] [--minutes 60] [--sample 10]

Everything runs on loopback in a temporary directory (kept with --keep).
"""
import argparse
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUEST_ID = re.compile(rb'"REQUEST_ID":"([^"]*)"')


def log(msg):
    print(msg, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.2)
    raise SystemExit(f"soak: timed out waiting for {what}")


def make_identity(d):
    run(["openssl", "genpkey", "-algorithm", "RSA", "-out", f"{d}/server.pem",
         "-pkeyopt", "rsa_keygen_bits:2048"], stderr=subprocess.DEVNULL)
    run(["openssl", "req", "-new", "-x509", "-sha256", "-days", "2", "-key", f"{d}/server.pem",
         "-out", f"{d}/server.crt", "-subj", "/O=sfcollector soak"])


def start_fake(a, d):
    out = open(f"{d}/fake.log", "w")
    proc = subprocess.Popen(
        [f"{a.build}/tests/fake-salesforce", "--port", "0", "--ca-out", f"{d}/ca.pem",
         "--client-id", "soak-client", "--username", "soak@example.com",
         "--app-cert", f"{d}/server.crt", "--files", str(a.files),
         "--rows-per-file", str(a.rows_per_file), "--event-types", "Login,URI,API,Logout",
         "--new-file-every", str(a.new_file_every), "--fault-every", str(a.fault_every),
         "--manifest", f"{d}/manifest.txt"],
        stdout=out, stderr=subprocess.STDOUT)
    url = []

    def listening():
        m = re.search(r"listening on (https://127\.0\.0\.1:\d+)", open(f"{d}/fake.log").read())
        if m:
            url.append(m.group(1))
        return bool(url) or proc.poll() is not None
    wait_until(listening, 60, "fake-salesforce to listen")
    if not url:
        raise SystemExit("soak: fake-salesforce did not start; see fake.log")
    return proc, url[0]


class Rsyslog:
    """rsyslogd on a fixed port (imtcp → omfile), stopped and started again for sink outages."""

    def __init__(self, d):
        self.dir, self.port, self.proc = f"{d}/rsyslog", free_port(), None
        self.out = f"{self.dir}/received.log"
        os.makedirs(self.dir, exist_ok=True)
        with open(f"{self.dir}/rsyslog.conf", "w") as f:
            f.write(f"""global(workDirectory="{self.dir}" maxMessageSize="64k" net.enableDNS="off")
module(load="imtcp")
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="received") {{
  action(type="omfile" file="{self.out}" template="raw")
}}
input(type="imtcp" address="127.0.0.1" port="{self.port}" ruleset="received")
""")

    def start(self):
        self.proc = subprocess.Popen(
            ["/usr/sbin/rsyslogd", "-n", "-f", f"{self.dir}/rsyslog.conf",
             "-i", f"{self.dir}/rsyslogd.pid"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def listening():
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0
        wait_until(listening, 20, "rsyslogd to listen")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None

    @property
    def up(self):
        return self.proc is not None


def write_config(d, url, syslog_port):
    path = f"{d}/sfcollector.yaml"
    with open(path, "w") as f:
        f.write(f"""salesforce:
  private_key: server.pem
  username: soak@example.com
  client_id: soak-client
  instance_url: {url}
  api_version: "64.0"
  login_url: {url}
  ca_file: ca.pem
event_log_file:
  event_types: [Login, URI, API, Logout]
  interval: Hourly
collection:
  poll_interval: 5s
  initial_lookback: 7d
pipeline:
  retry_initial: 200ms
  retry_max: 2s
state_dir: state
log_level: info
sinks:
  - type: file
    path: out/events.jsonl
  - type: syslog
    host: 127.0.0.1
    port: {syslog_port}
    transport: tcp
""")
    return path


def proc_sample(pid):
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def delivered_ids(d):
    ids = set()
    for path in glob.glob(f"{d}/out/events.jsonl*"):
        with open(path, "rb") as f:
            for m in REQUEST_ID.finditer(f.read()):
                ids.add(m.group(1).decode())
    return ids


def manifest(d):
    with open(f"{d}/manifest.txt") as f:
        return [line.strip() for line in f if line.strip()]


def quarters(values):
    q = max(1, len(values) // 4)
    return sum(values[:q]) / q, sum(values[-q:]) / q


def check_growth(a, samples):
    """Compares the first and the last quarter of the samples after the warm-up."""
    warm = max(a.warmup, 0.1 * a.minutes * 60)
    steady = [s for s in samples if s[0] >= warm]
    if len(steady) < 8:
        log(f"soak: only {len(steady)} samples after the {warm:.0f} s warm-up: "
            "too few to judge growth (run longer)")
        return True
    ok = True
    for name, col, slack, unit in (("RSS", 1, a.rss_slack_mib * 1024, " KiB"),
                                   ("open fds", 2, a.fd_slack, "")):
        first, last = quarters([s[col] for s in steady])
        grew = last > first * (1 + a.growth) and last - first > slack
        log(f"{name:>9}: first quarter {first:,.0f}{unit}, last quarter {last:,.0f}{unit}: "
            + ("GREW" if grew else "flat"))
        ok &= not grew
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=f"{ROOT}/build/release")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--sample", type=float, default=10, help="seconds between samples")
    ap.add_argument("--files", type=int, default=20, help="log files at the start")
    ap.add_argument("--rows-per-file", type=int, default=500)
    ap.add_argument("--new-file-every", type=int, default=20, help="seconds (4 files each)")
    ap.add_argument("--fault-every", type=int, default=7, help="seconds")
    ap.add_argument("--outage-every", type=float, default=120, help="seconds")
    ap.add_argument("--outage-length", type=float, default=30, help="seconds")
    ap.add_argument("--hup-every", type=float, default=45, help="seconds")
    ap.add_argument("--warmup", type=float, default=60, help="seconds left out of the trend")
    ap.add_argument("--growth", type=float, default=0.2, help="allowed relative growth")
    ap.add_argument("--rss-slack-mib", type=float, default=4)
    ap.add_argument("--fd-slack", type=int, default=4)
    ap.add_argument("--catch-up", type=float, default=300, help="seconds allowed at the end")
    ap.add_argument("--keep", action="store_true", help="keep the working directory")
    a = ap.parse_args()
    for tool in ("sfcollector", "tests/fake-salesforce"):
        if not os.access(f"{a.build}/{tool}", os.X_OK):
            raise SystemExit(f"soak: {a.build}/{tool} missing: build the sfcollector and "
                             "fake-salesforce targets")

    d = tempfile.mkdtemp(prefix="sfc-soak-")
    fake = collector = None
    syslog = Rsyslog(d)
    ok = True
    try:
        make_identity(d)
        fake, url = start_fake(a, d)
        syslog.start()
        config = write_config(d, url, syslog.port)
        err = open(f"{d}/collector.log", "w")
        collector = subprocess.Popen([f"{a.build}/sfcollector", "run", "--config", config],
                                     stdout=err, stderr=subprocess.STDOUT)
        log(f"soak: {a.minutes:g} min in {d}; collector pid {collector.pid}")
        log(f"{'t (s)':>7} {'RSS MiB':>8} {'fds':>5} {'sink MB':>8}  what happened")
        start = time.monotonic()
        end = start + a.minutes * 60
        next_sample = next_hup = next_outage = start
        next_hup += a.hup_every
        next_outage += a.outage_every
        outage_ends, hups, outages, samples, note = None, 0, 0, [], ""
        while time.monotonic() < end:
            now = time.monotonic()
            if collector.poll() is not None:
                raise SystemExit(f"soak: the collector exited ({collector.returncode}); "
                                 "see collector.log")
            if outage_ends is None and now >= next_outage:
                syslog.stop()
                outages += 1
                outage_ends, next_outage = now + a.outage_length, now + a.outage_every
                note += " syslog down"
            if outage_ends is not None and now >= outage_ends:
                syslog.start()
                outage_ends = None
                note += " syslog up"
            if now >= next_hup:
                hups += 1
                if os.path.exists(f"{d}/out/events.jsonl"):
                    os.rename(f"{d}/out/events.jsonl", f"{d}/out/events.jsonl.{hups}")
                collector.send_signal(signal.SIGHUP)
                next_hup = now + a.hup_every
                note += " rotated+SIGHUP"
            if now >= next_sample:
                rss, fds = proc_sample(collector.pid)
                size = sum(os.path.getsize(p) for p in glob.glob(f"{d}/out/events.jsonl*"))
                t = now - start
                samples.append((t, rss, fds))
                log(f"{t:7.0f} {rss / 1024:8.1f} {fds:5d} {size / 1e6:8.1f} {note}")
                note, next_sample = "", now + a.sample
            time.sleep(0.2)

        if not syslog.up:
            syslog.start()
        want = manifest(d)
        with open(f"{d}/fake.log") as f:
            faults = f.read().count("fault:")
        log(f"soak: {faults} faults injected, {hups} SIGHUPs, {outages} syslog outages; waiting "
            f"for the {len(want):,} rows the fake has served so far")
        missing = want
        deadline = time.monotonic() + a.catch_up
        while time.monotonic() < deadline:
            got = delivered_ids(d)
            missing = [i for i in want if i not in got]
            if not missing:
                break
            time.sleep(5)
        ok &= check_growth(a, samples)
        if missing:
            log(f"soak: FAIL: {len(missing):,} served rows missing from the file sink "
                f"(first: {missing[0]})")
            ok = False
        else:
            log(f"soak: every one of the {len(want):,} served rows is in the file sink")
        collector.send_signal(signal.SIGTERM)
        try:
            code = collector.wait(timeout=30)
        except subprocess.TimeoutExpired:
            code = "still running 30 s after SIGTERM"
        log(f"soak: collector exit code after SIGTERM: {code}")
        ok &= code == 0
        with open(syslog.out, "rb") as f:
            received = f.read().count(b"\n")
        log(f"soak: rsyslogd received {received:,} messages (TCP: what sat in its socket buffer "
            "at a stop may be lost, so this is not checked)")
    finally:
        for p in (collector, fake):
            if p and p.poll() is None:
                p.terminate()
                p.wait(timeout=30)
        syslog.stop()
        if a.keep or not ok:
            log(f"soak: files kept in {d}")
        else:
            shutil.rmtree(d, ignore_errors=True)
    log("soak: PASS" if ok else "soak: FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
