"""The admin: the same rules as the site.

Every admin page lists and opens only what the signed-in staff user may read
(``proposals.access``). Initiatives, milestones, indicators and comment
moderation are written through the services, so permissions, validation,
versions and the activity log apply exactly as on the site; a refusal shows on
the form and changes nothing. Everything else the product writes itself
(owners, evidence, readings, progress, follows, activity, revisions) is read-only
here, and nothing of the domain is deleted: initiatives are dropped and
milestones cancelled instead. Webhooks are shown to the coordinators of their group only,
without their secrets. Task runs and failures, which the workers record, are read-only.
"""

from . import deliveries, operations, records, services, two_sides, webhooks

__all__ = ["deliveries", "operations", "records", "services", "two_sides", "webhooks"]
