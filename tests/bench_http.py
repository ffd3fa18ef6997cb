"""`make bench` HTTP mode: requests per second through gunicorn, as ratios to a static file.

Starts gunicorn (2 sync workers) on the benchmark database and measures with `wrk` (Debian:
`apt-get install -y wrk`), for each page in turn and interleaved with a static file served by the
same server: the static file, the page from the shared page cache (warmed first), and the page
uncached (every request carries a fresh `_bench=N` query parameter, so every request misses the
cache and renders). Prints req/s and each page's ratio to the static file measured just before it.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_PATH = "/static/css/site.css"

UNCACHED_LUA = """
local n = 0
request = function()
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. sep .. "_bench=" .. n .. "-" .. math.random(1, 1e9))
end
"""


def free_port(preferred):
    for port in range(preferred, preferred + 50):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


class Server:
    def __init__(self, env, port, workers=2):
        self.env, self.port, self.workers = env, port, workers
        self.process = None

    def __enter__(self):
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "pasarlokal.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wrk(url, seconds, connections, script=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        command + [url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return float(match.group(1)) if match else 0.0, int(errors.group(1)) if errors else 0


def measure_http(pages, env, port=None, seconds=3, connections=4):
    """[(label, static_rps, cached_rps, uncached_rps, errors)] for `pages` [(label, url)]."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the HTTP benchmark: apt-get install -y wrk")
    port = port or free_port(int(os.environ.get("BENCH_PORT", "8400")))
    base = f"http://127.0.0.1:{port}"
    rows = []
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(UNCACHED_LUA)
    try:
        with Server(env, port):
            static_url = base + STATIC_PATH
            wrk(static_url, 1, connections)  # warm
            for label, path in pages:
                url = base + path
                for _ in range(3):  # warm the page cache in both workers, and renditions
                    urllib.request.urlopen(url, timeout=120).read()
                static_rps, _e = wrk(static_url, seconds, connections)
                cached_rps, cached_errors = wrk(url, seconds, connections)
                uncached_rps, uncached_errors = wrk(url, seconds, connections, lua.name)
                rows.append(
                    (label, static_rps, cached_rps, uncached_rps, cached_errors + uncached_errors)
                )
    finally:
        os.unlink(lua.name)
    return rows


def ratio(page, static):
    if not page:
        return "—"
    return f"1/{static / page:,.1f}" if page < static else f"{page / static:.1f}x"


def print_http_table(rows, title):
    width = max(len(label) for label, *_ in rows) + 2
    header = (
        f"{'page':<{width}} {'static r/s':>10} {'cached r/s':>10} {'ratio':>8}"
        f" {'uncached r/s':>12} {'ratio':>8}"
    )
    print(f"\n{title}")
    print(header)
    print("-" * len(header))
    for label, static, cached, uncached, errors in rows:
        note = f"  ({errors} non-2xx)" if errors else ""
        print(
            f"{label:<{width}} {static:>10.0f} {cached:>10.0f} {ratio(cached, static):>8}"
            f" {uncached:>12.1f} {ratio(uncached, static):>8}{note}"
        )
    print()
