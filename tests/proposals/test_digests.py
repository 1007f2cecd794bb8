"""Digests: periods, content per section, visibility, language and time zone, delivery once, the site's copy."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from proposals import digests, figures, services
from proposals.digests import content as digest_content
from proposals.digests import periods
from proposals.models import Activity, Digest, Follow, Milestone
from tests import factories
from tests.mailbox import CountingBackend, html_of, mails_to

UTC = datetime.UTC
S = Milestone.Status


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


# Monday 30 November 2026, 08:00 in Seoul and Tokyo (UTC+9).
SEOUL_END = utc(2026, 11, 29, 23)
SEOUL_START = utc(2026, 11, 22, 23)
BEFORE = utc(2026, 11, 20, 0)
DURING = utc(2026, 11, 25, 3)
AT = utc(2026, 11, 30, 0, 30)  # the dispatcher run after Seoul's Monday 08:00


@dataclass
class Week:
    group: object
    coordinator: object
    member: object
    reader: object
    initiative: object
    restricted: object
    milestones: dict
    indicator: object


def make_reader(username="reader.lee", **fields):
    defaults = {"time_zone": "Asia/Seoul", "language": "en", "digest_frequency": "weekly"}
    return factories.UserFactory(username=username, display_name=username.title(), **{**defaults, **fields})


@pytest.fixture
def week(world) -> Week:
    """A week of activity on the world's initiative that its stakeholder, in Seoul, follows (directly and
    through its group)."""
    # Only the stakeholder takes digests here, so delivery tests count their mails alone.
    User.objects.exclude(pk=world.stakeholder.pk).update(digest_frequency="off")
    User.objects.filter(pk=world.stakeholder.pk).update(time_zone="Asia/Seoul", language="en")
    User.objects.filter(pk=world.coordinator.pk).update(display_name="Kim")
    User.objects.filter(pk=world.member.pk).update(display_name="Park")
    coordinator, member, reader = (
        User.objects.get(pk=user.pk) for user in (world.coordinator, world.member, world.stakeholder)
    )
    group, initiative, restricted = world.group, world.initiative, world.restricted
    with time_machine.travel(BEFORE, tick=False):
        factories.FollowFactory(user=reader, initiative=initiative)
        factories.FollowFactory(user=reader, initiative=None, working_group=group)

        def milestone(title, status, due, on=initiative):
            return factories.MilestoneFactory(initiative=on, title=title, status=status, due_date=due, owner=member)

        milestones = {
            "approve": milestone("Technical review", S.IN_PROGRESS, datetime.date(2027, 1, 20)),
            "change": milestone("Drawing conditions", S.IN_PROGRESS, datetime.date(2027, 1, 21)),
            "wait": milestone("Step-up schedule", S.IN_PROGRESS, datetime.date(2027, 1, 22)),
            "soon": milestone("Central bank letters", S.PLANNED, datetime.date(2026, 12, 5)),
            "late": milestone("Legal opinion", S.IN_PROGRESS, datetime.date(2026, 11, 21)),
            "secret": milestone("Export list", S.IN_PROGRESS, datetime.date(2027, 1, 23), on=restricted),
        }
        indicator = factories.IndicatorFactory(
            initiative=initiative, name="Swap line", unit="USD billion", current_value=12
        )
    with time_machine.travel(DURING, tick=False):
        for key in ("approve", "change", "wait", "secret"):
            services.submit_milestone(milestone=milestones[key], actor=member)
        services.approve_milestone(
            milestone=milestones["approve"], actor=coordinator, note="Signed by both ministries."
        )
        services.request_changes(milestone=milestones["change"], actor=coordinator, note="Add the annex.")
        services.approve_milestone(milestone=milestones["secret"], actor=coordinator)
        services.add_evidence(
            initiative=initiative,
            actor=member,
            url="https://example.org/press",
            title="Ministry press release",
            kind="official",
        )
        services.change_initiative_status(initiative=initiative, actor=coordinator, status="on_hold")
        services.add_reading(indicator=indicator, actor=member, date=datetime.date(2026, 11, 24), value=15)
        services.add_comment(initiative=initiative, actor=member, body="Minutes are attached.")
        services.add_comment(initiative=restricted, actor=coordinator, body="Not for stakeholders.")
        services.add_comment(initiative=initiative, actor=reader, body="My own question.")
    with time_machine.travel(DURING + datetime.timedelta(hours=5), tick=False):
        services.add_comment(initiative=initiative, actor=coordinator, body="@reader.lee can you confirm the figure?")
    with time_machine.travel(SEOUL_END + datetime.timedelta(hours=1), tick=False):
        services.add_comment(initiative=initiative, actor=member, body="Too late for this week.")
    return Week(group, coordinator, member, reader, initiative, restricted, milestones, indicator)


def content_for(user, start=SEOUL_START, end=SEOUL_END) -> dict:
    with time_machine.travel(AT, tick=False):
        return digests.build_contents([user], period_end=end, starts={user.pk: start})[user.pk]


def titles(items) -> list[str]:
    return [item["milestone"]["title"] for item in items]


# --- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time_zone", "frequency", "at", "period_end"),
    [
        ("Asia/Seoul", "weekly", utc(2026, 12, 1, 0), utc(2026, 11, 29, 23)),
        ("Asia/Seoul", "weekly", utc(2026, 11, 29, 22, 59), utc(2026, 11, 22, 23)),
        ("Asia/Tokyo", "daily", utc(2026, 11, 25, 22, 0), utc(2026, 11, 24, 23)),
        ("Asia/Tokyo", "daily", utc(2026, 11, 25, 23, 0), utc(2026, 11, 25, 23)),
        # UTC+14: Monday 08:00 there is Sunday 18:00 UTC.
        ("Pacific/Kiritimati", "weekly", utc(2026, 11, 29, 18), utc(2026, 11, 29, 18)),
        ("Pacific/Kiritimati", "daily", utc(2026, 11, 29, 17, 59), utc(2026, 11, 28, 18)),
        # UTC−11: Monday 08:00 there is Monday 19:00 UTC.
        ("Pacific/Pago_Pago", "weekly", utc(2026, 11, 30, 18, 59), utc(2026, 11, 23, 19)),
        ("Pacific/Pago_Pago", "weekly", utc(2026, 11, 30, 19), utc(2026, 11, 30, 19)),
        ("UTC", "weekly", utc(2026, 11, 30, 8), utc(2026, 11, 30, 8)),
    ],
)
def test_period_ends_at_the_last_local_0800_monday_for_weekly(time_zone, frequency, at, period_end):
    assert digests.period_end_for(at, time_zone, frequency) == period_end


def test_period_starts_where_the_previous_digest_ended():
    previous = utc(2026, 11, 20, 23)  # a daily digest, before the reader switched to weekly
    assert digests.period_start_for(SEOUL_END, "Asia/Seoul", "weekly", previous) == previous


def test_first_period_is_one_week_or_one_day_long():
    assert digests.period_start_for(SEOUL_END, "Asia/Seoul", "weekly", None) == SEOUL_START
    assert digests.period_start_for(SEOUL_END, "Asia/Seoul", "daily", None) == utc(2026, 11, 28, 23)


def test_long_pause_starts_one_period_back_not_at_the_old_digest():
    long_ago = SEOUL_END - datetime.timedelta(days=90)
    assert digests.period_start_for(SEOUL_END, "Asia/Seoul", "weekly", long_ago) == SEOUL_START


def test_only_readers_whose_0800_has_come_are_due(db):
    seoul, tokyo, london, pago = (
        make_reader("r.seoul"),
        make_reader("r.tokyo", time_zone="Asia/Tokyo"),
        make_reader("r.london", time_zone="Europe/London"),
        make_reader("r.pago", time_zone="Pacific/Pago_Pago"),
    )
    for user in (seoul, tokyo, london, pago):  # everyone had last week's digest
        end = digests.period_end_for(utc(2026, 11, 29, 0), user.time_zone, "weekly")
        factories.DigestFactory(user=user, period_start=end - datetime.timedelta(days=7), period_end=end, sent_at=end)
    factories.UserFactory(username="off", digest_frequency="off")
    due = digests.due_readers(utc(2026, 11, 29, 23, 30))
    assert {row["id"] for row in due} == {seoul.pk, tokyo.pk}
    assert {row["period_end"] for row in due} == {SEOUL_END}


def test_due_readers_is_one_query(db, django_assert_num_queries):
    for i in range(5):
        make_reader(f"r{i}", time_zone=["Asia/Seoul", "UTC", "Pacific/Kiritimati"][i % 3])
    with django_assert_num_queries(1):
        digests.due_readers(AT)


def test_reader_with_a_digest_for_the_period_is_not_due_again(db):
    reader = make_reader()
    factories.DigestFactory(user=reader, period_start=SEOUL_START, period_end=SEOUL_END, sent_at=SEOUL_END)
    assert digests.due_readers(AT) == []


def test_unsent_digest_is_due_again_once_its_task_must_have_died(db):
    reader = make_reader()
    with time_machine.travel(AT, tick=False):
        factories.DigestFactory(user=reader, period_start=SEOUL_START, period_end=SEOUL_END, content={"x": 1})
    assert digests.due_readers(AT + datetime.timedelta(minutes=1)) == []
    assert [row["id"] for row in digests.due_readers(AT + periods.STALE_AFTER)] == [reader.pk]


# --- content ---------------------------------------------------------------------------------------


def test_approved_milestones_with_the_note(week):
    items = content_for(week.reader)["sections"]["approved"]
    assert titles(items) == ["Technical review"]
    assert items[0]["note"] == "Signed by both ministries." and items[0]["actor"] == "Kim"


def test_submitted_milestones_awaiting_review(week):
    assert titles(content_for(week.reader)["sections"]["awaiting_review"]) == ["Step-up schedule"]


def test_changes_requested_with_the_note(week):
    items = content_for(week.reader)["sections"]["changes_requested"]
    assert titles(items) == ["Drawing conditions"] and items[0]["note"] == "Add the annex."


def test_milestones_due_in_the_next_14_days_counted_from_the_readers_day(week):
    items = content_for(week.reader)["sections"]["due_soon"]
    assert [(i["milestone"]["title"], i["days"]) for i in items] == [("Central bank letters", 5)]


def test_overdue_milestones(week):
    items = content_for(week.reader)["sections"]["overdue"]
    assert [(i["milestone"]["title"], i["days"]) for i in items] == [("Legal opinion", 9)]


def test_new_evidence(week):
    items = content_for(week.reader)["sections"]["evidence"]
    assert [(i["title"], i["url"], i["kind"]) for i in items] == [
        ("Ministry press release", "https://example.org/press", "official")
    ]


def test_status_and_indicator_changes_old_to_new(week):
    changes = {item["change"]: item for item in content_for(week.reader)["sections"]["changes"]}
    assert (changes["status"]["old"], changes["status"]["new"]) == ("active", "on_hold")
    assert changes["indicator"]["name"] == "Swap line"
    assert float(changes["indicator"]["old"]) == 12 and float(changes["indicator"]["new"]) == 15


def quantum_mou(week, due=datetime.date(2026, 11, 26)):
    """An initiative of the followed group whose one milestone falls overdue on Friday 27 November (Seoul)."""
    with time_machine.travel(BEFORE, tick=False):
        drifting = factories.InitiativeFactory(title="Quantum MOU", slug="quantum", working_group=week.group)
        milestone = factories.MilestoneFactory(
            initiative=drifting, title="Sign the MOU", status=S.IN_PROGRESS, due_date=due, owner=week.member
        )
    return milestone


def refresh_figures_on(*days):
    """The hourly refresh of stored health, at 10:00 in Seoul on each of these November days."""
    for day in days:
        with time_machine.travel(utc(2026, 11, day, 1), tick=False):
            figures.refresh_all()


def health_changes(content, title="Quantum MOU") -> list[tuple]:
    return [
        (i["initiative"]["title"], i["old"], i["new"])
        for i in content["sections"]["changes"]
        if i["change"] == "health" and i["initiative"]["title"] == title
    ]


def test_health_change_in_the_period_is_read_from_activity_once_old_to_new(week):
    quantum_mou(week)
    refresh_figures_on(24, 26, 27, 28)
    assert (
        Activity.objects.filter(verb=Activity.Verb.INITIATIVE_HEALTH_CHANGED, initiative__slug="quantum").count() == 1
    )
    content = content_for(week.reader)
    assert health_changes(content) == [("Quantum MOU", "at_risk", "off_track")]
    message = digests.render_digest(week.reader, content=content, frequency="weekly", digest_id=1)
    assert message.text.count("- Quantum MOU: health At risk → Off track\n") == 1
    assert message.html.count("Quantum MOU</a>: health At risk → <strong>Off track</strong>") == 1


def test_health_that_changed_and_changed_back_in_the_period_is_not_listed(week):
    milestone = quantum_mou(week)
    refresh_figures_on(27)
    with time_machine.travel(utc(2026, 11, 28, 1), tick=False):
        services.replan_milestone(milestone=milestone, actor=week.member, due_date=datetime.date(2026, 12, 4))
    assert health_changes(content_for(week.reader)) == []


def test_health_change_after_the_period_waits_for_the_next_digest(week):
    quantum_mou(week, due=datetime.date(2026, 11, 30))
    refresh_figures_on(27, 28)
    with time_machine.travel(utc(2026, 12, 1, 1), tick=False):
        figures.refresh_all()
    assert health_changes(content_for(week.reader)) == []


def test_overdue_is_the_milestones_state_when_the_digest_is_built(week):
    """Approved after the period's end but before the digest was built: no longer a late milestone to chase."""
    with time_machine.travel(SEOUL_END + datetime.timedelta(minutes=10), tick=False):
        services.submit_milestone(milestone=week.milestones["late"], actor=week.member)
        services.approve_milestone(milestone=week.milestones["late"], actor=week.coordinator)
    assert titles(content_for(week.reader)["sections"]["overdue"]) == []


