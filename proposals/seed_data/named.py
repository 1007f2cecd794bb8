"""The five initiatives named by the people who asked for the site (see ``seed_data`` for the keys)."""

from datetime import date

from .common import ECONOMY_OWNERS, EU_TREATY, FKI, RIETI, SOCIETY_OWNERS

NAMED_INITIATIVES = [
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
        "owners": ECONOMY_OWNERS,
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
        "owners": ECONOMY_OWNERS,
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
                    {
                        "date": -60,
                        "value": "10",
                        "note": "Still unchanged: the step-up schedule is a draft.",
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
        "owners": SOCIETY_OWNERS,
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
        "owners": SOCIETY_OWNERS,
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
        "owners": SOCIETY_OWNERS,
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
]
