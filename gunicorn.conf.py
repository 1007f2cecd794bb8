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