def test_discussion_lists_mentions_of_me_first(week):
    items = content_for(week.reader)["sections"]["discussion"]
    assert [(i["excerpt"], i["mentions_me"]) for i in items] == [
        ("@reader.lee can you confirm the figure?", True),
        ("Minutes are attached.", False),
    ]


def test_readers_own_actions_are_left_out(week):
    excerpts = [i["excerpt"] for i in content_for(week.reader)["sections"]["discussion"]]
    assert "My own question." not in excerpts


def test_activity_after_the_period_waits_for_the_next_digest(week):
    excerpts = [i["excerpt"] for i in content_for(week.reader)["sections"]["discussion"]]
    assert "Too late for this week." not in excerpts


def test_hidden_comment_is_left_out(week):
    comment = week.initiative.comments.get(body="Minutes are attached.")
    services.hide_comment(comment=comment, actor=week.coordinator)
    excerpts = [i["excerpt"] for i in content_for(week.reader)["sections"]["discussion"]]
    assert "Minutes are attached." not in excerpts


def test_restricted_initiative_is_left_out_for_a_stakeholder_following_its_group(week):
    content = content_for(week.reader)
    slugs = {item["initiative"]["slug"] for items in content["sections"].values() for item in items}
    assert "whitelist" not in slugs and "currency-swap" in slugs


