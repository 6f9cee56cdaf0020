"""Throughput under gunicorn: a small load generator on loopback.

gunicorn runs as deployed (gunicorn.conf.py, DEBUG off, WhiteNoise, a real
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) and is told the request came through
an HTTPS proxy (X-Forwarded-Proto), as in production. Each of the
concurrent clients is a thread with its own keep-alive connection and its
own session; autosave clients each save their own draft, carrying the
version the previous answer reported, with a CSRF token as the browser
sends it.

The generator runs on the same machine: on two cores it takes a share of
the CPU from the server (measured and reported as ``client_cpu``), which
is one more reason to read the ratio to the trivial page rather than the
absolute figures.
"""

import http.client
import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.measure import percentile

ROOT = Path(__file__).resolve().parent.parent
CSRF_CHARS = string.ascii_letters + string.digits


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    client_cpu: float  # share of one core the generator itself used


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn started with the project's configuration on a free port."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.process.stderr.read().decode())
            try:
                status, _ = _get(self.port, "/health/", {})
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /health/ within a minute.")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def workers(self) -> int:
        """How many worker processes the arbiter runs (for the report); the
        most seen over a second and a half, since the last may still be booting."""
        seen = 0
        for _ in range(6):
            out = subprocess.run(  # noqa: S603
                ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],  # noqa: S607
                capture_output=True,
                text=True,
                check=False,
            )
            seen = max(seen, len(out.stdout.split()))
            time.sleep(0.25)
        return seen


def _headers(port: int, session_key: str, csrf: str) -> dict:
    return {
        "Host": f"127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Origin": f"https://127.0.0.1:{port}",
        "Referer": f"https://127.0.0.1:{port}/",
    }


def _get(port: int, path: str, headers: dict) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "GET",
            path,
            headers={"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https", **headers},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class _Client(threading.Thread):
    def __init__(self, port, page, session_key, writer, stop_at, warm_until):
        super().__init__(daemon=True)
        self.port = port
        self.page = page
        self.writer = writer  # an Autosave of this client's own draft, or None
        csrf = "".join(secrets.choice(CSRF_CHARS) for _ in range(32))
        self.headers = _headers(port, session_key, csrf)
        self.stop_at = stop_at
        self.warm_until = warm_until
        self.times: list[float] = []
        self.errors = 0
        self.connection = None

    def _send(self, n: int) -> int:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(self.headers)
        if self.page.method == "POST":
            body = urlencode(self.writer.form(n), doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            self.connection.request("POST", self.page.path, body=body, headers=headers)
        else:
            self.connection.request("GET", self.page.url(n), headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        if self.writer is not None:
            self.writer.learn(response.status, payload.decode(errors="replace"))
        if response.will_close:
            self.connection.close()
            self.connection = None
        return response.status

    def run(self):
        n = 0
        while True:
            started = time.perf_counter()
            if time.monotonic() >= self.stop_at:
                break
            try:
                status = self._send(n)
            except (OSError, http.client.HTTPException):
                status = 0
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
            elapsed = (time.perf_counter() - started) * 1000
            n += 1
            if time.monotonic() < self.warm_until:
                continue
            if status == 200:
                self.times.append(elapsed)
            else:
                self.errors += 1
        if self.connection is not None:
            self.connection.close()


def load(port, page, clients, *, seconds=10.0, warm_up=1.0) -> LoadResult:
    """Run one thread per (session key, autosave writer or None) in ``clients``
    against ``page`` for ``seconds`` after ``warm_up`` seconds."""
    warm_until = time.monotonic() + warm_up
    stop_at = warm_until + seconds
    threads = [
        _Client(port, page, session_key, writer, stop_at, warm_until)
        for session_key, writer in clients
    ]
    cpu_before = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu = time.process_time() - cpu_before
    times = [t for thread in threads for t in thread.times]
    return LoadResult(
        requests=len(times),
        errors=sum(thread.errors for thread in threads),
        seconds=seconds,
        rps=len(times) / seconds,
        p50_ms=percentile(times, 0.5) if times else float("nan"),
        p95_ms=percentile(times, 0.95) if times else float("nan"),
        client_cpu=cpu / (seconds + warm_up),
    )


def server_env() -> dict:
    """The environment gunicorn gets: this process's, which the harness has
    checked (DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS, the database)."""
    env = dict(os.environ)
    env.setdefault("GUNICORN_ACCESS_LOG", "")
    return env
