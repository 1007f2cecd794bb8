"""Demo content loaded by ``python manage.py seed_demo``.

Plain data only. Facts and figures come from the source documents named by
``SeedDocument``; every sentence is our own.

Dates are day offsets from the day the command runs (negative = in the past),
so a fresh demo always has something overdue, something waiting for review and
something due soon. Milestone ``submitted``/``decided`` are day offsets too.
Indicator targets that the seeds do not give are working-group placeholders and
the initiative description says so; readings after the one a seed gives are the
working group's demo tallies (``common.demo_tallies``), so the charts show a trend.
"""

from typing import Any

from .discussions import DISCUSSIONS as DISCUSSIONS
from .economy import ECONOMY_INITIATIVES
from .named import NAMED_INITIATIVES
from .society import SOCIETY_INITIATIVES

# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

USERS: list[dict[str, Any]] = [
    {
        "username": "admin",
        "password": "admin-demo-2026",
        "role": "admin",
        "display_name": "Site administrator",
        "organisation": "Tracker operations team (demo)",
        "country": "other",
        "language": "en",
        "time_zone": "UTC",
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "username": "coord.kim",
        "password": "demo-coordinator-kr",
        "role": "coordinator",
        "display_name": "Kim Min-jun",
        "organisation": "Ministry of Foreign Affairs, Korea (demo)",
        "country": "KR",
        "language": "ko",
        "time_zone": "Asia/Seoul",
    },
    {
        "username": "coord.sato",
        "password": "demo-coordinator-jp",
        "role": "coordinator",
        "display_name": "Sato Haruka",
        "organisation": "Ministry of Foreign Affairs of Japan (demo)",
        "country": "JP",
        "language": "ja",
        "time_zone": "Asia/Tokyo",
    },
    {
        "username": "member.park",
        "password": "demo-member-kr",
        "role": "member",
        "display_name": "Park Ji-won",
        "organisation": "Ministry of Economy and Finance (demo)",
        "country": "KR",
        "language": "ko",
        "time_zone": "Asia/Seoul",
    },
    {
        "username": "member.tanaka",
        "password": "demo-member-jp",
        "role": "member",
        "display_name": "Tanaka Kenji",
        "organisation": "Ministry of Economy, Trade and Industry (demo)",
        "country": "JP",
        "language": "ja",
        "time_zone": "Asia/Tokyo",
    },
    {
        "username": "member.choi",
        "password": "demo-member-kr-2",
        "role": "member",
        "display_name": "Choi Seo-yeon",
        "organisation": "Ministry of Science and ICT (demo)",
        "country": "KR",
        "language": "en",
        "time_zone": "Asia/Seoul",
    },
    {
        "username": "member.yamamoto",
        "password": "demo-member-jp-2",
        "role": "member",
        "display_name": "Yamamoto Aoi",
        "organisation": "Japan Society for the Promotion of Science (demo)",
        "country": "JP",
        "language": "en",
        "time_zone": "Asia/Tokyo",
    },
    {
        "username": "reader.lee",
        "password": "demo-reader-ko",
        "role": "stakeholder",
        "display_name": "Lee Do-hyun",
        "organisation": "Korean business association (demo)",
        "country": "KR",
        "language": "ko",
        "time_zone": "Asia/Seoul",
    },
    {
        "username": "reader.suzuki",
        "password": "demo-reader-ja",
        "role": "stakeholder",
        "display_name": "Suzuki Yui",
        "organisation": "University policy research centre, Japan (demo)",
        "country": "JP",
        "language": "ja",
        "time_zone": "Asia/Tokyo",
        "digest_frequency": "daily",
    },
]

EMAIL_DOMAIN = "demo.example"

# ---------------------------------------------------------------------------
# Working groups and memberships
# ---------------------------------------------------------------------------

WORKING_GROUPS = [
    {
        "slug": "economic-security",
        "name": "Economic Security",
        "description": "Supply-chain resilience, critical resources, export controls and the "
        "dialogue channels that hold economic security cooperation together.",
    },
    {
        "slug": "finance-trade",
        "name": "Finance & Trade",
        "description": "Currency cooperation, trade agreements and the rules that govern "
        "goods and capital moving between the two economies.",
    },
    {
        "slug": "people-mobility",
        "name": "People & Mobility",
        "description": "Students, workers, travellers, sport and culture: the cooperation "
        "that citizens of both countries notice first.",
    },
    {
        "slug": "science-technology",
        "name": "Science & Technology",
        "description": "Joint research, quantum technology, standards and AI governance.",
    },
    {
        "slug": "industry-energy",
        "name": "Industry & Energy",
        "description": "Semiconductors, AI infrastructure, hydrogen and decarbonization "
        "projects carried by industry with government support.",
    },
]

_ALL_GROUPS = [group["slug"] for group in WORKING_GROUPS]
_ECONOMY_GROUPS = ["economic-security", "finance-trade", "industry-energy"]
_SOCIETY_GROUPS = ["people-mobility", "science-technology", "industry-energy"]

# username -> {group slug: role}
MEMBERSHIPS = {
    "coord.kim": dict.fromkeys(_ALL_GROUPS, "coordinator"),
    "coord.sato": dict.fromkeys(_ALL_GROUPS, "coordinator"),
    "member.park": dict.fromkeys(_ECONOMY_GROUPS, "member"),
    "member.tanaka": dict.fromkeys(_ECONOMY_GROUPS, "member"),
    "member.choi": dict.fromkeys(_SOCIETY_GROUPS, "member"),
    "member.yamamoto": dict.fromkeys(_SOCIETY_GROUPS, "member"),
}


# ---------------------------------------------------------------------------
# Initiatives
#
# The five named by the people who asked for the site come first; the command
# creates initiatives in this order.
#
# Milestone keys: title, description, owner, due (days), weight, status; for
# submitted/approved/changes_requested also submitted (days) and, once decided,
# decided (days), decided_by and note. The submitter is the milestone owner.
# ---------------------------------------------------------------------------

# They live in one module per family: ``named``, ``economy`` and ``society``.
INITIATIVES = NAMED_INITIATIVES + ECONOMY_INITIATIVES + SOCIETY_INITIATIVES

# ---------------------------------------------------------------------------
# Stakeholders following things by hand (owners and submitters follow
# automatically). Only internal initiatives: stakeholders cannot read
# restricted ones.
# ---------------------------------------------------------------------------

STAKEHOLDER_FOLLOWS = {
    "reader.lee": {
        "initiatives": ["currency-swap-expansion", "pre-entry-immigration-screening", "semiconductor-supply-chain"],
        "working_groups": [],
    },
    "reader.suzuki": {
        "initiatives": ["student-exchange-erasmus", "quantum-technology-mou"],
        "working_groups": ["people-mobility"],
    },
}