def test_restricted_initiative_reaches_a_group_member_who_follows_the_group(week):
    Follow.objects.create(user=week.member, working_group=week.group)
    content = content_for(week.member)
    assert "Export list" in titles(content["sections"]["approved"])
    assert "Not for stakeholders." in [i["excerpt"] for i in content["sections"]["discussion"]]


def test_restricted_initiative_reaches_an_admin(world, week):
    Follow.objects.create(user=world.admin, working_group=week.group)
    assert "Export list" in titles(content_for(world.admin)["sections"]["approved"])


def test_awaiting_review_reaches_a_coordinator_who_follows_nothing(world, week):
    items = content_for(world.other_coordinator)["sections"]["awaiting_review"]
    assert titles(items) == ["Step-up schedule"] and items[0]["for_my_review"] is True


def test_decision_on_my_milestone_reaches_me_without_following(week):
    Follow.objects.filter(user=week.member).delete()
    items = content_for(week.member)["sections"]["approved"]
    assert [(i["milestone"]["title"], i["mine"]) for i in items] == [("Technical review", True), ("Export list", True)]


def test_a_status_i_changed_myself_is_left_out_but_others_changes_are_not(week):
    Follow.objects.get_or_create(user=week.coordinator, initiative=week.initiative)
    changes = {i["change"] for i in content_for(week.coordinator)["sections"]["changes"]}
    assert "status" not in changes and "indicator" in changes


