"""Digests: who is due and for which period, what each one says, and sending each one once.

- ``periods``: period end/start per reader, and the one-query selection of due readers;
- ``content``: the sections of every reader of a batch, with a fixed number of queries (no Celery);
- ``messages``: subject, text and HTML in the reader's language and time zone; unsubscribe tokens;
- ``delivery``: recording Digest rows before sending, and sending each at most once.
"""

from .content import SECTIONS, build_contents, is_empty
from .delivery import BATCH_SIZE, DigestBatch, DigestOutcome, deliver, plan_batches, preview, record, run, send_batch
from .messages import UnsubscribeToken, read_unsubscribe_token, render_digest, unsubscribe_token
from .periods import due_readers, period_end_for, period_start_for

__all__ = [
    "BATCH_SIZE", "SECTIONS", "DigestBatch", "DigestOutcome", "UnsubscribeToken", "build_contents", "deliver", "due_readers",
    "is_empty", "period_end_for", "period_start_for", "plan_batches", "preview", "read_unsubscribe_token", "record",
    "render_digest", "run", "send_batch", "unsubscribe_token",
]
