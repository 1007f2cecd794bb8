"""The whole programme as one portable file, and back: ``manage.py export_programme`` and ``import_programme``.

A production database is backed up with ``pg_dump``; this file is for what a dump cannot do: move a
programme between PostgreSQL and SQLite or between hosts, or keep an archive that any future version of
the tracker can read. ``format`` says what the file holds (its name, version and tables, in the order
they are written and read back, and what is left out and why), ``export`` writes it a chunk of rows at a
time from one consistent snapshot, ``restore`` reads it back into an empty database in one transaction,
as stored: no service runs, so nothing is recorded, recomputed, mailed or enqueued.
"""