def overdue_milestones(week, count):
    with time_machine.travel(BEFORE, tick=False):
        for n in range(count):
            factories.MilestoneFactory(
                initiative=week.initiative,
                title=f"Annex {n:02d}",
                status=S.PLANNED,
                due_date=datetime.date(2026, 11, 1) + datetime.timedelta(days=n),
                owner=week.member,
            )


def test_a_long_section_lists_its_first_items_and_counts_the_rest(week):
    overdue_milestones(week, digest_content.SHOWN + 2)
    content = content_for(week.reader)
    listed = titles(content["sections"]["overdue"])
    assert len(listed) == digest_content.SHOWN and listed[:2] == ["Annex 00", "Annex 01"]  # the longest overdue first
    assert content["counts"]["overdue"] == digest_content.SHOWN
    assert content["totals"]["overdue"] == digest_content.SHOWN + 3  # and "Legal opinion"


def test_a_long_section_reads_and_n_more_with_a_link_to_the_site(week, settings):
    settings.SITE_URL = "https://tracker.example.org"
    overdue_milestones(week, digest_content.SHOWN + 2)
    message = digests.render_digest(week.reader, content=content_for(week.reader), frequency="weekly", digest_id=1)
    assert "and 3 more: https://tracker.example.org/initiatives/?health=off_track" in message.text
    assert '<a href="https://tracker.example.org/initiatives/?health=off_track">and 3 more</a>' in message.html
    assert "Annex 09" in message.text and "Annex 10" not in message.text


