"""A deployment's processes on this machine, against the suite's test database.

gunicorn web processes, Celery workers and a Celery beat as the ``Procfile`` runs them (under
``tracker.settings_production``), a Redis server of a test's own to take down and bring back, and the
broker as the test process reaches it (``Broker``: publishing tasks by name, pinging workers, reading
which tasks each worker ran from its log). Every process writes its output to a log that failure messages
quote; every start waits for a readiness condition (``/healthz`` answers, the worker answers a ping, beat
says it started, Redis answers PING), never longer than ``STARTUP_SECONDS``; ``Deployment.stop_all``, a
fixture's finalizer, stops whatever was started and kills what does not stop in time.

Also what ``tests/security/test_production.py`` started with and shares: the production environment on the
suite's database, collectstatic, and ``Visitor``, a browser's part over HTTP that keeps cookies by hand.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import redis
from celery import Celery
from django.db import connection
from kombu.exceptions import ChannelError

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "production-test-secret-not-used-anywhere-else-0123456789abcdefghij"
# What the test process's own environment must not leak into the production processes.
SUITE_ONLY = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "STATIC_ROOT",
}
#: Longest a process may take to become ready.
STARTUP_SECONDS = 60
#: Longest a test waits for the deployment to reach a state (tasks run, mail sent).
WAIT_SECONDS = 45
TASK_SUCCEEDED = re.compile(r"Task (proposals\.tasks\.\w+)\[([0-9a-f-]+)\] succeeded in [\d.e-]+s: (.*)$")


def suite_database_url() -> str:
    """The suite's test database, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(static_root: Path) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if key not in SUITE_ONLY}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "tracker.settings_production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": suite_database_url(),
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Nothing here should publish a task; if something does, it fails fast and is logged, never queued
        # where a real worker would take it.
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "WEB_CONCURRENCY": "1",
    }


_collected: dict[str, Path] = {}


def collected_static(tmp_path_factory: Any) -> Path:
    """collectstatic under production settings into a fresh STATIC_ROOT, once per test process; it must succeed.

    (It takes half a minute: the manifest storage hashes and compresses every asset.)
    """
    if "root" not in _collected:
        root = tmp_path_factory.mktemp("static")
        result = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=production_env(root),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        _collected["root"] = root
    return _collected["root"]


