"""The site's own operations, for the people who run it: task runs recorded from Celery, and the status page.

- ``recording``: Celery's task signals write each periodic task's last run and every task failure
  (``proposals.models.TaskRun``, ``TaskFailure``); connected by ``ProposalsConfig.ready``.
- ``status``: what the staff's status page shows, gathered with a fixed number of queries and
  bounded waits on the broker and the workers.
- ``may_see_status``: who may open that page (staff and site admins).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts.models import User

from ..access import may_read_anything


def may_see_status(user: User | AnonymousUser | None) -> bool:
    """Staff and site admins (signed in and active) see how the site's machinery is doing."""
    return may_read_anything(user) and bool(user.is_staff or user.is_superuser)
