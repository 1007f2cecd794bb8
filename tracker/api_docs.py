"""The API reference (ReDoc) beside Swagger UI, under the site's Content-Security-Policy.

drf-spectacular's ReDoc page loads Google Fonts and starts ReDoc from an inline script; ours
(templates/drf_spectacular/redoc.html) loads the bundle from drf-spectacular-sidecar's static files and
starts it from static/js/redoc.js, with the system's fonts. ReDoc still does two things from script
that the site's policy refuses, so this page alone (and nothing else) allows exactly those:

- Styles. ``style-src 'self'`` gains two hashes rather than ``'unsafe-inline'``:
  the empty ``<style data-styled>`` elements of styled-components, which it then fills through the
  CSSOM (``insertRule``, which no directive governs): the SHA-256 of the empty string, so an empty
  inline ``<style>`` passes and one with any text in it is still refused;
  and the perfect-scrollbar stylesheet (with its source map) that the bundle writes into a ``<style>``,
  fixed text in the sidecar's redoc.standalone.js. A sidecar with another ReDoc may change that text;
  the browser test in tests/api/test_redoc.py then fails, and Chromium's message names the new hash.
- The search index. ReDoc runs its search in a web worker that it starts from a ``blob:`` URL made
  from its own bundle; ``worker-src blob:`` allows that and no other worker (the policy otherwise
  falls back to ``script-src 'self'``, which refuses ``blob:``). Only a script the page already runs
  can make such a URL.
"""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularRedocView

EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
PERFECT_SCROLLBAR_STYLE = "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"

api_reference = login_required(
    csp_update({"style-src": [EMPTY_STYLE, PERFECT_SCROLLBAR_STYLE], "worker-src": ["blob:"]})(
        SpectacularRedocView.as_view(url_name="api-schema")
    )
)
