#!/usr/bin/python3
"""Sink benchmark: the fake Salesforce serves one generated Login/URI/API log set over TLS and
`sfcollector once` delivers all of it into each sink in turn (file, syslog over TCP to a real
rsyslogd, Elasticsearch and Splunk HEC on the fake-siem program). Prints events/s, MB/s of CSV
and the collector's peak RSS. Then the "sink down" case: `sfcollector run` against an
Elasticsearch that is down for --down-seconds, sampling the collector's RSS every second, then
the time to deliver everything once it is up.

    bench/sinks.py [--build build/release] [--mb 100] [--rows-per-file 20000]
                   [--down-seconds 60] [--only file,syslog,elasticsearch,splunk_hec,down]
"""
import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest  # noqa: E402  (ROOT, ROW_BYTES, make_identity)

ROOT = ingest.ROOT
HEC_TOKEN = "0b8e4c1a-bench-4d2e-9f00-sfcollector"
CASES = ["file", "syslog", "elasticsearch", "splunk_hec", "down"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def count_lines(path):
    if not os.path.exists(path):
        return 0
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def read_count(path):
    try:
        with open(path) as f:
            return int(f.read().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


class Peer:
    """A running receiver: a fake-siem or rsyslogd, with its own peak RSS at the end."""

    def __init__(self, proc, url=None, count_file=None):
        self.proc, self.url, self.count_file = proc, url, count_file

    def count(self):
        return read_count(self.count_file)

    def stop(self):
        hwm = vm_kib(self.proc.pid, "VmHWM")
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        return hwm


def start_fake_siem(build, d, kind, port=0):
    cmd = [f"{build}/tests/fake-siem", f"--{kind.replace('_', '-')}", "--port", str(port),
           "--count-file", f"{d}/{kind}.count"]
    if kind == "splunk_hec":
        cmd += ["--ca-out", f"{d}/hec-ca.pem", "--token", HEC_TOKEN]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"listening on (\S+)", line)
    if not m:
        raise SystemExit(f"fake-siem did not start: {line!r}")
    return Peer(proc, m.group(1), f"{d}/{kind}.count")


def start_rsyslogd(d):
    port = free_port()
    os.makedirs(f"{d}/rsyslog", exist_ok=True)
    out = f"{d}/rsyslog/received.log"
    with open(f"{d}/rsyslog/rsyslog.conf", "w") as f:
        f.write(f"""global(workDirectory="{d}/rsyslog" maxMessageSize="64k" net.enableDNS="off")
module(load="imtcp")
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="received") {{
  action(type="omfile" file="{out}" template="raw")
}}
input(type="imtcp" address="127.0.0.1" port="{port}" ruleset="received")
""")
    proc = subprocess.Popen(["/usr/sbin/rsyslogd", "-n", "-f", f"{d}/rsyslog/rsyslog.conf",
                             "-i", f"{d}/rsyslog/rsyslogd.pid"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def listening():
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0
    wait_until(listening, 10, "rsyslogd to listen")
    peer = Peer(proc)
    peer.port, peer.out = port, out
    peer.count = lambda: count_lines(out)
    return peer


def sink_yaml(kind, peer, d):
    if kind == "file":
        return "  - type: file\n    path: out/events.jsonl\n"
    if kind == "syslog":
        return (f"  - type: syslog\n    host: 127.0.0.1\n    port: {peer.port}\n"
                "    transport: tcp\n    framing: octet_counting\n")
    if kind == "elasticsearch":
        return f"  - type: elasticsearch\n    url: {peer.url}\n    index: salesforce-bench\n"
    return (f"  - type: splunk_hec\n    url: {peer.url}\n    secret_env: SFC_BENCH_HEC_TOKEN\n"
            f"    tls: {{ca_file: {d}/hec-ca.pem}}\n")


def write_config(d, sf_url, name, sink):
    os.makedirs(f"{d}/{name}", exist_ok=True)
    path = f"{d}/{name}/sfcollector.yaml"
    with open(path, "w") as f:
        f.write(f"""salesforce:
  private_key: {d}/server.pem
  username: bench@example.com
  client_id: bench-client
  instance_url: {sf_url}
  api_version: "64.0"
  login_url: {sf_url}
  ca_file: {d}/ca.pem
event_log_file:
  event_types: [Login, URI, API]
collection:
  initial_lookback: 30d
state_dir: {d}/{name}/state
log_level: warn
sinks:
{sink}""")
    return path


def collector_env():
    return dict(os.environ, SFC_BENCH_HEC_TOKEN=HEC_TOKEN)


def bench_sink(a, d, sf_url, kind, rows, csv_mb):
    peer = None
    if kind == "syslog":
        peer = start_rsyslogd(d)
    elif kind != "file":
        peer = start_fake_siem(a.build, d, kind)
    try:
        cfg = write_config(d, sf_url, kind, sink_yaml(kind, peer, d))
        t0 = time.monotonic()
        collector = subprocess.Popen([f"{a.build}/sfcollector", "once", "--config", cfg],
                                     cwd=f"{d}/{kind}", env=collector_env())
        _, status, usage = os.wait4(collector.pid, 0)  # this child's peak RSS only
        elapsed = time.monotonic() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"sfcollector once into {kind} failed")
        if peer is None:
            got = count_lines(f"{d}/{kind}/out/events.jsonl")
        else:
            # rsyslogd writes behind the socket; the fakes' count file lags up to 0.25 s.
            wait_until(lambda: peer.count() >= rows, 120, f"{kind} to hold {rows} events")
            got = peer.count()
        peer_hwm = peer.stop() if peer else 0
        peer = None
    finally:
        if peer:
            peer.stop()
    print(f"{kind:14} events={got} elapsed={elapsed:.1f}s events/s={got / elapsed:,.0f} "
          f"csv_in={csv_mb / elapsed:.1f}MB/s collector_peak_rss={usage.ru_maxrss / 1024:.1f}MiB"
          + (f" receiver_peak_rss={peer_hwm / 1024:.0f}MiB" if peer_hwm else ""), flush=True)


def bench_down(a, d, sf_url, rows):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cfg = write_config(d, sf_url, "down", f"  - type: elasticsearch\n    url: {url}\n"
                       "    index: salesforce-bench\n")
    log = open(f"{d}/down/collector.log", "w")
    collector = subprocess.Popen([f"{a.build}/sfcollector", "run", "--config", cfg],
                                 cwd=f"{d}/down", env=collector_env(), stderr=log, stdout=log)
    peer = None
    try:
        peak_down = 0
        t0 = time.monotonic()
        while time.monotonic() - t0 < a.down_seconds:
            if collector.poll() is not None:
                raise SystemExit("sfcollector run exited while the sink was down")
            peak_down = max(peak_down, vm_kib(collector.pid, "VmRSS"))
            time.sleep(1)
        peer = start_fake_siem(a.build, d, "elasticsearch", port)
        t_up = time.monotonic()
        peak_after = 0
        t_first = None
        while peer.count() < rows:
            if collector.poll() is not None:
                raise SystemExit("sfcollector run exited while draining")
            if t_first is None and peer.count() > 0:
                t_first = time.monotonic()
            peak_after = max(peak_after, vm_kib(collector.pid, "VmRSS"))
            if time.monotonic() - t_up > 1800:
                raise SystemExit(f"not drained after 30 min: {peer.count()} of {rows}")
            time.sleep(0.2)
        t_done = time.monotonic()
        t_first = t_first or t_done
        collector.send_signal(signal.SIGTERM)
        rc = collector.wait(timeout=120)
        time.sleep(1)  # a few more count-file refreshes: nothing may arrive after the drain
        got = peer.count()
        peer_hwm = peer.stop()
        peer = None
    finally:
        if collector.poll() is None:
            collector.kill()
            collector.wait()
        if peer:
            peer.stop()
    print(f"down           sink down {a.down_seconds}s: "
          f"collector_peak_rss={peak_down / 1024:.1f}MiB (VmRSS each second)")
    print(f"               after recovery: first document {t_first - t_up:.1f}s, all {rows} "
          f"in {t_done - t_up:.1f}s; peak_rss while draining={peak_after / 1024:.1f}MiB; "
          f"documents={got} {'==' if got == rows else '!='} events served={rows}; "
          f"collector exit={rc} receiver_peak_rss={peer_hwm / 1024:.0f}MiB", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=f"{ROOT}/build/release")
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--rows-per-file", type=int, default=20000)
    ap.add_argument("--down-seconds", type=int, default=60)
    ap.add_argument("--only", default=",".join(CASES))
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)  # the collectors run in their own directories
    cases = a.only.split(",")
    files = max(1, a.mb * 1_000_000 // (ingest.ROW_BYTES * a.rows_per_file))
    with tempfile.TemporaryDirectory(prefix="sfc-bench-sinks-") as d:
        ingest.make_identity(d)
        fake = subprocess.Popen(
            [f"{a.build}/tests/fake-salesforce", "--port", "0", "--ca-out", f"{d}/ca.pem",
             "--client-id", "bench-client", "--username", "bench@example.com",
             "--app-cert", f"{d}/server.crt", "--files", str(files),
             "--rows-per-file", str(a.rows_per_file), "--event-types", "Login,URI,API"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            rows = csv_bytes = 0
            for line in fake.stdout:
                m = re.search(r"dataset of \d+ files, (\d+) rows, (\d+) CSV bytes", line)
                if m:
                    rows, csv_bytes = int(m.group(1)), int(m.group(2))
                u = re.search(r"listening on (https://\S+)", line)
                if u:
                    sf_url = u.group(1)
                    break
            else:
                raise SystemExit("fake-salesforce did not start")
            print(f"data set: {files} files x {a.rows_per_file} rows = {rows} events, "
                  f"{csv_bytes / 1e6:.0f} MB CSV", flush=True)
            for kind in cases:
                if kind == "down":
                    bench_down(a, d, sf_url, rows)
                else:
                    bench_sink(a, d, sf_url, kind, rows, csv_bytes / 1e6)
        finally:
            fake.terminate()
            fake.wait()


if __name__ == "__main__":
    sys.exit(main())