@dataclass
class Server:
    port: int
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@dataclass
class Visitor:
    """A browser's part over HTTP/1.1: keeps cookies and records every Set-Cookie header it receives.

    Cookies are kept by hand because a cookie jar rightly withholds Secure cookies from a plain-HTTP
    address, and the test speaks plain HTTP to gunicorn as the proxy does.
    """

    server: Server
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookie_headers: list[str] = field(default_factory=list)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, str]:
        origin = f"127.0.0.1:{self.server.port}"
        headers = {"Host": origin, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{origin}"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        assert response.status < 500, f"{method} {path}: {response.status}\n{self.server.log_tail()}"
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response, text

    def csrf_token(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "no CSRF token in the page"
        return match[1]


@dataclass
class Answer:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def call(server: Server, method: str, path: str, *, token: str = "", body: Any = None, timeout: float = 30) -> Answer:
    """One request as the TLS-terminating proxy passes it on: JSON in and out, a token if given."""
    headers = {"Host": f"127.0.0.1:{server.port}", "X-Forwarded-Proto": "https", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return Answer(response.status, response.read().decode("utf-8", errors="replace"))
    finally:
        conn.close()


# Processes ---------------------------------------------------------------------------------------------------


@dataclass
class Process:
    """One started process (the leader of its own process group) and the log of its output."""

    name: str
    popen: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def log_tail(self, chars: int = 3000) -> str:
        return self.output()[-chars:]

    def children(self) -> list[int]:
        """The process's child processes (a Celery worker's pool processes)."""
        pids: list[int] = []
        for task in Path(f"/proc/{self.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                pids += [int(pid) for pid in (task / "children").read_text().split()]
        return pids

    def kill(self) -> None:
        """SIGKILL the process and every process of its group at once (the machine lost, the OOM killer)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM (a warm shutdown), then SIGKILL for whatever of its process group is still there."""
        if self.alive():
            self.popen.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def messages(self) -> list[str]:
        """The messages of its log, whether its lines are JSON objects (production's default) or plain text."""
        found = []
        for line in self.output().splitlines():
            try:
                record = json.loads(line) if line.startswith("{") else None
            except ValueError:
                record = None
            found.append(str(record.get("message", "")) if isinstance(record, dict) else line)
        return found

    def succeeded(self) -> list[tuple[str, str, str]]:
        """(task name, task id, what it returned) of every task this worker finished, from its log."""
        return [match.groups() for message in self.messages() if (match := TASK_SUCCEEDED.search(message))]


@dataclass
class Web(Server):
    """A gunicorn web process on a socket the test bound (``Visitor`` and ``call`` reach it)."""

    process: Process


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: gunicorn as production runs it, with the repository's gunicorn.conf.py; ``--bind fd://N`` is added per process.
GUNICORN = [sys.executable, "-m", "gunicorn", "tracker.wsgi:application", "--config", "gunicorn.conf.py"]


def listening_socket() -> socket.socket:
    """A socket bound here to a free port and listening: handed to gunicorn, a request waits in its queue until
    gunicorn is ready, so nothing polls for the server to come up."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], log: Path) -> Iterator[Server]:
    """One gunicorn process with ``environment`` on a socket bound here, its output in ``log``; stopped on leaving."""
    listener = listening_socket()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*GUNICORN, "--bind", f"fd://{listener.fileno()}"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
    try:
        yield Server(port=listener.getsockname()[1], log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        listener.close()


class Deployment:
    """The processes one test starts, in ``directory`` (logs, beat's schedule), with ``environment``.

    ``stop_all`` stops every one of them and removes the queue it used from each broker; ``logs`` gives the end
    of each one's log for a failure message.
    """

    def __init__(self, directory: Path, environment: dict[str, str]):
        self.directory = directory
        self.environment = {**environment, "PYTHONUNBUFFERED": "1"}
        self.processes: list[Process] = []
        #: What the other processes depend on (a Redis server of the test's own): stopped after them.
        self.services: list[Process] = []
        self.listeners: list[socket.socket] = []
        self.brokers: list[Broker] = []
        # Node names of this deployment's workers never collide with another run's on the same broker.
        self.tag = uuid.uuid4().hex[:6]

    def start(
        self,
        name: str,
        argv: list[str],
        *,
        env: dict[str, str] | None = None,
        pass_fds: tuple[int, ...] = (),
        service: bool = False,
    ) -> Process:
        log = self.directory / f"{name}.log"
        with log.open("ab") as output:
            popen = subprocess.Popen(
                argv,
                cwd=ROOT,
                env={**self.environment, **(env or {})},
                stdout=output,
                stderr=subprocess.STDOUT,
                pass_fds=pass_fds,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        if service:
            self.services.append(process)
        return process

    def broker(self, url: str) -> Broker:
        """The broker every process started from now on uses, its queue (the suite's) emptied first."""
        broker = Broker(url, self.environment["CELERY_TASK_DEFAULT_QUEUE"])
        broker.purge()
        self.brokers.append(broker)
        self.environment["CELERY_BROKER_URL"] = url
        return broker

    def stop_all(self, timeout: float = 20) -> None:
        """SIGTERM to every process at once, then SIGKILL for what is still there after ``timeout`` seconds;
        then each broker's queue is removed, then the services go."""
        processes = [process for process in self.processes if process not in self.services]
        for process in processes:
            if process.alive():
                process.popen.terminate()
        deadline = time.monotonic() + timeout
        for process in processes:
            process.stop(timeout=max(0.0, deadline - time.monotonic()))
        for broker in self.brokers:
            broker.delete_queue()
            broker.close()
        for process in self.services:
            process.stop()
        for listener in self.listeners:
            listener.close()

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name} ({'running' if p.alive() else 'exited'}) ---\n{p.log_tail()}" for p in self.processes
        )

    def wait_for(self, condition: Callable[[], Any], what: str, timeout: float = WAIT_SECONDS) -> Any:
        """Poll ``condition`` until it returns something true; fail with every log after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"Timed out after {timeout} s waiting for {what}\n{self.logs()}")
            time.sleep(0.1)

    def ran(self, task: str, task_id: str = "") -> list[tuple[str, str]]:
        """(worker, what it returned) for every run of ``proposals.tasks.<task>`` (of id ``task_id``) finished.

        Beat publishes on its schedule too (digests at minute 0, the sweep at minute 10): a test that must
        tell its own runs from those asks by the id ``Broker.publish`` returned.
        """
        return [
            (process.name, value)
            for process in self.processes
            for name, ran_id, value in process.succeeded()
            if name == f"proposals.tasks.{task}" and task_id in ("", ran_id)
        ]

    def ran_by_worker(self, task: str) -> Counter[str]:
        return Counter(worker for worker, _ in self.ran(task))

    # The deployment's processes ----------------------------------------------------------------------------

    def web(self, name: str = "web", *, env: dict[str, str] | None = None) -> Web:
        """gunicorn with the repository's gunicorn.conf.py, on a socket bound here; ready when /healthz answers."""
        listener = listening_socket()
        self.listeners.append(listener)
        process = self.start(
            name, [*GUNICORN, "--bind", f"fd://{listener.fileno()}"], env=env, pass_fds=(listener.fileno(),)
        )
        return Web(port=listener.getsockname()[1], log=process.log, process=process)

    def wait_until_serving(self, web: Web) -> None:
        def healthy() -> bool:
            self.require_running(web.process)
            try:
                return call(web, "GET", "/healthz", timeout=1).status == 200
            except OSError:  # still starting: the request waits in the socket's queue past the timeout
                return False

        self.wait_for(healthy, f"{web.process.name} to answer /healthz", STARTUP_SECONDS)

    def worker(self, name: str, *, concurrency: int = 1, env: dict[str, str] | None = None) -> Process:
        """``celery -A tracker worker`` named ``<name>-<tag>@<host>``, consuming the deployment's queue."""
        argv = [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--loglevel", "INFO"]
        return self.start(name, [*argv, "-n", f"{name}-{self.tag}@%h", "--concurrency", str(concurrency)], env=env)

    def node(self, worker: Process) -> str:
        return f"{worker.name}-{self.tag}@{socket.gethostname()}"

    def wait_until_consuming(self, broker: Broker, *workers: Process) -> None:
        """Until every worker answers a ping through the broker (its consumer is connected and listening)."""
        waiting = {self.node(worker): worker for worker in workers}

        def answered() -> bool:
            for worker in waiting.values():
                self.require_running(worker)
            return set(waiting) <= broker.answering(list(waiting))

        self.wait_for(answered, f"{', '.join(waiting)} to answer a ping", STARTUP_SECONDS)

    def beat(self) -> Process:
        """``celery -A tracker beat`` with its schedule file in the deployment's directory."""
        schedule = self.directory / "celerybeat-schedule"
        argv = [sys.executable, "-m", "celery", "-A", "tracker", "beat", "--loglevel", "INFO"]
        return self.start("beat", [*argv, "--schedule", str(schedule)])

    def wait_until_beating(self, beat: Process) -> None:
        def started() -> bool:
            self.require_running(beat)
            return any("beat: Starting..." in message for message in beat.messages())

        self.wait_for(started, "beat to start", STARTUP_SECONDS)

    def require_running(self, process: Process) -> None:
        """Fail at once, with its log, when a process that should be running has exited."""
        if not process.alive():
            raise AssertionError(f"{process.name} exited with {process.popen.returncode}\n{process.log_tail()}")


class RedisServer:
    """A redis-server of the test's own on a free port, without persistence.

    ``stop`` is Redis down (connections refused); ``start`` again is Redis back, empty, on the same port.
    """

    def __init__(self, deployment: Deployment):
        self.deployment = deployment
        self.port = free_port()
        self.process: Process | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=2)

    def start(self) -> None:
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = self.deployment.start(f"redis-{self.port}", argv, service=True)

        def answers() -> bool:
            assert self.process is not None
            self.deployment.require_running(self.process)
            try:
                return bool(self.client().ping())
            except redis.ConnectionError:
                return False

        self.deployment.wait_for(answers, "redis-server to answer PING", STARTUP_SECONDS)

    def stop(self) -> None:
        assert self.process is not None
        self.process.stop()


class Broker:
    """The broker as the test process reaches it: tasks published by name to ``queue``, workers pinged and asked.

    A Celery app of its own, so the suite's app (and its broker) is left as it is.
    """

    def __init__(self, url: str, queue: str):
        self.url, self.queue = url, queue
        self.app = Celery(f"test-{queue}", broker=url, set_as_current=False)
        self.app.conf.update(
            task_default_queue=queue,
            broker_connection_timeout=2,
            broker_connection_retry_on_startup=False,
            # As the site's own: a broker that is down fails a call at once instead of being retried forever.
            broker_transport_options={
                "socket_connect_timeout": 2,
                "socket_timeout": 5,
                "max_retries": 1,
                "interval_start": 0,
                "interval_step": 0.2,
                "interval_max": 0.5,
            },
        )

    # Each call on a connection of its own: a broker restarted under the test leaves no dead connection behind.

    def publish(self, task: str, **kwargs: Any) -> str:
        """Publish ``proposals.tasks.<task>`` with these arguments; the task's id."""
        with self.app.connection_for_write() as conn:
            sent = self.app.send_task(f"proposals.tasks.{task}", kwargs=kwargs, queue=self.queue, connection=conn)
        return sent.id

    def answering(self, nodes: list[str]) -> set[str]:
        """Which of these workers answer a ping within a second."""
        try:
            with self.app.connection_for_write() as conn:
                replies = self.app.control.ping(destination=nodes, timeout=1, connection=conn)
        except Exception:  # the broker itself is not there (yet): nobody answers
            return set()
        return {name for reply in replies for name in reply}

    def waiting(self) -> int:
        """Messages in the queue that no worker has taken; -1 when the broker cannot say."""
        try:
            with self.app.connection_for_read() as conn:
                return conn.default_channel.queue_declare(self.queue, passive=True).message_count
        except ChannelError:  # no such queue (yet): nothing waits in it
            return 0
        except Exception:
            return -1

    def busy(self, nodes: list[str]) -> int:
        """Tasks these workers are running or hold reserved; -1 when one of them does not answer."""
        held = 0
        try:
            with self.app.connection_for_write() as conn:
                inspect = self.app.control.inspect(destination=nodes, timeout=1, connection=conn)
                answers = (inspect.active(), inspect.reserved())
        except Exception:
            return -1
        for answer in answers:
            if answer is None or set(answer) != set(nodes):
                return -1
            held += sum(len(tasks) for tasks in answer.values())
        return held

    def purge(self) -> None:
        with contextlib.suppress(Exception), self.app.connection_for_write() as conn:
            conn.default_channel.queue_purge(self.queue)

    def delete_queue(self) -> None:
        with contextlib.suppress(Exception), self.app.connection_for_write() as conn:
            conn.default_channel.queue_delete(self.queue)

    def close(self) -> None:
        self.app.close()