def test_a_short_section_has_no_and_n_more(week):
    message = digests.render_digest(week.reader, content=content_for(week.reader), frequency="weekly", digest_id=1)
    assert " more" not in message.text


def submissions_waiting(week, count):
    """``count`` milestones submitted by the member, a day apart from 1 November, still waiting for review."""
    with time_machine.travel(BEFORE, tick=False):
        return [
            factories.MilestoneFactory(
                initiative=week.initiative,
                title=f"Waiting {n:02d}",
                status=S.SUBMITTED,
                owner=week.member,
                submitted_by=week.member,
                due_date=datetime.date(2027, 2, 1),
                submitted_at=utc(2026, 11, 1) + datetime.timedelta(days=n),
            )
            for n in range(count)
        ]


def test_coordinators_review_queue_is_a_count_and_the_oldest_few(world, week):
    submissions_waiting(week, 12)
    content = content_for(world.other_coordinator)
    items = content["sections"]["awaiting_review"]
    assert titles(items) == [f"Waiting {n:02d}" for n in range(digest_content.SHOWN_FOR_REVIEW)]
    assert all(item["for_my_review"] for item in items)
    assert content["review_waiting"] == content["totals"]["awaiting_review"] == 13  # and "Step-up schedule"


def test_coordinators_own_submission_is_not_waiting_for_their_review(world, week):
    own = submissions_waiting(week, 1)[0]
    Milestone.objects.filter(pk=own.pk).update(submitted_by=world.other_coordinator)
    content = content_for(world.other_coordinator)
    [mine] = [item for item in content["sections"]["awaiting_review"] if item["milestone"]["id"] == own.pk]
    assert mine["for_my_review"] is False and content["review_waiting"] == 1


def test_review_queue_is_linked_not_listed_in_full(world, week, settings):
    settings.SITE_URL = "https://tracker.example.org"
    submissions_waiting(week, 12)
    message = digests.render_digest(
        world.other_coordinator, content=content_for(world.other_coordinator), frequency="weekly", digest_id=1
    )
    assert "13 milestones wait for your review: https://tracker.example.org/review/" in message.text
    assert "and 8 more: https://tracker.example.org/review/" in message.text
    assert '<a href="https://tracker.example.org/review/">Open the review queue</a>' in message.html
    assert "Waiting 04" in message.text and "Waiting 05" not in message.text


def test_reader_following_nothing_gets_an_empty_digest(week):
    nobody = make_reader("reader.kang")
    assert digests.is_empty(content_for(nobody))


# --- language and time zone ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "discussion", "period_end"),
    [
        ("en", "Milestones approved", "Discussion", "Nov. 30, 2026"),
        ("ko", "승인된 마일스톤", "토론", "2026년 11월 30일"),
        ("ja", "承認されたマイルストーン", "ディスカッション", "2026年11月30日"),
    ],
)
def test_digest_is_written_in_the_readers_language(week, catalogues, language, heading, discussion, period_end):
    week.reader.language = language
    message = digests.render_digest(week.reader, content=content_for(week.reader), frequency="weekly", digest_id=1)
    for body in (message.text, message.html):
        assert heading in body and discussion in body and period_end in body
        assert "Signed by both ministries." in body


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", "Weekly digest, November 23 – November 30"),
        ("ko", "주간 다이제스트, 11월 23일 – 11월 30일"),
        ("ja", "週次ダイジェスト（11月23日～11月30日）"),
    ],
)
def test_subject_names_the_week_in_the_readers_language(week, catalogues, language, subject):
    week.reader.language = language
    message = digests.render_digest(week.reader, content=content_for(week.reader), frequency="weekly", digest_id=1)
    assert message.subject == subject


