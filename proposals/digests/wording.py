"""What a digest says around its items: section headings, the words it marks items with, where "and N more"
leads, and the inline styles of its HTML (e-mail clients ignore style sheets). Messages are marked here and
translated while writing (``writer.DigestWriter``), inside the reader's language.
"""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_noop

from ..models import Health, InitiativeStatus

#: Where "and N more" leads: the site's list that holds the rest (the digest lists the first few).
MORE_AT = {
    "overdue": ("proposals:initiative-list", "?health=off_track"),
    "due_soon": ("proposals:initiative-list", "?health=at_risk"),
}
#: A coordinator's "and N more" submissions are in their review queue.
MORE_FOR_REVIEW = ("proposals:review-queue", "")
#: Every other section is activity in what the reader follows: their dashboard shows it.
MORE_AT_DEFAULT = ("proposals:dashboard", "")
# Messages are marked here and translated while writing, inside the reader's language.
HEADINGS = {
    "approved": gettext_noop("Milestones approved"),
    "awaiting_review": gettext_noop("Submitted and awaiting review"),
    "changes_requested": gettext_noop("Changes requested"),
    "due_soon": gettext_noop("Due in the next 14 days"),
    "overdue": gettext_noop("Overdue"),
    "evidence": gettext_noop("New evidence"),
    "changes": gettext_noop("Status, health and indicator changes"),
    "discussion": gettext_noop("Discussion"),
}
OPEN, YOURS = gettext_noop("Open"), gettext_noop("yours")
FOR_YOUR_REVIEW, MENTIONS_YOU = gettext_noop("for your review"), gettext_noop("mentions you")
OPEN_REVIEW_QUEUE = gettext_noop("Open the review queue")
CHANGE_WORDS = {"status": gettext_noop("status"), "health": gettext_noop("health")}
CHANGE_LABELS: dict[str, type[TextChoices]] = {"status": InitiativeStatus, "health": Health}
LI = '<li style="margin-bottom:6px">'
H2 = '<h2 style="font-size:17px;margin:24px 0 8px">'
UL = '<ul style="padding-left:20px;margin:0">'
