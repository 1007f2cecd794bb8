"""The site's copy of a digest: the e-mail's HTML fragment without the inline styles e-mail clients need.

The site's Content-Security-Policy refuses inline style, so the page drops the ``style`` attributes and
the site's stylesheet styles the digest (``.digest`` in static/css/site.css).
"""

import re

# The fragment is the output of templates/email/digest.html: every value in it was escaped when it was
# rendered, so a raw double quote only ever delimits an attribute the template itself wrote.
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')


def without_inline_styles(html: str) -> str:
    """``html`` with every ``style="..."`` attribute removed; everything else as it was."""
    return _STYLE_ATTRIBUTE.sub("", html)