@pytest.mark.parametrize(
    ("time_zone", "period_end", "includes_late_sunday_comment"),
    [
        ("Asia/Seoul", utc(2026, 11, 29, 23), True),
        ("Asia/Tokyo", utc(2026, 11, 29, 23), True),
        # Across the date line: Monday 08:00 comes 5 hours earlier in Kiritimati, 20 hours later in Pago Pago.
        ("Pacific/Kiritimati", utc(2026, 11, 29, 18), False),
        ("Pacific/Pago_Pago", utc(2026, 11, 30, 19), True),
    ],
)
def test_period_and_times_follow_the_readers_time_zone(week, time_zone, period_end, includes_late_sunday_comment):
    week.reader.time_zone = time_zone
    week.reader.save()
    with time_machine.travel(utc(2026, 11, 29, 20), tick=False):
        services.add_comment(initiative=week.initiative, actor=week.member, body="Sunday evening, UTC.")
    with time_machine.travel(utc(2026, 11, 30, 20), tick=False):
        digests.run(utc(2026, 11, 30, 20))
    digest = Digest.objects.get(user=week.reader)
    assert digest.period_end == period_end
    excerpts = [i["excerpt"] for i in digest.content["sections"]["discussion"]]
    assert ("Sunday evening, UTC." in excerpts) is includes_late_sunday_comment
    assert "– Nov. 30, 2026, 8 a.m." in digest.body_text  # the period's end, in the reader's own clock


# --- recording and sending -----------------------------------------------------------------------


def run_at(at=AT, frequency=None):
    with time_machine.travel(at, tick=False):
        return digests.run(at, frequency)


def test_digest_is_mailed_as_text_and_html_with_unsubscribe_headers(week, settings):
    settings.SITE_URL = "https://tracker.example.org"
    run_at()
    [message] = mails_to(week.reader)
    digest = Digest.objects.get(user=week.reader)
    assert message.subject == digest.subject and message.body == digest.body_text
    assert digest.body_html in html_of(message)
    for body in (message.body, html_of(message)):
        assert "Technical review" in body and "Ministry press release" in body
        assert f"https://tracker.example.org/digests/{digest.pk}/" in body
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<https://tracker.example.org/digests/unsubscribe/") and link.endswith("/>")
    token = digests.read_unsubscribe_token(link.split("/")[-2])
    assert (token.user_id, token.frequency, token.expired) == (week.reader.pk, digest.frequency, False)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_without_ids_from_a_sequence_digests_are_inserted_then_rendered_with_their_own_link(
    week, monkeypatch, settings
):
    settings.SITE_URL = "https://tracker.example.org"
    monkeypatch.setattr(digests.delivery, "_new_ids", lambda count: None)  # a database without sequences
    run_at()
    [message] = mails_to(week.reader)
    digest = Digest.objects.get(user=week.reader)
    assert f"https://tracker.example.org/digests/{digest.pk}/" in message.body and digest.body_html


def test_digest_is_recorded_before_it_is_sent(week, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "proposals.mail.send",
        lambda user, message, **kw: seen.append(Digest.objects.filter(user=user, sent_at__isnull=False).exists()),
    )
    run_at()
    assert seen and all(seen)


def test_empty_digest_is_stored_but_not_mailed(week):
    nobody = make_reader("reader.kang")
    outcome = run_at()
    digest = Digest.objects.get(user=nobody)
    assert digest.is_empty and digest.sent_at is None and digest.body_html
    assert mails_to(nobody) == []
    assert outcome.empty >= 1


def test_running_twice_sends_once(week):
    first, second = run_at(), run_at(AT + datetime.timedelta(hours=1))
    assert first.sent >= 1 and second.sent == 0
    assert len(mails_to(week.reader)) == 1
    assert Digest.objects.filter(user=week.reader).count() == 1


