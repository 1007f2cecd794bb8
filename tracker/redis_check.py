"""Stop early, with one clear sentence, when the Celery broker cannot be reached.

Used by ``make run`` before it starts the web server, worker and beat.
"""

import os
import sys

import redis

from tracker.redaction import mask_credentials


def main() -> int:
    url = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except (redis.exceptions.RedisError, OSError, ValueError):
        print(
            f"Redis is not reachable at {mask_credentials(url)}: start it (for example `redis-server --daemonize yes`) "
            "or set REDIS_URL to a running Redis, then run `make run` again.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
