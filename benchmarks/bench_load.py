"""Load test: `kiosk serve` under wrk on loopback, beside nginx serving the same bytes from files.

    python benchmarks/bench_load.py                 # 10 s per page, 60 s at 200 connections
    python benchmarks/bench_load.py --long 20       # a shorter burst run
    python benchmarks/bench_load.py --cold-only     # cold starts only (5 runs)
    python benchmarks/bench_load.py --cold-only --no-bytecode   # ... compiling the sources every start

Installs wrk and nginx from Debian when missing (as root). Prints, for /healthz, /zh/ and a space page
in kiosk mode: req/s at 50 connections, p99 latency, the same for nginx and the ratio; then errors and
timeouts at 200 connections for 60 s, and how many of those connections waited in the kernel's accept
queue, never answered (wrk does not see those: a connection the server never accepts makes no requests
and, as measured, no timeouts), the server's RSS after that run,
and cold start (`kiosk serve` to the first 200; several runs, median and max, wall and CPU seconds;
`--cold-only` measures just that). Targets: every page >= 80 % of /healthz, p99 <= 50 ms,
0 errors, 0 timeouts and 0 connections left unaccepted at 200, RSS <= 80 MB, cold start <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"/healthz": "healthz.json", "/zh/": "zh/index.html", "/zh/spaces/library?kiosk=lobby": "zh/spaces/library"}
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def ensure_tools() -> None:
    """wrk and nginx from Debian, installed once if missing."""
    missing = [name for name, exe in (("wrk", "wrk"), ("nginx-light", "nginx")) if not shutil.which(exe)]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"missing {', '.join(missing)}: run `apt-get install -y {' '.join(missing)}` as root")
    subprocess.run(["apt-get", "install", "-y", *missing], check=True, timeout=600, stdout=subprocess.DEVNULL)


@dataclass
class Run:
    """One wrk run, as wrk prints it."""

    rps: float
    p99_ms: float
    requests: int
    errors: int  # connect, read and write errors, and non-2xx/3xx answers
    timeouts: int


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, connections: int, seconds: int) -> Run:
    """Run wrk (2 threads) for `seconds` against `url`."""
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    socket_errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors, timeouts = 0, 0
    if socket_errors:
        connect, read, write, timeouts = map(int, socket_errors.groups())
        errors = connect + read + write
    if non_2xx:
        errors += int(non_2xx.group(1))
    return Run(rps, _ms(*p99.groups()) if p99 else float("nan"), requests, errors, timeouts)


def wait_for_200(url: str, deadline_s: float = 30.0) -> float:
    """Seconds until `url` answers 200 (polling every 5 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < deadline_s:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.005)
    raise RuntimeError(f"{url} did not answer within {deadline_s} s")


# Cold starts as installed: pip writes .pyc files and deploy/kiosk.service keeps them, so the server runs
# with bytecode caching even where this shell sets PYTHONDONTWRITEBYTECODE (the files go to a folder
# outside the tree). `--no-bytecode` measures the other case: every start compiles kiosk's sources.
BYTECODE_CACHE = Path(tempfile.gettempdir()) / "kiosk-bench-pycache"
_server_env = {**os.environ, "PYTHONPYCACHEPREFIX": str(BYTECODE_CACHE)}
_server_env.pop("PYTHONDONTWRITEBYTECODE", None)


def start_kiosk(port: int, threads: int) -> tuple[subprocess.Popen, float]:
    """`python -m kiosk serve` on loopback; returns the process and its cold start in seconds."""
    command = [sys.executable, "-m", "kiosk", "serve", "--host", LOOPBACK, "--port", str(port)]
    command += ["--threads", str(threads), "--config", str(ROOT / "floors.yaml"), "--lobby-port", str(free_port())]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=_server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_200(f"http://{LOOPBACK}:{port}/healthz")
    return process, time.perf_counter() - start


@dataclass
class ColdStart:
    """One cold start: wall seconds to the first 200, and the CPU seconds the server (and its children) spent
    until it was stopped right after it; CPU time says what the server did whatever its neighbours do."""

    wall: float
    cpu: float
    page: float = float("nan")  # wall seconds from the start to the first page (/zh/), asked right after /healthz


