"""Digests: who is due and for which period, what each one says, and sending each one once.

- ``periods``: period end/start per reader, and the one-query selection of due readers;
- ``batch``: the rows a batch of readers needs, with a fixed number of queries (no Celery);
- ``happenings``: what happened to each initiative in a period, worked out once per batch;
- ``content``: each reader's sections, assembled from the above;
- ``writer`` (with ``parts``) and ``messages``: subject, text and HTML in the reader's language and time zone;
  unsubscribe tokens; ``site_copy``: a digest as its reader opens it on the site;
- ``delivery``: recording Digest rows before sending, and sending each at most once.
"""

from .content import SECTIONS, SHOWN, build_contents, is_empty
from .delivery import BATCH_SIZE, DigestBatch, DigestOutcome, deliver, plan_batches, preview, record, run, send_batch
from .messages import UnsubscribeToken, read_unsubscribe_token, render_digest, unsubscribe_token
from .periods import due_readers, period_end_for, period_start_for

__all__ = [
    "BATCH_SIZE",
    "SECTIONS",
    "SHOWN",
    "DigestBatch",
    "DigestOutcome",
    "UnsubscribeToken",
    "build_contents",
    "deliver",
    "due_readers",
    "is_empty",
    "period_end_for",
    "period_start_for",
    "plan_batches",
    "preview",
    "read_unsubscribe_token",
    "record",
    "render_digest",
    "run",
    "send_batch",
    "unsubscribe_token",
]