def test_a_retried_batch_sends_nothing_twice(week):
    [batch] = digests.plan_batches(AT)
    with time_machine.travel(AT, tick=False):
        digests.send_batch(batch.user_ids, batch.frequency, batch.period_end)
        digests.send_batch(batch.user_ids, batch.frequency, batch.period_end)
    assert len(mails_to(week.reader)) == 1


def test_next_digest_starts_where_this_one_ended(week):
    run_at()
    run_at(AT + datetime.timedelta(days=7))
    first, second = Digest.objects.filter(user=week.reader).order_by("period_start")
    assert second.period_start == first.period_end == SEOUL_END


def test_mail_failure_mid_batch_is_made_good_by_the_next_run(week, monkeypatch):
    readers = [week.reader] + [make_reader(f"reader.{i}") for i in range(4)]
    for user in readers[1:]:
        Follow.objects.create(user=user, initiative=week.initiative)
    real_send, calls = digests.delivery.mail.send, []

    def send_then_break(user, message, **kwargs):
        calls.append(user.pk)
        if len(calls) == 3:
            raise ConnectionError("mail server went away")
        real_send(user, message, **kwargs)

    monkeypatch.setattr(digests.delivery.mail, "send", send_then_break)
    assert run_at().failed == 1
    monkeypatch.setattr(digests.delivery.mail, "send", real_send)
    run_at(AT + periods.STALE_AFTER)
    run_at(AT + periods.STALE_AFTER + datetime.timedelta(hours=1))
    assert sorted(len(mails_to(user)) for user in readers) == [1] * len(readers)


def test_switching_digests_off_stops_the_next_one(week):
    week.reader.digest_frequency = "off"
    week.reader.save()
    run_at()
    assert mails_to(week.reader) == [] and not Digest.objects.filter(user=week.reader).exists()


# --- query budget --------------------------------------------------------------------------------


def readers_with_activity(week, count):
    users = [make_reader(f"budget.{count}.{i}", language=["en", "ko", "ja"][i % 3]) for i in range(count)]
    Follow.objects.bulk_create([Follow(user=u, initiative=week.initiative) for u in users])
    Follow.objects.bulk_create([Follow(user=u, working_group=week.group) for u in users[::2]])
    return [u.pk for u in users]


def test_building_a_batch_costs_the_same_queries_for_10_and_100_readers(week):
    small, large = readers_with_activity(week, 10), readers_with_activity(week, 100)
    with time_machine.travel(AT, tick=False):
        with CaptureQueriesContext(connection) as for_10:
            digests.record(small, "weekly", SEOUL_END)
        with CaptureQueriesContext(connection) as for_100:
            digests.record(large, "weekly", SEOUL_END)
    assert Digest.objects.filter(user_id__in=large).count() == 100
    assert len(for_10) == len(for_100) <= 12, [q["sql"][:80] for q in for_100]


def test_building_a_batch_costs_the_same_queries_however_much_is_in_scope(week):
    users = list(User.objects.filter(pk__in=readers_with_activity(week, 10)).order_by("pk"))

    def build() -> tuple[int, dict]:
        with time_machine.travel(AT, tick=False), CaptureQueriesContext(connection) as captured:
            contents = digests.build_contents(users, period_end=SEOUL_END, starts={u.pk: SEOUL_START for u in users})
        return len(captured), contents[users[0].pk]  # the first reader follows the group too

    before, small = build()
    with time_machine.travel(DURING, tick=False):
        for n in range(10):  # ten more initiatives in the followed group, each with a week of activity
            initiative = factories.InitiativeFactory(title=f"Extra {n}", slug=f"extra-{n}", working_group=week.group)
            milestone = factories.MilestoneFactory(
                initiative=initiative, status=S.IN_PROGRESS, owner=week.member, due_date=datetime.date(2026, 12, 1)
            )
            services.submit_milestone(milestone=milestone, actor=week.member)
            services.approve_milestone(milestone=milestone, actor=week.coordinator)
            services.add_evidence(
                initiative=initiative,
                actor=week.member,
                url=f"https://example.org/{n}",
                title=f"Minutes {n}",
                kind="minutes",
            )
            services.add_comment(initiative=initiative, actor=week.member, body=f"@{users[0].username} see this.")
            factories.MilestoneFactory(initiative=initiative, status=S.PLANNED, due_date=datetime.date(2026, 12, 2))
    after, large = build()
    assert large["totals"]["approved"] == small["totals"]["approved"] + 10
    assert large["totals"]["discussion"] == small["totals"]["discussion"] + 10
    assert before == after <= 7


