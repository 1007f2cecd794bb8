"""gunicorn as production runs it (``gunicorn.conf.py``), with the environment a test chooses.

As ``tests/security/test_production.py`` does: the test binds a socket to a free port and hands it over,
so a request simply waits in the socket's queue until gunicorn is ready.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ops.processes import ROOT, Server


@contextmanager
def gunicorn(environment: dict[str, str], log: Path) -> Iterator[Server]:
    """A gunicorn process with ``environment``, its output in ``log``; stopped on leaving."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tracker.wsgi:application",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"fd://{listener.fileno()}",
            ],
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
