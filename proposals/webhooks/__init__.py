"""Outgoing webhooks: which events reach which receivers, signed, retried, logged.

- ``addresses``: where a webhook may point (http(s) to a public address; checked when it is
  registered and again, by resolving the name, before every attempt).
- ``signing``: ``X-Tracker-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.body">``.
- ``transport``: one POST to the address that was checked, never to a second resolution of the name.
- ``payloads``: the event's JSON, the objects as the API shows them.
- ``delivery``: fan-out of an event to its group's webhooks, attempts, retries with exponential
  backoff for a day, automatic disabling, and the sweep that catches what a lost task missed.
"""
