"""HTTP on loopback for bench/serve.py: signing in, timing one request after another, and load at c=8.

Requests carry what the TLS-terminating proxy in front of production adds (``X-Forwarded-Proto:
https``, ``X-Forwarded-For``), so the site behaves as behind it. Cookies are kept by hand: the site's
cookies are Secure and a cookie jar would withhold them from a plain-HTTP address.
"""

from __future__ import annotations

import dataclasses
import http.client
import math
import re
import shutil
import statistics
import subprocess
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

TIMEOUT = 120  # seconds one request may take before the run counts it as failed


@dataclasses.dataclass
class Visitor:
    """One signed-in (or anonymous) browser: its cookies and the headers the proxy would add."""

    port: int
    cookies: dict[str, str] = dataclasses.field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Accept-Language": "en",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return headers

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
        headers = self.headers()
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, content, dict(response.headers.items())

    def sign_in(self, username: str, password: str) -> None:
        """POST the sign-in form with its CSRF token, as a browser does; raises if the site refuses."""
        status, page, _ = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"The sign-in page answered {status} without a form.")
        status, _, headers = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": match[1].decode(),
                "username": username,
                "password": password,
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Signing in as {username} answered {status} ({headers.get('Location', '')}).")


def nearest_rank(values: list[float], percentile: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percentile / 100 * len(ordered)) - 1)]


@dataclasses.dataclass
class Sequential:
    """One request after another (c=1): latency percentiles, and what the last response was."""

    timings_ms: list[float]
    statuses: list[int]
    bytes: int

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p99(self) -> float:
        return nearest_rank(self.timings_ms, 99)


def sequential(
    visitor: Visitor, path: str, *, warmup: int, requests: int, seconds: float, minimum: int = 5
) -> Sequential:
    """Time up to ``requests`` GETs, stopping after ``seconds`` once ``minimum`` are in (slow pages stay bounded)."""
    for _ in range(warmup):  # more than one per worker, so each has loaded its templates and URLconf
        visitor.request("GET", path)
    timings: list[float] = []
    statuses: list[int] = []
    size = 0
    started = time.perf_counter()
    while len(timings) < requests and (len(timings) < minimum or time.perf_counter() - started < seconds):
        begun = time.perf_counter()
        status, body, _ = visitor.request("GET", path)
        timings.append((time.perf_counter() - begun) * 1000)
        statuses.append(status)
        size = len(body)
    return Sequential(timings, statuses, size)


@dataclasses.dataclass
class Throughput:
    """Requests per second at a fixed concurrency, from wrk or the Python client."""

    tool: str
    requests_per_second: float
    requests: int
    errors: int  # non-2xx/3xx answers, socket errors and timeouts
    output: str = ""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_version() -> str:
    if not wrk_available():
        return ""
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    words = (result.stdout + result.stderr).split()  # "wrk debian/4.1.0-3+b2 [epoll] Copyright …"
    return " ".join(words[:2]) if len(words) >= 2 else "wrk"


def with_wrk(visitor: Visitor, path: str, *, connections: int, seconds: float, threads: int = 2) -> Throughput:
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        f"{TIMEOUT}s",
    ]
    for name, value in visitor.headers().items():
        if name != "Host":  # wrk sends the address it was given as Host
            command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{visitor.port}{path}")
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=seconds + TIMEOUT + 30)
    output = result.stdout + result.stderr
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    done = re.search(r"(\d+) requests in", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if result.returncode != 0 or not rate or not done:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{output}")
    return Throughput("wrk", float(rate[1]), int(done[1]), errors + (int(non_2xx[1]) if non_2xx else 0), output)


def with_threads(visitor: Visitor, path: str, *, connections: int, seconds: float) -> Throughput:
    """The fallback when wrk is missing: ``connections`` threads, each one request at a time, for ``seconds``.

    Python's client costs more CPU per request than wrk, and shares the machine with the server, so its
    figure is a lower bound.
    """
    done, errors = [0], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        own = Visitor(visitor.port, dict(visitor.cookies))
        while time.perf_counter() < deadline:
            try:
                status, _, _ = own.request("GET", path)
                failed = status >= 400
            except OSError:
                failed = True
            with lock:
                done[0] += 1
                errors[0] += failed

    started = time.perf_counter()
    workers = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + TIMEOUT)
    elapsed = time.perf_counter() - started
    return Throughput("python threads", done[0] / elapsed if elapsed else 0.0, done[0], errors[0])


def throughput(visitor: Visitor, path: str, *, connections: int, seconds: float, tool: str) -> Throughput:
    if tool == "wrk":
        return with_wrk(visitor, path, connections=connections, seconds=seconds)
    return with_threads(visitor, path, connections=connections, seconds=seconds)
