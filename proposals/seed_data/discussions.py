"""A few discussions on the named initiatives, with mentions, dated days back (see ``seed_data``).

Each comment: the initiative's slug, its author, the day offset when it was written, the Markdown body and,
optionally, the milestone it is about. Mentions reach only people who may read the initiative.
"""

DISCUSSIONS = [
    {
        "initiative": "economic-security-council",
        "author": "member.tanaka",
        "day": -9,
        "milestone": "Options paper on a supply-chain stabilization fund",
        "body": "The options paper is late because the fund's governance section needs both finance "
        "ministries. @member.park, could your side confirm who drafts the Korean part?",
    },
    {
        "initiative": "economic-security-council",
        "author": "member.park",
        "day": -8,
        "milestone": "Options paper on a supply-chain stabilization fund",
        "body": "Confirmed: our finance ministry drafts the Korean part by the end of next week. "
        "@coord.kim, please keep the review slot in the council calendar.",
    },
    {
        "initiative": "currency-swap-expansion",
        "author": "coord.sato",
        "day": -4,
        "body": "Both central banks have the draft step-up schedule. **Open question:** whether the "
        "second step needs a separate approval. @member.tanaka will check with the legal team.",
    },
    {
        "initiative": "student-exchange-erasmus",
        "author": "member.choi",
        "day": -2,
        "body": "Twelve universities answered the credit-recognition survey so far. "
        "@member.yamamoto, do you have the Japanese responses in one sheet yet?",
    },
]
