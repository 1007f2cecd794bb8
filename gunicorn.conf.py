"""gunicorn settings of the web process (Procfile); the production tests start gunicorn with this file.

The ``Server`` response header cannot be switched off in gunicorn 27: no setting controls it. It says
``gunicorn`` without a version (the version is only in the WSGI environ's SERVER_SOFTWARE, which is
never sent). The TLS-terminating proxy in front replaces or drops it (nginx: ``server_tokens off``).
"""

import os

bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"
loglevel = "info"

# With JSON logs (LOG_FORMAT, json by default under the production settings), gunicorn's own lines are JSON too,
# through the site's formatter; its access log is left out: the site logs each request itself on
# tracker.requests, with the request id, the route, the status, the duration and the user (tracker/logs.py).
_production = os.environ.get("DJANGO_SETTINGS_MODULE") == "tracker.settings_production"
_log_format = os.environ.get("LOG_FORMAT") or ("json" if _production else "plain")
if _log_format == "json":
    accesslog = None
    logconfig_dict = {
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "formatters": {"json": {"()": "tracker.logs.JsonFormatter"}},
    }
