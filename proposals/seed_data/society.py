"""The other proposals on science, technology, people and culture (see ``seed_data`` for the keys)."""

from .common import EDITORIAL, EU_TREATY, RIETI, SOCIETY_OWNERS, demo_tallies

SOCIETY_INITIATIVES = [
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
        "owners": SOCIETY_OWNERS,
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
                    *demo_tallies("member.yamamoto", (-160, "1.3"), (-70, "1.6"), (-15, "1.8")),
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
        "owners": SOCIETY_OWNERS,
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
        "owners": SOCIETY_OWNERS,
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
        "owners": SOCIETY_OWNERS,
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
        "owners": SOCIETY_OWNERS,
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
        "owners": SOCIETY_OWNERS,
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
