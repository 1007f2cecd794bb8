"""Names the seed modules share: the seed documents and the owners of each family of initiatives."""

from proposals.models import SeedDocument

FKI = SeedDocument.FKI_REPORT.value
WHITELIST = SeedDocument.WHITELIST_NEWS.value
EU_TREATY = SeedDocument.EU_TREATY.value
RIETI = SeedDocument.RIETI_HANDOUT.value
EDITORIAL = SeedDocument.AI_EDITORIAL.value

ECONOMY_OWNERS = [("member.park", "KR"), ("member.tanaka", "JP")]
SOCIETY_OWNERS = [("member.choi", "KR"), ("member.yamamoto", "JP")]

# Readings after the one a seed document gives are the working group's own
# tallies in the demo, so the charts have a line to draw; each one says so.
DEMO_TALLY = "Working-group tally for the demo, not a published figure."


def demo_tallies(recorded_by: str, *points: tuple[int, str]) -> list[dict[str, object]]:
    """Readings at (day offset, value) recorded by one member, each marked as a demo tally."""
    return [{"date": day, "value": value, "note": DEMO_TALLY, "recorded_by": recorded_by} for day, value in points]
