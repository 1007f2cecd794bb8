"""The other proposals on the economy and security (see ``seed_data`` for the keys)."""

from .common import (
    ECONOMY_OWNERS,
    EDITORIAL,
    EU_TREATY,
    FKI,
    RIETI,
    SOCIETY_OWNERS,
    WHITELIST,
    demo_tallies,
)

ECONOMY_INITIATIVES = [
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
        "owners": SOCIETY_OWNERS,
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
        "owners": ECONOMY_OWNERS,
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
                    *demo_tallies("member.tanaka", (-140, "66"), (-80, "64"), (-25, "61")),
                ],
            },
            {
                "name": "Dependency on China: rare earths",
                "unit": "%",
                "baseline": "70",
                "target": "50",
                "readings": [
                    {"date": -200, "value": "70", "note": "Seminar handout figure.", "recorded_by": "member.tanaka"},
                    *demo_tallies("member.tanaka", (-140, "70"), (-80, "68"), (-25, "66")),
                ],
            },
            {
                "name": "Dependency on China: germanium",
                "unit": "%",
                "baseline": "93",
                "target": "70",
                "readings": [
                    {"date": -200, "value": "93", "note": "Seminar handout figure.", "recorded_by": "member.tanaka"},
                    *demo_tallies("member.tanaka", (-140, "92"), (-80, "91"), (-25, "89")),
                ],
            },
            {
                "name": "Dependency on China: gallium",
                "unit": "%",
                "baseline": "98",
                "target": "75",
                "readings": [
                    {"date": -200, "value": "98", "note": "Seminar handout figure.", "recorded_by": "member.tanaka"},
                    *demo_tallies("member.tanaka", (-140, "98"), (-80, "97"), (-25, "95")),
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
        "owners": ECONOMY_OWNERS,
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
        "owners": ECONOMY_OWNERS,
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
        "owners": ECONOMY_OWNERS,
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
        "owners": ECONOMY_OWNERS,
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
        "owners": ECONOMY_OWNERS,
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
]
