"""Demo content loaded by ``python manage.py seed_demo``.

Plain data only. Facts and figures come from the seed documents in
``shared/seeds/`` (named by ``SeedDocument``); every sentence is our own.

Dates are day offsets from the day the command runs (negative = in the past),
so a fresh demo always has something overdue, something waiting for review and
something due soon. Milestone ``submitted``/``decided`` are day offsets too.
Indicator targets that the seeds do not give are working-group placeholders and
the initiative description says so.
"""

from datetime import date

from proposals.models import SeedDocument

FKI = SeedDocument.FKI_REPORT.value
WHITELIST = SeedDocument.WHITELIST_NEWS.value
EU_TREATY = SeedDocument.EU_TREATY.value
RIETI = SeedDocument.RIETI_HANDOUT.value
EDITORIAL = SeedDocument.AI_EDITORIAL.value

# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

USERS = [
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

_ECONOMY_OWNERS = [("member.park", "KR"), ("member.tanaka", "JP")]
_SOCIETY_OWNERS = [("member.choi", "KR"), ("member.yamamoto", "JP")]

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

INITIATIVES = [
    {
        "slug": "economic-security-council",
        "title": "Korea–Japan Economic Security Council",
        "summary": "A standing council in which both governments meet on a fixed calendar to manage "
        "supply-chain risks and industrial cooperation together. It would run working groups, study a "
        "shared supply-chain stabilization fund and stay open to like-minded partners.",
        "description": (
            "The council gives economic security a permanent home instead of one-off talks. It starts as a "
            "bilateral body but is designed so that friendly nations can join later.\n\n"
            "- Sessions on a published calendar, with a secretariat on each side\n"
            "- Working groups that pick items of shared interest needing a joint response\n"
            "- A study of a Korea–Japan supply-chain stabilization fund as its financial base\n"
            "- An accession path for other like-minded countries"
        ),
        "pillar": "security",
        "status": "active",
        "lead_side": "joint",
        "group": "economic-security",
        "start": -300,
        "target": 500,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                RIETI,
                "Proposes a permanent, regularly convened economic security council (name still tentative) as a "
                "practical channel for supply-chain stabilization, with working groups, talks on a joint "
                "stabilization fund and later expansion to friendly nations.",
            ),
            (
                FKI,
                "Among the report's policy tasks are restoring official dialogue between the two governments and "
                "running a joint control tower for cooperation.",
            ),
        ],
        "milestones": [
            {
                "title": "Agree the council's terms of reference",
                "description": "Both sides sign off a short charter: mandate, membership and meeting rhythm.",
                "owner": "member.park",
                "due": -200,
                "weight": 2,
                "status": "approved",
                "submitted": -205,
                "decided": -198,
                "decided_by": "coord.sato",
                "note": "Charter text matches what both delegations agreed.",
            },
            {
                "title": "Hold the inaugural council session",
                "description": "First plenary meeting, alternating host country from then on.",
                "owner": "member.tanaka",
                "due": -90,
                "weight": 3,
                "status": "approved",
                "submitted": -95,
                "decided": -88,
                "decided_by": "coord.kim",
                "note": "Minutes from both secretariats are attached as evidence.",
            },
            {
                "title": "Set up the first working groups and name their chairs",
                "description": "Two working groups to begin with (critical materials and semiconductors), "
                "each with one chair per side.",
                "owner": "member.park",
                "due": 6,
                "weight": 2,
                "status": "submitted",
                "submitted": -2,
            },
            {
                "title": "Options paper on a supply-chain stabilization fund",
                "description": "Size, governance and funding sources for a joint fund, for the council to discuss.",
                "owner": "member.tanaka",
                "due": -12,
                "weight": 3,
                "status": "in_progress",
            },
            {
                "title": "Publish an accession note for friendly nations",
                "description": "How a third country could join the council and on what terms.",
                "owner": "member.park",
                "due": 150,
                "weight": 1,
                "status": "planned",
            },
        ],
        "evidence": [
            {
                "url": "https://ifs.snu.ac.kr/publication/report?mode=view&pubidx=51",
                "title": "SNU Institute for Future Strategy: Korea–Japan Plus partnership framework report",
                "kind": "report",
                "published_on": None,
                "note": "The policy report the seminar handout is based on.",
                "added_by": "member.park",
            },
            {
                "url": "https://www.mofa.go.jp/region/asia-paci/korea/index.html",
                "title": "Ministry of Foreign Affairs of Japan: Japan–Republic of Korea relations",
                "kind": "official",
                "published_on": -92,
                "note": "Readout of the inaugural session.",
                "added_by": "member.tanaka",
                "milestone": "Hold the inaugural council session",
            },
            {
                "url": "https://www.mofa.go.kr/eng/wpge/m_5474/contents.do",
                "title": "Ministry of Foreign Affairs, Korea: relations with Japan",
                "kind": "official",
                "published_on": -3,
                "note": "Announcement of the proposed working groups.",
                "added_by": "member.park",
                "milestone": "Set up the first working groups and name their chairs",
            },
        ],
    },
    {
        "slug": "currency-swap-expansion",
        "title": "Currency swap expansion",
        "summary": "Enlarge the bilateral currency swap line from USD 10 billion to more than USD 30 billion and "
        "make it easier to draw on, so that each side can back the other's currency under pressure.",
        "description": (
            "Ageing and low birth rates weigh on both currencies over the long run, and heavy investment in the "
            "United States raises demand for hard currency. A larger line that can actually be used is a cheap "
            "form of mutual insurance.\n\n"
            "- Raise the line in steps from USD 10 bn towards a target above USD 30 bn\n"
            "- Clarify drawing conditions so the line is usable in a crisis\n"
            "- Review size and use every year with both central banks"
        ),
        "pillar": "economy",
        "status": "active",
        "lead_side": "joint",
        "group": "finance-trade",
        "start": -240,
        "target": 420,
        "visibility": "internal",
        "created_by": "coord.sato",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                RIETI,
                "Recommends growing the swap from its present USD 10 billion to over USD 30 billion and using it "
                "more, pointing to demographic pressure on the currencies and extra demand for hard currency from "
                "investment in the US.",
            ),
            (
                EU_TREATY,
                "A former Korean ambassador quoted in the article suggests a swap-style arrangement for mutual "
                "flexibility as part of economic security cooperation.",
            ),
        ],
        "milestones": [
            {
                "title": "Technical review of the existing USD 10 bn line",
                "description": "How the current line is sized, priced and triggered.",
                "owner": "member.park",
                "due": -150,
                "weight": 1,
                "status": "approved",
                "submitted": -156,
                "decided": -149,
                "decided_by": "coord.sato",
                "note": "Review accepted by both finance ministries.",
            },
            {
                "title": "Agree a step-up schedule with both central banks",
                "description": "Stages and dates for moving from USD 10 bn towards USD 30 bn.",
                "owner": "member.tanaka",
                "due": 10,
                "weight": 3,
                "status": "submitted",
                "submitted": -1,
            },
            {
                "title": "Draft revised drawing conditions",
                "description": "Simpler conditions so that the line can be used quickly under stress.",
                "owner": "member.park",
                "due": -20,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Sign the enlarged swap agreement",
                "owner": "member.tanaka",
                "due": 200,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "First annual review of swap use",
                "owner": "member.park",
                "due": 380,
                "weight": 1,
                "status": "planned",
            },
        ],
        "indicators": [
            {
                "name": "Currency swap line",
                "unit": "USD billion",
                "baseline": "10",
                "target": "30",
                "readings": [
                    {
                        "date": -230,
                        "value": "10",
                        "note": "Size of the line when the initiative started (seminar handout).",
                        "evidence": "https://www.rieti.go.jp/en/events/bbl/",
                        "recorded_by": "member.park",
                    },
                    {
                        "date": -150,
                        "value": "10",
                        "note": "Unchanged after the technical review.",
                        "recorded_by": "member.park",
                    },
                ],
            },
        ],
        "evidence": [
            {
                "url": "https://www.rieti.go.jp/en/events/bbl/",
                "title": "RIETI BBL seminar: proposal for a Japan–Korea economic partnership framework",
                "kind": "report",
                "published_on": date(2025, 12, 19),
                "note": "Gives the current USD 10 bn size and the USD 30 bn goal.",
                "added_by": "member.park",
            },
            {
                "url": "https://www.mof.go.jp/english/policy/international_policy/",
                "title": "Ministry of Finance Japan: international policy",
                "kind": "official",
                "published_on": -2,
                "note": "Draft step-up schedule shared with the working group.",
                "added_by": "member.tanaka",
                "milestone": "Agree a step-up schedule with both central banks",
            },
            {
                "url": "https://www.bok.or.kr/eng/main/main.do",
                "title": "Bank of Korea: international cooperation",
                "kind": "official",
                "published_on": -151,
                "note": "Background on the existing swap arrangement.",
                "added_by": "member.park",
                "milestone": "Technical review of the existing USD 10 bn line",
            },
        ],
    },
    {
        "slug": "student-exchange-erasmus",
        "title": "Erasmus-style student exchange",
        "summary": "A two-way student mobility scheme modelled on the EU's Erasmus programme (begun in 1987), "
        "letting students spend a term or a year at a partner university with the credits counted at home.",
        "description": (
            "The EU scheme lets young people choose among more than 30 countries for study abroad. A Korea–Japan "
            "version would start smaller, with a pilot group of universities and shared rules on credits and "
            "grants, and is seen as the easiest first step that citizens would notice.\n\n"
            "- Credit recognition between participating universities\n"
            "- Grants for travel and living costs, funded by both governments\n"
            "- A pilot cohort before the scheme opens nationwide\n"
            "- A yearly report on participants and completion"
        ),
        "pillar": "people_culture",
        "status": "active",
        "lead_side": "joint",
        "group": "people-mobility",
        "start": -200,
        "target": 600,
        "visibility": "internal",
        "created_by": "coord.sato",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                EU_TREATY,
                "A Japanese professor puts forward a Korea–Japan version of Erasmus, the EU student exchange "
                "started in 1987, as easier to launch than a Schengen-style agreement; a former Korean foreign "
                "minister calls it the first step towards benefits people can feel.",
            ),
        ],
        "milestones": [
            {
                "title": "Survey partner universities on credit recognition",
                "owner": "member.yamamoto",
                "due": -120,
                "weight": 1,
                "status": "approved",
                "submitted": -125,
                "decided": -118,
                "decided_by": "coord.kim",
                "note": "Good response rate on both sides.",
            },
            {
                "title": "Agree a joint grant formula",
                "description": "Who pays what for travel and living costs, and how grants are sized.",
                "owner": "member.choi",
                "due": 4,
                "weight": 2,
                "status": "submitted",
                "submitted": -3,
            },
            {
                "title": "Select the pilot group of universities",
                "owner": "member.yamamoto",
                "due": -8,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Open applications for the pilot cohort",
                "owner": "member.choi",
                "due": 120,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Publish the first-year participation report",
                "owner": "member.yamamoto",
                "due": 480,
                "weight": 1,
                "status": "planned",
            },
        ],
        "evidence": [
            {
                "url": "https://erasmus-plus.ec.europa.eu/",
                "title": "European Commission: Erasmus+ programme",
                "kind": "official",
                "published_on": None,
                "note": "The EU programme the scheme is modelled on.",
                "added_by": "member.yamamoto",
            },
            {
                "url": "https://www.mext.go.jp/en/policy/education/highered/",
                "title": "MEXT: higher education and student exchange",
                "kind": "official",
                "published_on": -4,
                "note": "Draft grant formula circulated by the Japanese side.",
                "added_by": "member.choi",
                "milestone": "Agree a joint grant formula",
            },
        ],
    },
    {
        "slug": "pre-entry-immigration-screening",
        "title": "Pre-entry immigration screening",
        "summary": "Let travellers clear the other country's immigration checks before departure, so that trips "
        "between the two countries feel like moving within a 'one-hour living zone'. Lawmakers have called it "
        "a high-priority action plan.",
        "description": (
            "Arrival queues are one of the most visible frictions for people travelling between the two "
            "countries. Clearing immigration at the departure airport would remove them.\n\n"
            "- Legal review of pre-clearance on each side\n"
            "- Data-sharing and privacy safeguards agreed by both immigration services\n"
            "- A pilot on one busy air route\n"
            "- Extension to further airports after evaluation"
        ),
        "pillar": "people_culture",
        "status": "active",
        "lead_side": "KR",
        "group": "people-mobility",
        "start": -180,
        "target": 540,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                EU_TREATY,
                "Hopes that pre-entry screening could bind the two countries into a 'one-hour living zone'; the "
                "president of the Korea–Japan parliamentary league calls it essential, a high-priority action "
                "plan, and promises to work on it.",
            ),
        ],
        "milestones": [
            {
                "title": "Legal review of pre-clearance in both countries",
                "owner": "member.choi",
                "due": -100,
                "weight": 2,
                "status": "approved",
                "submitted": -106,
                "decided": -99,
                "decided_by": "coord.sato",
                "note": "No treaty change needed for a pilot.",
            },
            {
                "title": "Agree data-sharing and privacy safeguards",
                "description": "Which passenger data is shared, for how long and under whose oversight.",
                "owner": "member.yamamoto",
                "due": 8,
                "weight": 3,
                "status": "submitted",
                "submitted": -2,
            },
            {
                "title": "Choose the pilot route and airports",
                "owner": "member.choi",
                "due": -15,
                "weight": 1,
                "status": "planned",
            },
            {
                "title": "Run a six-month pilot on one air route",
                "owner": "member.yamamoto",
                "due": 240,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Evaluate the pilot and decide on extension",
                "owner": "member.choi",
                "due": 500,
                "weight": 1,
                "status": "planned",
            },
        ],
        "evidence": [
            {
                "url": "https://www.immigration.go.kr/immigration_eng/index.do",
                "title": "Korea Immigration Service",
                "kind": "official",
                "published_on": -101,
                "note": "Legal background for pre-clearance on the Korean side.",
                "added_by": "member.choi",
                "milestone": "Legal review of pre-clearance in both countries",
            },
            {
                "url": "https://www.moj.go.jp/isa/",
                "title": "Immigration Services Agency of Japan",
                "kind": "official",
                "published_on": -3,
                "note": "Draft privacy safeguards for shared passenger data.",
                "added_by": "member.yamamoto",
                "milestone": "Agree data-sharing and privacy safeguards",
            },
        ],
    },
    {
        "slug": "quantum-technology-mou",
        "title": "Quantum technology MOU between national research institutes",
        "summary": "A memorandum of understanding on quantum technology between the two countries' national "
        "research institutes, followed by joint research, researcher exchange and Japanese participation in "
        "building Korea's quantum fab.",
        "description": (
            "Both leaders have called quantum a game changer, yet both countries trail the US and China. Quantum "
            "work rests on costly, state-funded infrastructure, which makes pooling it worthwhile.\n\n"
            "- An MOU between the national research institutes\n"
            "- Joint projects and researcher exchange, also with partners such as the US and Germany\n"
            "- Japanese companies and researchers in the build-out of the Korean quantum fab\n"
            "- Quantum as a strategic priority in national research programmes"
        ),
        "pillar": "science_technology",
        "status": "active",
        "lead_side": "joint",
        "group": "science-technology",
        "start": -150,
        "target": 480,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                RIETI,
                "Asks for an MOU between national research institutes, human exchange and joint research (with the "
                "US, Germany and others) and Japanese participation in the Korean quantum fab, noting that both "
                "countries lag well behind China and the US.",
            ),
            (
                FKI,
                "Names quantum computer technology among the new growth engines for both countries.",
            ),
        ],
        "milestones": [
            {
                "title": "Exchange draft MOU texts between the institutes",
                "owner": "member.yamamoto",
                "due": -70,
                "weight": 1,
                "status": "approved",
                "submitted": -75,
                "decided": -68,
                "decided_by": "coord.kim",
                "note": "Both drafts reconciled into one text.",
            },
            {
                "title": "Sign the institute-level MOU",
                "owner": "member.choi",
                "due": 3,
                "weight": 3,
                "status": "submitted",
                "submitted": -1,
            },
            {
                "title": "Agree terms for Japanese participation in the Korean quantum fab",
                "owner": "member.choi",
                "due": -5,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Call for joint research proposals",
                "owner": "member.yamamoto",
                "due": 90,
                "weight": 2,
                "status": "planned",
            },
            {
                "title": "First researcher exchange",
                "owner": "member.yamamoto",
                "due": 300,
                "weight": 1,
                "status": "planned",
            },
        ],
        "evidence": [
            {
                "url": "https://www.kriss.re.kr/eng/main.do",
                "title": "KRISS: quantum research",
                "kind": "official",
                "published_on": -2,
                "note": "Signing arrangements for the MOU.",
                "added_by": "member.choi",
                "milestone": "Sign the institute-level MOU",
            },
            {
                "url": "https://www.aist.go.jp/index_en.html",
                "title": "AIST: quantum computing research",
                "kind": "official",
                "published_on": None,
                "note": "Japanese institute taking part in the MOU talks.",
                "added_by": "member.yamamoto",
            },
        ],
    },
    {
        "slug": "youth-talent-labour-market",
        "title": "Youth and skilled-talent labour-market integration",
        "summary": "Open each job market to young graduates and highly skilled workers from the other country on "
        "the same terms as nationals. Japan's shortage of graduates and Korea's long-term youth unemployment "
        "make the two markets a natural fit.",
        "description": (
            "The handout sees labour as the next stage after trade integration and suggests starting with young "
            "people and skilled professionals, supported by a joint fund. The indicator targets below are "
            "placeholders set by the working group; the seeds give only the starting figures.\n\n"
            "- Legal changes so eligible workers are treated like domestic ones\n"
            "- A visa-free route for qualifying graduates and professionals\n"
            "- A joint fund for language training and settling in\n"
            "- Full labour-market integration as the long-term aim"
        ),
        "pillar": "economy",
        "status": "proposed",
        "lead_side": "KR",
        "group": "people-mobility",
        "start": -20,
        "target": 900,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                RIETI,
                "Sets Japan's labour shortage (98.1% of students employed by graduation, scarce ICT talent) against "
                "Korea's youth unemployment (69.6% graduate employment, 238,000 young people out of work for three "
                "years or more) and proposes integrating the youth and skilled-talent markets, with a joint fund.",
            ),
            (
                EDITORIAL,
                "Lists worker shortages, regional decline and a heavier welfare burden from ageing as problems the "
                "two countries share and could address together.",
            ),
        ],
        "milestones": [
            {
                "title": "Map occupations with shortages on the Japanese side",
                "owner": "member.yamamoto",
                "due": 45,
                "weight": 1,
                "status": "in_progress",
            },
            {
                "title": "Draft the legal changes for equal treatment",
                "owner": "member.choi",
                "due": 180,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Design the joint language and settlement fund",
                "owner": "member.yamamoto",
                "due": 260,
                "weight": 2,
                "status": "planned",
            },
            {
                "title": "Launch a pilot visa-free route for graduates",
                "owner": "member.choi",
                "due": 420,
                "weight": 3,
                "status": "planned",
            },
        ],
        "indicators": [
            {
                "name": "Graduate employment rate in Korea",
                "unit": "%",
                "baseline": "69.6",
                "target": "75",
                "readings": [
                    {
                        "date": -20,
                        "value": "69.6",
                        "note": "Figure given in the seminar handout.",
                        "recorded_by": "member.choi",
                    },
                ],
            },
            {
                "name": "Young people in Korea unemployed for three years or more",
                "unit": "thousand people",
                "baseline": "238",
                "target": "200",
                "readings": [
                    {
                        "date": -20,
                        "value": "238",
                        "note": "Figure given in the seminar handout.",
                        "recorded_by": "member.choi",
                    },
                ],
            },
        ],
    },
    {
        "slug": "joint-stockpiling-key-resources",
        "title": "Joint stockpiling and procurement of food, energy and critical minerals",
        "summary": "A shared system to develop, buy, stockpile and use food, energy and critical minerals, "
        "including transfers to each other in a crisis. Both countries depend heavily on China for several "
        "key minerals.",
        "description": (
            "Both countries import most of their energy and rely on China for critical minerals, which past "
            "export controls on urea solution and rare earths made plain. Buying and storing together lowers "
            "costs and lets one side cover the other's shortfall. The dependency targets below are "
            "working-group placeholders; the starting figures come from the seminar handout.\n\n"
            "- Joint procurement and stockpiling rules for food, energy and minerals\n"
            "- A mechanism for mutual transfers in a crisis\n"
            "- A rare-earth procurement channel and a mineral recycling system\n"
            "- Joint energy purchasing to cut import costs"
        ),
        "pillar": "security",
        "status": "active",
        "lead_side": "joint",
        "group": "economic-security",
        "start": -210,
        "target": 720,
        "visibility": "restricted",
        "created_by": "coord.sato",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                RIETI,
                "Proposes a joint system to develop, procure, stockpile and use food, energy and minerals, with "
                "transfers in a crisis and a rare-earth procurement and recycling system; it puts dependency on "
                "China at 67% for graphite, 70% for rare earths, 93% for germanium and 98% for gallium.",
            ),
            (
                EU_TREATY,
                "Researchers quoted there note that both countries import energy, so joint buying could lower costs "
                "and let one cover what the other lacks; a former ambassador stresses rare-metal supply safety.",
            ),
        ],
        "milestones": [
            {
                "title": "Inventory current national stockpiles",
                "owner": "member.tanaka",
                "due": -140,
                "weight": 1,
                "status": "approved",
                "submitted": -146,
                "decided": -139,
                "decided_by": "coord.kim",
                "note": "Inventory shared under the restricted-access rules.",
            },
            {
                "title": "Agree crisis-transfer rules",
                "description": "When and how one side releases stock to the other during a supply shock.",
                "owner": "member.park",
                "due": -25,
                "weight": 3,
                "status": "in_progress",
            },
            {
                "title": "Feasibility study on mineral recycling",
                "owner": "member.park",
                "due": 60,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Set up a joint rare-earth procurement channel",
                "owner": "member.tanaka",
                "due": 150,
                "weight": 2,
                "status": "planned",
            },
        ],
        "indicators": [
            {
                "name": "Dependency on China: graphite",
                "unit": "%",
                "baseline": "67",
                "target": "50",
                "readings": [
                    {"date": -200, "value": "67", "note": "Seminar handout figure.", "recorded_by": "member.tanaka"},
                ],
            },
            {
                "name": "Dependency on China: rare earths",
                "unit": "%",
                "baseline": "70",
                "target": "50",
                "readings": [
                    {"date": -200, "value": "70", "note": "Seminar handout figure.", "recorded_by": "member.tanaka"},
                ],
            },
            {
                "name": "Dependency on China: germanium",
                "unit": "%",
                "baseline": "93",
                "target": "70",
                "readings": [
                    {"date": -200, "value": "93", "note": "Seminar handout figure.", "recorded_by": "member.tanaka"},
                ],
            },
            {
                "name": "Dependency on China: gallium",
                "unit": "%",
                "baseline": "98",
                "target": "75",
                "readings": [
                    {"date": -200, "value": "98", "note": "Seminar handout figure.", "recorded_by": "member.tanaka"},
                ],
            },
        ],
    },
    {
        "slug": "semiconductor-supply-chain",
        "title": "Semiconductor supply-chain cooperation",
        "summary": "Combine Korea's lead in memory chips and manufacturing with Japan's materials, parts and "
        "equipment makers to secure supply and develop next-generation chips together, starting with packaging.",
        "description": (
            "Packaging is where competition is shifting, so it is the first topic. Joint R&D is paired with "
            "investment in both directions.\n\n"
            "- Joint R&D on next-generation photoresist and lithography equipment\n"
            "- Japanese materials, parts and equipment firms invited to the Yongin semiconductor mega cluster\n"
            "- Korean chip-makers investing in R&D and production in Japan\n"
            "- Wider links through Korea–US–Japan and Korea–Taiwan–Japan formats"
        ),
        "pillar": "economy",
        "status": "active",
        "lead_side": "joint",
        "group": "industry-energy",
        "start": -260,
        "target": 700,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                RIETI,
                "Recommends starting with packaging, joint R&D on photoresist and lithography, Japanese suppliers in "
                "the Yongin mega cluster and Korean investment in Japan, inside wider trilateral formats.",
            ),
            (
                FKI,
                "Argues Korea's memory-centred chip industry is near its technical limits and suggests pairing "
                "Korean manufacturing with Japanese materials and parts, Korean R&D sites in Japan and Japanese "
                "firms in Korean clusters.",
            ),
            (
                EU_TREATY,
                "Experts quoted there describe Korean memory makers as resting on Japanese materials, parts and "
                "equipment, and see a solid joint chip supply chain as strong economic-security backing.",
            ),
        ],
        "milestones": [
            {
                "title": "Joint packaging technology roadmap",
                "owner": "member.tanaka",
                "due": -110,
                "weight": 2,
                "status": "approved",
                "submitted": -118,
                "decided": -109,
                "decided_by": "coord.kim",
                "note": "Roadmap endorsed by industry on both sides.",
            },
            {
                "title": "Investor forum for suppliers at the Yongin cluster",
                "owner": "member.park",
                "due": -30,
                "weight": 2,
                "status": "approved",
                "submitted": -35,
                "decided": -28,
                "decided_by": "coord.sato",
                "note": "Forum held; follow-up meetings scheduled.",
            },
            {
                "title": "Launch joint photoresist R&D project",
                "owner": "member.tanaka",
                "due": 75,
                "weight": 3,
                "status": "in_progress",
            },
            {
                "title": "Support desk for cross-border chip investment",
                "owner": "member.park",
                "due": 210,
                "weight": 1,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "indo-pacific-decarbonization",
        "title": "Decarbonization infrastructure in the Indo-Pacific",
        "summary": "Build low-carbon energy infrastructure together in third countries of the Indo-Pacific, "
        "counting the reductions towards overseas emission goals and taking both countries' technology abroad.",
        "description": (
            "Each government already funds the green transition at home: Korea through its Climate Change "
            "Response Fund, Japan through the Green Innovation Fund and GX transition bonds. Joint projects "
            "abroad would extend that work.\n\n"
            "- A shortlist of partner countries and projects\n"
            "- Co-financing principles drawing on existing climate funds\n"
            "- Reductions counted towards each side's overseas targets\n"
            "- A joint answer to climate-related trade rules such as the EU CBAM"
        ),
        "pillar": "economy",
        "status": "proposed",
        "lead_side": "joint",
        "group": "industry-energy",
        "start": 20,
        "target": 1000,
        "visibility": "internal",
        "created_by": "coord.sato",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                RIETI,
                "Counts building decarbonization infrastructure together in the Indo-Pacific among its economy "
                "proposals, to meet overseas emission targets and export technology, and names both countries' "
                "green funds.",
            ),
            (
                EU_TREATY,
                "A Japanese professor suggests that governments and companies of both countries share the cost and "
                "the results of net-zero R&D.",
            ),
        ],
        "milestones": [
            {
                "title": "Shortlist partner countries and candidate projects",
                "owner": "member.park",
                "due": 60,
                "weight": 1,
                "status": "planned",
            },
            {
                "title": "Agree co-financing principles",
                "owner": "member.tanaka",
                "due": 180,
                "weight": 2,
                "status": "planned",
            },
            {
                "title": "Sign the first joint project",
                "owner": "member.park",
                "due": 400,
                "weight": 3,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "basic-science-cooperation",
        "title": "Restoring basic-science research cooperation",
        "summary": "Bring joint Korea–Japan research back to its 2010 level by 2030, chiefly by raising the "
        "number of cooperative projects between Korea's NRF and Japan's JSPS more than five-fold.",
        "description": (
            "Japan was Korea's second-largest science partner until the 2000s, but joint work fell in every field "
            "between 2009 and 2019. The indicator counts NRF–JSPS projects as a multiple of the starting level.\n\n"
            "- More than five times as many NRF–JSPS cooperative projects\n"
            "- A master plan for joint big-science research and researcher exchange\n"
            "- Upgraded, regular committees between research institutions\n"
            "- Yearly tracking against the 2010 benchmark"
        ),
        "pillar": "science_technology",
        "status": "active",
        "lead_side": "joint",
        "group": "science-technology",
        "start": -330,
        "target": 1500,
        "visibility": "internal",
        "created_by": "coord.sato",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                RIETI,
                "Describes the fall in joint research between 2009 and 2019 and sets the aim of returning to the "
                "2010 level by 2030, by raising NRF–JSPS cooperative projects more than five-fold and planning "
                "joint big-science research.",
            ),
        ],
        "milestones": [
            {
                "title": "Count current NRF–JSPS cooperative projects",
                "owner": "member.yamamoto",
                "due": -250,
                "weight": 1,
                "status": "approved",
                "submitted": -255,
                "decided": -248,
                "decided_by": "coord.kim",
                "note": "Baseline count agreed by both agencies.",
            },
            {
                "title": "Agree a multi-year call schedule with NRF and JSPS",
                "owner": "member.choi",
                "due": -160,
                "weight": 2,
                "status": "approved",
                "submitted": -166,
                "decided": -158,
                "decided_by": "coord.sato",
                "note": "Schedule runs to 2030.",
            },
            {
                "title": "Publish the first enlarged joint call",
                "owner": "member.yamamoto",
                "due": -40,
                "weight": 2,
                "status": "approved",
                "submitted": -45,
                "decided": -39,
                "decided_by": "coord.kim",
                "note": "Call published on both agencies' sites.",
            },
            {
                "title": "Draft the big-science master plan",
                "owner": "member.choi",
                "due": -3,
                "weight": 3,
                "status": "in_progress",
            },
            {
                "title": "Mid-term review against the 2010 benchmark",
                "owner": "member.yamamoto",
                "due": 700,
                "weight": 2,
                "status": "planned",
            },
        ],
        "indicators": [
            {
                "name": "NRF–JSPS cooperative projects",
                "unit": "× starting level",
                "baseline": "1",
                "target": "5",
                "readings": [
                    {
                        "date": -250,
                        "value": "1",
                        "note": "Starting level; the handout asks for more than five times as many projects.",
                        "recorded_by": "member.yamamoto",
                    },
                ],
            },
        ],
    },
    {
        "slug": "hydrogen-cooperation",
        "title": "Hydrogen and clean-energy cooperation",
        "summary": "Build a large hydrogen supply system together, at home and abroad, with an early-warning "
        "system for disruptions, since neither country can easily make green hydrogen alone. The Pohang Blue "
        "Valley cluster is proposed as a base for Japanese investment and technology.",
        "description": (
            "Both countries are manufacturing powers with little energy of their own. Clean hydrogen is central "
            "to their decarbonization plans, so securing it jointly reduces the risk for each.\n\n"
            "- A joint supply chain for clean hydrogen\n"
            "- An early-warning system for supply disruptions\n"
            "- Sharing of policy practice between the two governments\n"
            "- Japanese firms, technology and investment at the Pohang Blue Valley cluster"
        ),
        "pillar": "science_technology",
        "status": "active",
        "lead_side": "KR",
        "group": "industry-energy",
        "start": -120,
        "target": 800,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": [("member.choi", "KR"), ("member.tanaka", "JP")],
        "sources": [
            (
                RIETI,
                "Calls hydrogen a core future technology and proposes a joint domestic and international supply "
                "system with early warning, shared policy practice and the Pohang Blue Valley cluster as a magnet "
                "for Japanese firms.",
            ),
            (
                EDITORIAL,
                "Notes that both countries are manufacturing powerhouses with low energy self-sufficiency.",
            ),
        ],
        "milestones": [
            {
                "title": "Joint study of clean-hydrogen import routes",
                "owner": "member.tanaka",
                "due": -60,
                "weight": 2,
                "status": "approved",
                "submitted": -66,
                "decided": -59,
                "decided_by": "coord.kim",
                "note": "Study accepted; three routes shortlisted.",
            },
            {
                "title": "Design a supply early-warning system",
                "owner": "member.choi",
                "due": -10,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Investment mission to the Pohang Blue Valley cluster",
                "owner": "member.tanaka",
                "due": 45,
                "weight": 1,
                "status": "planned",
            },
            {
                "title": "Agree a joint hydrogen supply-chain plan",
                "owner": "member.choi",
                "due": 300,
                "weight": 3,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "technology-standards",
        "title": "Joint response to technology standards",
        "summary": "Coordinate positions on international technology standards and technical barriers to trade "
        "so that the two countries negotiate with more weight, and take the lead on standards for new industries "
        "such as green hydrogen and digital finance.",
        "description": (
            "Acting together gives both countries more say in global standard-setting than either has alone.\n\n"
            "- Joint responses to technical barriers to trade (TBT)\n"
            "- Co-drafted standard proposals for green hydrogen and digital finance\n"
            "- Regular meetings among KRISS, KATS, NMIJ and NICT\n"
            "- Aligned certification and technology-recognition systems"
        ),
        "pillar": "science_technology",
        "status": "active",
        "lead_side": "joint",
        "group": "science-technology",
        "start": -160,
        "target": 600,
        "visibility": "internal",
        "created_by": "coord.sato",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                RIETI,
                "Proposes joint TBT responses, leadership on standards for green hydrogen and digital finance, "
                "regular cooperation among KRISS, KATS, NMIJ and NICT, and aligned certification systems.",
            ),
            (
                EU_TREATY,
                "A former ambassador lists cooperation on standardization, patents and information among the "
                "economic steps the two countries need.",
            ),
        ],
        "milestones": [
            {
                "title": "First joint meeting of the standards institutes",
                "owner": "member.yamamoto",
                "due": -90,
                "weight": 1,
                "status": "approved",
                "submitted": -95,
                "decided": -88,
                "decided_by": "coord.kim",
                "note": "All four institutes attended.",
            },
            {
                "title": "Common position paper on a pending TBT notification",
                "owner": "member.choi",
                "due": 10,
                "weight": 2,
                "status": "changes_requested",
                "submitted": -20,
                "decided": -16,
                "decided_by": "coord.sato",
                "note": "Please add the comments from Japanese industry before resubmitting.",
            },
            {
                "title": "Draft a joint green-hydrogen standard proposal",
                "owner": "member.yamamoto",
                "due": 150,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Pilot mutual recognition of test certificates",
                "owner": "member.choi",
                "due": 330,
                "weight": 2,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "ai-governance",
        "title": "AI governance: AI Seoul Summit and Hiroshima AI Process",
        "summary": "Connect the outcomes of the AI Seoul Summit with the Hiroshima AI Process so that the two "
        "countries shape global rules for safe and inclusive AI together.",
        "description": (
            "Each country hosts one of the recent international AI governance tracks. Aligning them lets the two "
            "speak with one voice on AI norms.\n\n"
            "- A side-by-side map of commitments from both tracks\n"
            "- A joint paper on AI safety and inclusiveness\n"
            "- Common positions in international AI discussions"
        ),
        "pillar": "science_technology",
        "status": "active",
        "lead_side": "joint",
        "group": "science-technology",
        "start": -140,
        "target": 500,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                RIETI,
                "Suggests linking the AI Seoul Summit with the Hiroshima AI Process to lead global AI governance "
                "on safety and inclusiveness, and lists jointly leading AI norms among its proposals.",
            ),
        ],
        "milestones": [
            {
                "title": "Map commitments from both processes side by side",
                "owner": "member.choi",
                "due": -80,
                "weight": 1,
                "status": "approved",
                "submitted": -84,
                "decided": -78,
                "decided_by": "coord.sato",
                "note": "Useful overview; publish it internally.",
            },
            {
                "title": "Joint paper on AI safety and inclusiveness",
                "owner": "member.yamamoto",
                "due": 30,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Common position for the next international AI meeting",
                "owner": "member.choi",
                "due": 160,
                "weight": 2,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "ai-factory-semiconductor-partnership",
        "title": "AI Factory and semiconductor partnership",
        "summary": "Back industry's plan to open an AI Factory (GPUs, high-bandwidth memory and fast networks for "
        "AI training and inference at scale) in Korea first and then in Japan, and prepare the rules both "
        "governments would need.",
        "description": (
            "The aim is complementarity, not one-sided dependence: Korea brings memory, manufacturing and "
            "networks, Japan materials, equipment and precision manufacturing. AI factories and chip plants need "
            "a great deal of power, land and skilled staff.\n\n"
            "- Government groundwork on regulation, tax, power grids and R&D\n"
            "- Early site and power planning for a facility in Japan\n"
            "- Safeguards against technology leakage\n"
            "- A standing platform that ties AI to energy supply, skilled people and services for older people"
        ),
        "pillar": "science_technology",
        "status": "proposed",
        "lead_side": "KR",
        "group": "industry-energy",
        "start": -30,
        "target": 730,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                EDITORIAL,
                "Describes the AI Factory SK is pursuing with NVIDIA, to open in Korea the following year and then "
                "expand to Japan, and urges both governments to lay groundwork on regulation, tax, power and R&D.",
            ),
        ],
        "milestones": [
            {
                "title": "List regulatory and tax questions for a cross-border AI Factory",
                "owner": "member.choi",
                "due": 20,
                "weight": 1,
                "status": "in_progress",
            },
            {
                "title": "Power and site assessment for a facility in Japan",
                "owner": "member.yamamoto",
                "due": 120,
                "weight": 2,
                "status": "planned",
            },
            {
                "title": "Technology-leakage safeguards agreed with industry",
                "owner": "member.choi",
                "due": 240,
                "weight": 2,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "export-control-whitelist",
        "title": "Export-control whitelist restoration",
        "summary": "Put each country back on the other's list of trusted export destinations, which simplifies "
        "export procedures. Japan has lifted its curbs on key semiconductor materials but says whitelist status "
        "depends on Korea's response.",
        "description": (
            "The 2019 curbs pushed Korean firms to make more chip materials, parts and equipment themselves, "
            "while Korea's trade deficit with Japan grew by about a quarter, from USD 19.16 bn in 2019 to "
            "USD 24.1 bn in 2022. The initiative is on hold until both sides agree the next step.\n\n"
            "- Confirm the lifted semiconductor-material restrictions\n"
            "- Agree reciprocal steps towards whitelist status\n"
            "- Restore simplified export procedures on both sides"
        ),
        "pillar": "economy",
        "status": "on_hold",
        "lead_side": "JP",
        "group": "economic-security",
        "start": -400,
        "target": 300,
        "visibility": "restricted",
        "created_by": "coord.sato",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                WHITELIST,
                "Reports Japan's decision to lift export curbs on key semiconductor materials and keep talking "
                "about the whitelist, while its trade minister says whitelist treatment depends on how Korea "
                "responds; Korea's deficit with Japan rose 25%, from USD 19.16 bn in 2019 to USD 24.1 bn.",
            ),
        ],
        "milestones": [
            {
                "title": "Confirm lifting of curbs on key semiconductor materials",
                "owner": "member.tanaka",
                "due": -380,
                "weight": 2,
                "status": "approved",
                "submitted": -385,
                "decided": -379,
                "decided_by": "coord.kim",
                "note": "Confirmed in the official notice.",
            },
            {
                "title": "Agree reciprocal steps towards whitelist status",
                "owner": "member.park",
                "due": -45,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Restore simplified export procedures",
                "owner": "member.tanaka",
                "due": 200,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Joint review of trade flows after restoration",
                "owner": "member.park",
                "due": 290,
                "weight": 1,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "two-plus-two-strategic-dialogue",
        "title": "2+2 ministerial strategic dialogue",
        "summary": "A regular meeting of both countries' foreign and defence ministers, alongside regular shuttle "
        "summits, so that the two can answer shared security threats, North Korea's provocations among them, together.",
        "description": (
            "High-level dialogue that runs on a schedule is harder to suspend when the political climate "
            "changes.\n\n"
            "- Format and agenda for a first 2+2 meeting\n"
            "- An annual rhythm aligned with shuttle summits\n"
            "- Restored official dialogue channels below ministerial level"
        ),
        "pillar": "security",
        "status": "proposed",
        "lead_side": "joint",
        "group": "economic-security",
        "start": -10,
        "target": 365,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                EU_TREATY,
                "A former ambassador cites regular shuttle summits and a 2+2 ministerial strategic council as ways "
                "for the two to handle North Korean provocations and other regional risks jointly.",
            ),
            (
                FKI,
                "Lists restoring official dialogue channels between the two governments as a policy task.",
            ),
        ],
        "milestones": [
            {
                "title": "Agree the format and agenda of a first 2+2 meeting",
                "owner": "member.park",
                "due": 40,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Hold the first 2+2 meeting",
                "owner": "member.tanaka",
                "due": 150,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Set an annual rhythm alongside shuttle summits",
                "owner": "member.park",
                "due": 300,
                "weight": 1,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "fta-and-cptpp",
        "title": "Korea–Japan FTA and CPTPP",
        "summary": "Revive talks on a bilateral free-trade agreement and win Japan's backing for Korea joining the "
        "CPTPP, locking in trade ties that have picked up since relations improved.",
        "description": (
            "A trade agreement would give the recent recovery in business ties a legal footing, and Japanese "
            "support would carry weight in Korea's CPTPP bid.\n\n"
            "- A joint study on the scope of a bilateral FTA\n"
            "- Consultations on Korea's CPTPP application\n"
            "- A decision on launching formal negotiations"
        ),
        "pillar": "economy",
        "status": "proposed",
        "lead_side": "joint",
        "group": "finance-trade",
        "start": 0,
        "target": 900,
        "visibility": "internal",
        "created_by": "coord.sato",
        "owners": _ECONOMY_OWNERS,
        "sources": [
            (
                EU_TREATY,
                "A former ambassador calls for a Korea–Japan FTA, and a former foreign minister suggests persuading "
                "Japan that Korea should join the CPTPP.",
            ),
            (
                WHITELIST,
                "Gives Korea's trade deficit with Japan as USD 19.16 bn in 2019 and USD 24.1 bn in the latest year "
                "reported, and notes business hopes that closer ties will speed up exports to Japan.",
            ),
        ],
        "milestones": [
            {
                "title": "Joint study on the scope of a bilateral FTA",
                "owner": "member.tanaka",
                "due": 60,
                "weight": 2,
                "status": "planned",
            },
            {
                "title": "Consultations on Korea's CPTPP application",
                "owner": "member.park",
                "due": 120,
                "weight": 2,
                "status": "planned",
            },
            {
                "title": "Decide whether to launch formal FTA negotiations",
                "owner": "member.tanaka",
                "due": 360,
                "weight": 3,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "sports-league-integration",
        "title": "Professional sports league integration",
        "summary": "Encourage the professional leagues of both countries to meet more often and move towards "
        "joint competitions, building an open sports ecosystem through private exchange.",
        "description": (
            "Sport reaches people who never read about trade or security. The leagues and clubs lead; the "
            "governments remove obstacles.\n\n"
            "- Talks with league organisers on cross-border fixtures\n"
            "- A pilot cross-border cup\n"
            "- A review of player-transfer and registration rules"
        ),
        "pillar": "people_culture",
        "status": "proposed",
        "lead_side": "joint",
        "group": "people-mobility",
        "start": 15,
        "target": 800,
        "visibility": "internal",
        "created_by": "coord.sato",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                RIETI,
                "Includes integration of the professional sports leagues, through private exchange and an open "
                "sports ecosystem, among its culture proposals.",
            ),
        ],
        "milestones": [
            {
                "title": "Talks with league organisers on cross-border fixtures",
                "owner": "member.yamamoto",
                "due": 50,
                "weight": 1,
                "status": "planned",
            },
            {
                "title": "Pilot cross-border cup competition",
                "owner": "member.choi",
                "due": 260,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Review player-transfer and registration rules",
                "owner": "member.yamamoto",
                "due": 400,
                "weight": 2,
                "status": "planned",
            },
        ],
    },
    {
        "slug": "cultural-content-fund",
        "title": "Joint cultural content fund",
        "summary": "A Korea–Japan fund for co-developed cultural content, such as a Korean webtoon adapted into a "
        "Japanese animation with a K-pop theme song, to spread both countries' soft power.",
        "description": (
            "One story can be reused across formats and markets when both industries take part from the start.\n\n"
            "- A fund charter and governance shared by both sides\n"
            "- Calls for co-production proposals\n"
            "- Showcases at content fairs in each country"
        ),
        "pillar": "people_culture",
        "status": "active",
        "lead_side": "joint",
        "group": "people-mobility",
        "start": -100,
        "target": 650,
        "visibility": "internal",
        "created_by": "coord.kim",
        "owners": _SOCIETY_OWNERS,
        "sources": [
            (
                RIETI,
                "Proposes joint development of cultural content through a Korea–Japan fund to spread soft power.",
            ),
            (
                EU_TREATY,
                "A researcher describes 'one source, multi-use' cooperation: a popular Korean webtoon made into a "
                "Japanese animation with a K-pop singer performing the theme song.",
            ),
        ],
        "milestones": [
            {
                "title": "Agree the fund's charter and governance",
                "owner": "member.choi",
                "due": -35,
                "weight": 2,
                "status": "approved",
                "submitted": -40,
                "decided": -34,
                "decided_by": "coord.sato",
                "note": "Charter approved; board seats split evenly.",
            },
            {
                "title": "First call for co-production proposals",
                "owner": "member.yamamoto",
                "due": -6,
                "weight": 2,
                "status": "in_progress",
            },
            {
                "title": "Select the first funded projects",
                "owner": "member.choi",
                "due": 120,
                "weight": 3,
                "status": "planned",
            },
            {
                "title": "Showcase at a content fair in each country",
                "owner": "member.yamamoto",
                "due": 330,
                "weight": 1,
                "status": "planned",
            },
        ],
    },
]

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
