"""A domestic step completed during the period shows in the followers' digests: "Japan completed: Cabinet decision"."""

import datetime

import time_machine

from proposals import digests, services
from proposals.models import Follow
from tests import factories

UTC = datetime.UTC
START = datetime.datetime(2026, 11, 22, 23, tzinfo=UTC)
END = datetime.datetime(2026, 11, 29, 23, tzinfo=UTC)
DURING = datetime.datetime(2026, 11, 25, 3, tzinfo=UTC)
AT = datetime.datetime(2026, 11, 30, 0, 30, tzinfo=UTC)


def test_a_step_completed_in_the_period_is_in_the_digest_once(world):
    reader = world.member
    Follow.objects.get_or_create(user=reader, initiative=world.initiative)
    with time_machine.travel(DURING, tick=False):
        step = services.add_domestic_step(
            initiative=world.initiative,
            actor=world.other_coordinator,
            side="JP",
            kind="cabinet_decision",
            title="Cabinet approval of the swap",
        )
        services.edit_domestic_step(step=step, actor=world.other_coordinator, note="Scheduled.")
        services.edit_domestic_step(step=step, actor=world.other_coordinator, status="done")
        open_step = factories.DomesticStepFactory(initiative=world.initiative, side="KR")
        services.edit_domestic_step(step=open_step, actor=world.owner, status="in_progress")
    with time_machine.travel(AT, tick=False):
        content = digests.build_contents([reader], period_end=END, starts={reader.pk: START})[reader.pk]
    done = [item for item in content["sections"]["changes"] if item["change"] == "domestic_step"]
    assert [(item["side"], item["kind"], item["title"]) for item in done] == [
        ("JP", "cabinet_decision", "Cabinet approval of the swap")
    ]
    message = digests.render_digest(reader, content=content, frequency="weekly", digest_id=1)
    assert "Currency swap expansion: Japan completed: Cabinet decision (Cabinet approval of the swap)" in message.text
