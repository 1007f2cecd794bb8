"""The README's receiver snippet verifies what the product signs, and refuses what it did not sign."""

from __future__ import annotations

import re
import time
from pathlib import Path

from proposals.webhooks import signing

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_verify():
    section = README.read_text().split("## Webhooks", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) <= 12, "the snippet stays short enough to copy"
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    return namespace["verify"]


def test_the_readme_snippet_accepts_our_signature_and_refuses_others():
    verify = readme_verify()
    body = '{"id":"evt_1","event":"milestone.approved","note":"日本語と한국어"}'.encode()
    header = signing.signature("whsec_readme", int(time.time()), body)

    assert verify("whsec_readme", header, body)
    assert not verify("whsec_other", header, body)
    assert not verify("whsec_readme", header, body.replace(b"approved", b"cancelled"))
    assert not verify("whsec_readme", signing.signature("whsec_readme", int(time.time()) - 3600, body), body)
    assert not verify("whsec_readme", "garbage", body)