def cold_start(threads: int) -> ColdStart:
    """Start `kiosk serve`, wait for the first 200 of /healthz and then of a page, stop it, say what that cost."""
    port = free_port()
    began = time.perf_counter()
    process, wall = start_kiosk(port, threads)
    urllib.request.urlopen(f"http://{LOOPBACK}:{port}/zh/", timeout=30).read()
    page = time.perf_counter() - began
    process.terminate()
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped here, by wait4
    return ColdStart(wall, usage.ru_utime + usage.ru_stime, page)


def cold_starts(runs: int, threads: int) -> list[ColdStart]:
    """`runs` cold starts, one after another."""
    return [cold_start(threads) for _ in range(runs)]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ }}
    default_type text/html;
    server {{
        listen {host}:{port};
        root {prefix}/www;
        location = /healthz {{ default_type application/json; try_files /healthz.json =404; }}
        location / {{ index index.html; }}
    }}
}}
"""


def start_nginx(prefix: Path, port: int, bodies: dict[str, bytes]) -> subprocess.Popen:
    """nginx serving exactly the bytes the kiosk sent, from files (one worker: a fair match for one Python)."""
    for path, name in PAGES.items():
        target = prefix / "www" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bodies[path])
    for folder in [prefix, *(p for p in (prefix / "www").rglob("*") if p.is_dir()), prefix / "www"]:
        folder.chmod(0o755)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, host=LOOPBACK, port=port, user=user))
    process = subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(conf)], stderr=subprocess.DEVNULL)
    wait_for_200(f"http://{LOOPBACK}:{port}/healthz")
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class AcceptQueue:
    """Watches a listening port's accept queue (Recv-Q in `ss -tln`) twice a second while a run lasts.

    Connections the server does not accept (waitress stops accepting at its connection_limit) wait there,
    never answered, and wrk does not see them: with a limit of 100, 200 connections left about 100 in this
    queue for a whole run while wrk printed 0 timeouts and 0 errors. While wrk opens its connections, a
    few wait a moment for the server's accept loop; after that (wrk keeps its connections open) the queue
    must stay empty, and that is the figure that says every connection got served.
    """

    SETTLING_S = 3.0  # wrk opens its connections in the first instant; waitress accepts them one by one

    def __init__(self, port: int) -> None:
        self.port = port
        self.opening: list[int] = []  # samples in the first SETTLING_S seconds
        self.after: list[int] = []  # samples after that
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def waiting(self) -> int | None:
        """Connections in the port's accept queue now (None if the listener was not found)."""
        out = subprocess.run(["ss", "-Htln", f"sport = :{self.port}"], capture_output=True, text=True).stdout
        fields = out.split()
        return int(fields[1]) if len(fields) > 1 and fields[0] == "LISTEN" else None

    def _watch(self) -> None:
        began = time.monotonic()
        while not self._stop.wait(0.5):
            now = self.waiting()
            if now is not None:
                (self.opening if time.monotonic() - began < self.SETTLING_S else self.after).append(now)

    def all_served(self) -> bool:
        """Whether, once wrk's connections were open, none was left waiting to be accepted."""
        return bool(self.after) and max(self.after) == 0

    def summary(self) -> str:
        """What the queue held while the connections opened, and most it held after."""
        return (
            f"accept queue {max(self.opening, default=0)} while opening, "
            f"at most {max(self.after, default=0)} after ({len(self.after)} looks)"
        )

    def __enter__(self) -> AcceptQueue:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page at 50 connections")
    parser.add_argument("--long", type=int, default=60, help="seconds of the 200-connection run")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads of `kiosk serve`")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--burst", type=int, default=200, help="connections of the long run")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold starts measured after the load runs")
    parser.add_argument("--cold-only", action="store_true", help="measure only the cold starts")
    parser.add_argument("--no-bytecode", action="store_true", help="servers compile their sources at every start")
    args = parser.parse_args()
    if args.no_bytecode:
        _server_env.pop("PYTHONPYCACHEPREFIX")
        _server_env["PYTHONDONTWRITEBYTECODE"] = "1"
    if args.cold_only:
        if not args.no_bytecode:
            cold_start(args.threads)  # unmeasured: writes the .pyc files an install would have
        print_cold_starts(cold_starts(args.cold_runs, args.threads))
        return
    ensure_tools()

    port, nginx_port = free_port(), free_port()
    server, cold = start_kiosk(port, args.threads)
    nginx = None
    try:
        base = f"http://{LOOPBACK}:{port}"
        bodies = {path: urllib.request.urlopen(base + path, timeout=5).read() for path in PAGES}
        with tempfile.TemporaryDirectory(prefix="bench-nginx-") as folder:
            nginx = start_nginx(Path(folder), nginx_port, bodies)
            print(f"wrk -t2 -c{args.connections} -d{args.duration}s, kiosk serve --threads {args.threads}, loopback")
            print(f"{'page':36} {'bytes':>7} {'kiosk req/s':>12} {'p99 ms':>8} {'nginx req/s':>12} {'ratio':>7}")
            results = {}
            for path in PAGES:
                mine = wrk(base + path, args.connections, args.duration)
                theirs = wrk(f"http://{LOOPBACK}:{nginx_port}{path}", args.connections, args.duration)
                results[path] = mine
                print(
                    f"{path:36} {len(bodies[path]):>7} {mine.rps:>12.0f} {mine.p99_ms:>8.1f} "
                    f"{theirs.rps:>12.0f} {mine.rps / theirs.rps:>7.1%}"
                )
            stop(nginx)
            nginx = None
        burst_path = "/zh/spaces/library?kiosk=lobby"
        with AcceptQueue(port) as queue:
            burst = wrk(base + burst_path, args.burst, args.long)
        rss = rss_mb(server.pid)
        health = results["/healthz"].rps
        worst_share = min(results[p].rps for p in PAGES if p != "/healthz") / health
        # The pages visitors wait for; /healthz is the reference (from loopback it works out every detail, uncached).
        worst_p99 = max(results[p].p99_ms for p in PAGES if p != "/healthz")
        print()
        print(f"pages vs /healthz rate: worst {worst_share:.0%} (target >= 80%): {verdict(worst_share >= 0.8)}")
        p99_ok = verdict(worst_p99 <= 50)
        print(
            f"p99 of pages at {args.connections} connections: worst {worst_p99:.1f} ms (target <= 50): {p99_ok}; "
            f"/healthz (reference) {results['/healthz'].p99_ms:.1f} ms"
        )
        print(
            f"{args.burst} connections, {args.long} s on {burst_path}: {burst.requests} requests, "
            f"{burst.rps:.0f} req/s, "
            f"p99 {burst.p99_ms:.1f} ms, errors {burst.errors}, timeouts {burst.timeouts}, "
            f"{queue.summary()}: {verdict(burst.errors == 0 and burst.timeouts == 0 and queue.all_served())}"
        )
        print(f"server RSS after: {rss:.1f} MB (target <= 80): {verdict(rss <= 80)}")
    finally:
        if nginx is not None:
            stop(nginx)
        stop(server)
    # Cold start last, on fresh processes (the first one above was measured too, while nothing else ran).
    print_cold_starts([ColdStart(cold, float("nan")), *cold_starts(args.cold_runs, args.threads)])


def print_cold_starts(runs: list[ColdStart]) -> None:
    """Median and max of the cold starts, wall and CPU, with the load average they ran under."""
    walls = [run.wall for run in runs]
    cpus = [run.cpu for run in runs if run.cpu == run.cpu]  # the first start's CPU is not measured
    pages = [run.page for run in runs if run.page == run.page]
    worst = max(walls)
    print(
        f"cold start (kiosk serve to first 200), {len(runs)} runs: median {median(walls):.2f} s, max {worst:.2f} s "
        f"(target <= 1): {verdict(worst <= 1)}; to the first page: median {median(pages):.2f} s, "
        f"max {max(pages):.2f} s; CPU to both: median {median(cpus):.2f} s, max {max(cpus):.2f} s; "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
