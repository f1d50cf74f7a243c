#!/usr/bin/python3
"""Sink benchmark: the fake Salesforce serves one generated Login/URI/API log set over TLS and
`sfcollector once` delivers all of it into each sink in turn (file, syslog over TCP to a real
rsyslogd, Elasticsearch and Splunk HEC on the fake-siem program in its counting-only mode), each
with a fresh state directory. Prints one markdown table: events/s, MB/s of CSV, the collector's
and the receiver's peak RSS. Then the "sink down" case: `sfcollector run` against an
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
import ingest  # noqa: E402  (the fake Salesforce, the config, child_run)

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
    return ingest.count_lines(path) if os.path.exists(path) else 0


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
    count_file = f"{d}/{kind}.count"
    if os.path.exists(count_file):
        os.remove(count_file)  # an earlier case's count would pass for this one's
    # Counting only: keeping every document would take the fake to GiBs (2.7 KiB per event).
    cmd = [f"{build}/tests/fake-siem", f"--{kind.replace('_', '-')}", "--port", str(port),
           "--count-file", count_file, "--count-only"]
    if kind == "splunk_hec":
        cmd += ["--ca-out", f"{d}/hec-ca.pem", "--token", HEC_TOKEN]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"listening on (\S+)", line)
    if not m:
        raise SystemExit(f"fake-siem did not start: {line!r}")
    return Peer(proc, m.group(1), count_file)


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
        return ingest.file_sink("out/events.jsonl")
    if kind == "syslog":
        return (f"  - type: syslog\n    host: 127.0.0.1\n    port: {peer.port}\n"
                "    transport: tcp\n    framing: octet_counting\n")
    if kind == "elasticsearch":
        return f"  - type: elasticsearch\n    url: {peer.url}\n    index: salesforce-bench\n"
    return (f"  - type: splunk_hec\n    url: {peer.url}\n    secret_env: SFC_BENCH_HEC_TOKEN\n"
            f"    tls: {{ca_file: {d}/hec-ca.pem}}\n")


def collector_env():
    return dict(os.environ, SFC_BENCH_HEC_TOKEN=HEC_TOKEN)


def bench_sink(a, d, fake, kind):
    """(events received, seconds, collector peak KiB, receiver peak KiB) for one sink."""
    peer = None
    if kind == "syslog":
        peer = start_rsyslogd(d)
    elif kind != "file":
        peer = start_fake_siem(a.build, d, kind)
    try:
        cfg = ingest.write_config(d, kind, fake, sink_yaml(kind, peer, d))
        elapsed, peak_kib, _ = ingest.child_run(
            [f"{a.build}/sfcollector", "once", "--config", cfg], cwd=f"{d}/{kind}",
            env=collector_env())
        if peer is None:
            got = count_lines(f"{d}/{kind}/out/events.jsonl")
        else:
            # rsyslogd writes behind the socket; the fakes' count file lags up to 0.25 s.
            wait_until(lambda: peer.count() >= fake.rows, 120,
                       f"{kind} to hold {fake.rows} events")
            got = peer.count()
        peer_hwm = peer.stop() if peer else 0
        peer = None
    finally:
        if peer:
            peer.stop()
    return got, elapsed, peak_kib, peer_hwm


def print_sink_table(fake, results):
    print("| sink | events | time | events/s | CSV MB/s | collector peak RSS | receiver peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for kind, (got, t, peak, peer_peak) in results.items():
        receiver = f"{peer_peak / 1024:.0f} MiB" if peer_peak else "—"
        print(f"| {kind} | {got:,}{'' if got == fake.rows else ' (!)'} | {t:.1f} s | "
              f"{got / t:,.0f} | {fake.csv_bytes / 1e6 / t:.1f} | {peak / 1024:.1f} MiB | "
              f"{receiver} |", flush=True)


def bench_down(a, d, fake):
    rows = fake.rows
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cfg = ingest.write_config(d, "down", fake, f"  - type: elasticsearch\n    url: {url}\n"
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
    print(f"\nsink down {a.down_seconds}s: "
          f"collector_peak_rss={peak_down / 1024:.1f}MiB (VmRSS each second)")
    print(f"after recovery: first document {t_first - t_up:.1f}s, all {rows} "
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
    with tempfile.TemporaryDirectory(prefix="sfc-bench-sinks-") as d:
        ingest.make_identity(d)
        fake = ingest.FakeSalesforce(a.build, d, ingest.files_for(a.mb, a.rows_per_file),
                                     a.rows_per_file)
        try:
            print(f"data set: {fake.files} files × {a.rows_per_file:,} rows = {fake.rows:,} "
                  f"events, {fake.csv_bytes / 1e6:.0f} MB CSV\n", flush=True)
            results = {kind: bench_sink(a, d, fake, kind) for kind in cases if kind != "down"}
            if results:
                print_sink_table(fake, results)
            if "down" in cases:
                bench_down(a, d, fake)
        finally:
            fake.stop()


if __name__ == "__main__":
    sys.exit(main())