# --- command ---------------------------------------------------------------------------------------


def test_send_digests_command_sends_and_summarises(week, capsys):
    make_reader("reader.kang")
    with time_machine.travel(AT, tick=False):
        call_command("send_digests", "--at", "2026-11-30T00:30:00", "--frequency", "weekly")
    assert "Sent 1 digest (1 empty, not mailed)." in capsys.readouterr().out
    assert len(mails_to(week.reader)) == 1


def test_send_digests_dry_run_writes_and_sends_nothing(week, capsys):
    with time_machine.travel(AT, tick=False):
        call_command("send_digests", "--at", "2026-11-30T09:30:00+09:00", "--dry-run")
    out = capsys.readouterr().out
    assert "reader.lee" in out and "approved 1" in out and "nothing was written" in out
    assert not Digest.objects.exists() and mail.outbox == []


# --- the site's copy and unsubscribing -----------------------------------------------------------


def test_owner_reads_the_site_copy(week, client):
    run_at()
    digest = Digest.objects.get(user=week.reader)
    client.force_login(week.reader)
    page = client.get(reverse("digests:detail", args=[digest.pk]))
    assert page.status_code == 200 and "Technical review" in page.content.decode()
    listing = client.get(reverse("digests:list"))
    assert reverse("digests:detail", args=[digest.pk]) in listing.content.decode()


def test_someone_elses_digest_is_not_found(week, client):
    run_at()
    digest = Digest.objects.get(user=week.reader)
    client.force_login(week.member)
    assert client.get(reverse("digests:detail", args=[digest.pk])).status_code == 404
    assert reverse("digests:detail", args=[digest.pk]) not in client.get(reverse("digests:list")).content.decode()


def test_signed_out_visitor_is_sent_to_sign_in_for_the_site_copy(week, client):
    run_at()
    digest = Digest.objects.get(user=week.reader)
    response = client.get(reverse("digests:detail", args=[digest.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_unsubscribe_link_asks_then_turns_digests_off_signed_out(db, client):
    reader = make_reader()
    url = reverse("digests:unsubscribe", args=[digests.unsubscribe_token(reader)])
    confirm = client.get(url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    reader.refresh_from_db()
    assert reader.digest_frequency == "weekly"
    assert client.post(url).status_code == 200
    reader.refresh_from_db()
    assert reader.digest_frequency == "off"


def test_one_click_unsubscribe_post_needs_no_csrf_token(db):
    from django.test import Client

    reader = make_reader()
    url = reverse("digests:unsubscribe", args=[digests.unsubscribe_token(reader)])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.digest_frequency == "off"


@pytest.mark.parametrize("forge", ["tampered", "other-salt", "garbage"])
def test_forged_unsubscribe_token_is_refused_and_changes_nothing(db, client, forge):
    from django.core import signing

    reader = make_reader()
    token = {
        "tampered": digests.unsubscribe_token(reader)[:-2] + "xx",
        "other-salt": signing.dumps({"u": reader.pk}, salt="something-else"),
        "garbage": "not-a-token",
    }[forge]
    url = reverse("digests:unsubscribe", args=[token])
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    reader.refresh_from_db()
    assert reader.digest_frequency == "weekly"


def test_a_batch_mails_over_one_connection_and_reopens_after_a_refusal(week, settings):
    settings.EMAIL_BACKEND = "tests.mailbox.CountingBackend"
    readers = [week.reader] + [make_reader(f"reader.{i}") for i in range(4)]
    for user in readers[1:]:
        Follow.objects.create(user=user, initiative=week.initiative)
    CountingBackend.opened, CountingBackend.refuse = 0, set()
    assert run_at().sent == len(readers)
    assert CountingBackend.opened == 1
    assert sorted(len(mails_to(user)) for user in readers) == [1] * len(readers)

    # Next week one address is refused: the others still go out, over a connection opened again after the refusal.
    for user in readers:
        Follow.objects.get_or_create(user=user, initiative=week.initiative)
    services.add_comment(initiative=week.initiative, actor=week.member, body="A second week.")
    CountingBackend.opened, CountingBackend.refuse = 0, {readers[2].email}
    outcome = run_at(AT + datetime.timedelta(days=7))
    assert (outcome.sent, outcome.failed) == (len(readers) - 1, 1)
    assert CountingBackend.opened == 2
