"""Names the seed modules share: the seed documents and the owners of each family of initiatives."""

from proposals.models import SeedDocument

FKI = SeedDocument.FKI_REPORT.value
WHITELIST = SeedDocument.WHITELIST_NEWS.value
EU_TREATY = SeedDocument.EU_TREATY.value
RIETI = SeedDocument.RIETI_HANDOUT.value
EDITORIAL = SeedDocument.AI_EDITORIAL.value

ECONOMY_OWNERS = [("member.park", "KR"), ("member.tanaka", "JP")]
SOCIETY_OWNERS = [("member.choi", "KR"), ("member.yamamoto", "JP")]
