"""The one read rule and every way out of the product that must agree with it.

The shared world's cast × internal/restricted × every consumer: each consumer answers
"did this person get to see the initiative?" in its own terms (a page that
answers 200, a list that shows the title, a digest or an e-mail that names it,
an admin page that opens), and that answer must equal ``access.can_read``.
A new way out joins ``CONSUMERS`` here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import feed_tokens, tokens
from accounts.models import User
from proposals import access, notifications, people, permissions, reminders, selectors
from proposals import models as m
from proposals.digests import build_contents, delivery, render_digest
from proposals.services import add_comment, change_initiative_visibility, create_milestone
from proposals.webhooks import delivery as webhook_delivery
from tests import factories
from tests.conftest import World

CAST = ("admin", "coordinator", "member", "other_group_member", "owner", "stakeholder", "inactive")
VISIBILITIES = (m.Initiative.Visibility.INTERNAL, m.Initiative.Visibility.RESTRICTED)

# PRODUCT.md, "Who may do what": who reads a restricted initiative.
READS_RESTRICTED = {"admin", "coordinator", "member", "owner"}
TITLE = "Currency swap expansion"  # world.initiative, internal until a test restricts it


def _restrict(world: World, visibility: str) -> None:
    m.Initiative.objects.filter(pk=world.initiative.pk).update(visibility=visibility)
    world.initiative.refresh_from_db()


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


# Consumers: each returns whether ``user`` got to see the initiative through it ----------------------


def via_permissions(world: World, user: User) -> bool:
    try:
        permissions.require(_fresh(user), "view", m.Initiative.objects.get(pk=world.initiative.pk))
    except Exception:
        return False
    return True


def via_queryset(world: World, user: User) -> bool:
    return access.readable(m.Initiative.objects.all(), _fresh(user)).filter(pk=world.initiative.pk).exists()


def via_read_index(world: World, user: User) -> bool:
    return access.ReadIndex([_fresh(user)], [world.initiative]).can_read(user.pk, world.initiative.pk)


def via_list_selector(world: World, user: User) -> bool:
    queryset, _filters = selectors.initiative_list(user=_fresh(user), params={})
    return queryset.filter(pk=world.initiative.pk).exists()


def via_initiative_page(world: World, user: User) -> bool:
    return world.client(user).get(world.initiative.get_absolute_url()).status_code == 200


def via_list_page(world: World, user: User) -> bool:
    response = world.client(user).get(reverse("proposals:initiative-list"))
    return TITLE in response.content.decode()


def via_earlier_comments_and_activity(world: World, user: User) -> bool:
    factories.CommentFactory(
        initiative=world.initiative, author=world.coordinator, body="On the statute", body_html="<p>On the statute</p>"
    )
    client = world.client(user)
    comments = client.get(reverse("proposals:initiative-comments", args=[world.initiative.slug]))
    activity = client.get(reverse("proposals:initiative-activity", args=[world.initiative.slug]))
    assert comments.status_code == activity.status_code, "the two screens disagree"
    return comments.status_code == 200 and "On the statute" in comments.content.decode()


def _activity(world: World, **kwargs) -> m.Activity:
    fields = {"verb": m.Activity.Verb.INITIATIVE_EDITED, "details": {"changes": {}}, **kwargs}
    return factories.ActivityFactory(
        actor=world.other_coordinator, initiative=world.initiative, working_group=world.group, **fields
    )


def via_followed_activity(world: World, user: User) -> bool:
    factories.FollowFactory(user=user, initiative=world.initiative)
    activity = _activity(world)
    return activity in selectors.activity_for_follows(user=_fresh(user))


def via_group_activity(world: World, user: User) -> bool:
    activity = _activity(world)
    return activity in selectors.activity_for_group(user=_fresh(user), group=world.group)


def via_person_page(world: World, user: User) -> bool:
    """The page of the person who acted: their activity on the initiative, and its title, only if readable."""
    activity = _activity(world)
    response = world.client(user).get(reverse("proposals:person", args=[activity.actor.username]))
    listed = activity in response.context["activity"] if response.status_code == 200 else False
    assert listed == (TITLE in response.content.decode()), "the list and the page disagree"
    return listed


def via_follows_list(world: World, user: User) -> bool:
    follow = factories.FollowFactory(user=user, initiative=world.initiative)
    return selectors.follows_of(user=_fresh(user)).filter(pk=follow.pk).exists()


def via_digest(world: World, user: User) -> bool:
    factories.FollowFactory(user=user, initiative=world.initiative)
    _activity(
        world,
        verb=m.Activity.Verb.EVIDENCE_ADDED,
        details={"title": "Council minutes", "url": "https://example.org/minutes", "kind": "minutes"},
    )
    end = timezone.now() + datetime.timedelta(minutes=1)
    content = build_contents([_fresh(user)], period_end=end, starts={user.pk: end - datetime.timedelta(days=7)})
    return world.initiative.pk in delivery.initiative_ids_in(content[user.pk])


def _stored_digest(world: World, user: User) -> m.Digest:
    item = {
        "initiative": {"id": world.initiative.pk, "title": TITLE, "slug": world.initiative.slug},
        "milestone": None,
        "actor": "Author",
        "at": timezone.now().isoformat(),
        "title": "Council minutes",
        "url": "https://example.org/minutes",
        "kind": "minutes",
    }
    now = timezone.now()
    content = {
        "period": {"start": (now - datetime.timedelta(days=7)).isoformat(), "end": now.isoformat()},
        "sections": {"evidence": [item]},
        "counts": {"evidence": 1},
    }
    digest = factories.DigestFactory(user=user, content=content, is_empty=False)
    message = render_digest(user, content=content, frequency="weekly", digest_id=digest.pk)
    m.Digest.objects.filter(pk=digest.pk).update(
        subject=message.subject, body_text=message.text, body_html=message.html
    )
    digest.refresh_from_db()
    return digest


def via_digest_site_copy(world: World, user: User) -> bool:
    digest = _stored_digest(world, user)
    response = world.client(user).get(reverse("digests:detail", args=[digest.pk]))
    return response.status_code == 200 and TITLE in response.content.decode()


def via_digest_email(world: World, user: User) -> bool:
    digest = _stored_digest(world, user)
    for still_to_send in delivery.recheck([m.Digest.objects.select_related("user").get(pk=digest.pk)]):
        delivery.deliver(still_to_send)
    return any(TITLE in message.body for message in mail.outbox if user.email in message.to[0])


def via_reminder(world: World, user: User) -> bool:
    at = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    factories.MilestoneFactory(
        initiative=world.initiative,
        owner=user,
        title="Draft the council statute",
        due_date=at.date() + datetime.timedelta(days=4),
    )
    reminders.send_due(at)
    return any(TITLE in message.body for message in mail.outbox if user.email in message.to[0])


def via_notification(world: World, user: User) -> bool:
    comment = factories.CommentFactory(
        initiative=world.initiative, author=world.other_coordinator, body=f"@{user.username}"
    )
    activity = _activity(
        world,
        verb=m.Activity.Verb.COMMENT_ADDED,
        details={"comment_id": comment.pk, "mentioned_user_ids": [user.pk], "excerpt": "…"},
    )
    notifications.notify(activity.pk)
    return any(TITLE in message.body for message in mail.outbox if user.email in message.to[0])


def via_admin(world: World, user: User) -> bool:
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_initiative", "view_milestone"]))
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    client = world.client(user)
    change = client.get(reverse("admin:proposals_initiative_change", args=[world.initiative.pk]))
    listed = TITLE in client.get(reverse("admin:proposals_initiative_changelist")).content.decode()
    milestone_opens = client.get(reverse("admin:proposals_milestone_change", args=[milestone.pk])).status_code == 200
    assert listed == (change.status_code == 200) == milestone_opens, "the admin's pages disagree among themselves"
    return change.status_code == 200


def via_people_offered(world: World, user: User) -> bool:
    """Offered as a milestone's owner on the initiative (its readers, and the people search of its forms)."""
    initiative = m.Initiative.objects.get(pk=world.initiative.pk)
    offered = access.readers_of(initiative).filter(pk=user.pk).exists()
    suggested = user.username in {p.username for p in people.people_matching(text=user.username, initiative=initiative)}
    assert offered == suggested, "the search and the readers disagree"
    return offered


def _api(user: User) -> Client:
    _token, key = tokens.issue(user, name="oracle", read_only=True)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def via_api_list(world: World, user: User) -> bool:
    response = _api(user).get(reverse("api:initiative-list"), {"search": TITLE})
    return response.status_code == 200 and any(row["title"] == TITLE for row in response.json()["results"])


def via_api_detail(world: World, user: User) -> bool:
    response = _api(user).get(reverse("api:initiative-detail", args=[world.initiative.slug]))
    assert response.status_code in (200, 401, 404), response.content
    return response.status_code == 200


def _row_in_list_and_detail(world: World, user: User, basename: str, row_id: int) -> bool:
    """Whether ``user`` finds the row in the API list of ``basename`` (narrowed to the initiative); its detail
    must open exactly when the list shows it."""
    client = _api(user)
    listed = client.get(reverse(f"api:{basename}-list"), {"initiative": world.initiative.slug})
    in_list = listed.status_code == 200 and any(row["id"] == row_id for row in listed.json()["results"])
    opens = client.get(reverse(f"api:{basename}-detail", args=[row_id])).status_code == 200
    assert in_list == opens, f"the {basename} list and its detail disagree"
    return in_list


def via_api_milestones(world: World, user: User) -> bool:
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Oracle step")
    return _row_in_list_and_detail(world, user, "milestone", milestone.pk)


def via_api_activity(world: World, user: User) -> bool:
    factories.ActivityFactory(initiative=world.initiative, actor=world.member)
    response = _api(user).get(reverse("api:activity-list"), {"initiative": world.initiative.slug})
    return response.status_code == 200 and bool(response.json()["results"])


def via_api_comments(world: World, user: User) -> bool:
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member, body="Oracle remark")
    return _row_in_list_and_detail(world, user, "comment", comment.pk)


def via_api_follows(world: World, user: User) -> bool:
    factories.FollowFactory(user=user, initiative=world.initiative)
    response = _api(user).get(reverse("api:follow-list"))
    return response.status_code == 200 and any(
        row["initiative"] == world.initiative.slug for row in response.json()["results"]
    )


def via_webhook(world: World, user: User) -> bool:
    """A webhook of the initiative's group carries what its registrant may read: here, ``user``."""
    hook = m.Webhook.objects.create(
        working_group=world.group,
        url="http://127.0.0.1:9/oracle",
        secret="oracle-secret-0123456789",
        events=[m.WebhookEvent.COMMENT_ADDED],
        created_by=user,
    )
    add_comment(initiative=world.initiative, actor=world.coordinator, body="Oracle remark for webhooks")
    activity = m.Activity.objects.filter(verb=m.Activity.Verb.COMMENT_ADDED).latest("pk")
    to_send = webhook_delivery.fan_out(activity.pk)
    row = m.WebhookDelivery.objects.get(webhook=hook, activity=activity)
    assert bool(to_send) == webhook_delivery.deliverable(row), "the fan-out and the attempt's check disagree"
    return bool(to_send) and world.initiative.title in row.body


def via_calendar(world: World, user: User) -> bool:
    """The user's milestone calendar and the initiative's, opened by their feed key without signing in."""
    factories.FollowFactory(user=user, initiative=world.initiative)
    milestone = factories.MilestoneFactory(initiative=world.initiative, owner=user, title="Oracle due date")
    _token, key = feed_tokens.regenerate(user)
    mine = Client().get(reverse("proposals:feed-calendar", kwargs={"key": key}))
    its = Client().get(
        reverse("proposals:feed-initiative-calendar", kwargs={"key": key, "slug": world.initiative.slug})
    )
    listed = mine.status_code == 200 and f"milestone-{milestone.pk}@" in mine.content.decode()
    assert listed == (its.status_code == 200), "the two calendars disagree"
    return listed


def via_atom(world: World, user: User) -> bool:
    """The Atom feeds of what the user follows, of the initiative and of its group, opened by their feed key."""
    factories.FollowFactory(user=user, initiative=world.initiative)
    _activity(world)
    _token, key = feed_tokens.regenerate(user)
    client = Client()
    followed = client.get(reverse("proposals:feed-activity", kwargs={"key": key}))
    its = client.get(reverse("proposals:feed-initiative-activity", kwargs={"key": key, "slug": world.initiative.slug}))
    group = client.get(reverse("proposals:feed-group-activity", kwargs={"key": key, "slug": world.group.slug}))
    listed = followed.status_code == 200 and TITLE in followed.content.decode()
    in_group = group.status_code == 200 and TITLE in group.content.decode()
    assert listed == (its.status_code == 200) == in_group, "the activity feeds disagree"
    return listed


def _export(client: Client, url: str) -> tuple[int, bytes]:
    """An export's status and its whole body (streamed for a file, the page's for a refusal)."""
    response = client.get(url)
    return response.status_code, b"".join(response.streaming_content) if response.streaming else response.content


def via_csv_export(world: World, user: User) -> bool:
    """The initiatives list as CSV names it; its milestones' export answers exactly then."""
    client = world.client(user)
    status, content = _export(client, reverse("proposals:initiative-list-export", args=["csv"]))
    listed = status == 200 and TITLE in content.decode("utf-8-sig")
    its = _export(client, reverse("proposals:initiative-milestones-export", args=[world.initiative.slug, "csv"]))
    assert listed == (its[0] == 200), "the list's export and the initiative's disagree"
    return listed


def via_xlsx_export(world: World, user: User) -> bool:
    """The initiatives list as an Excel workbook names it; so does its group's activity export, exactly then."""
    import io

    import openpyxl

    def rows(url: str) -> list[tuple]:
        status, content = _export(client, url)
        if status != 200:
            return []
        return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    _activity(world, details={"note": "Oracle export"})
    client = world.client(user)
    listed = any(row[0] == TITLE for row in rows(reverse("proposals:initiative-list-export", args=["xlsx"])))
    group = rows(reverse("proposals:group-activity-export", args=[world.group.slug, "xlsx"]))
    assert listed == any(TITLE in row for row in group), "the list's export and the group's activity export disagree"
    return listed


def via_status_report(world: World, user: User) -> bool:
    """The status report of the initiative's working group, as a page: its block, and its title, only if readable."""
    response = world.client(user).get(reverse("proposals:status-report"), {"group": world.group.slug})
    if response.status_code != 200:
        return False
    listed = any(block.initiative.pk == world.initiative.pk for block in response.context["report"].blocks)
    assert listed == (TITLE in response.content.decode()), "the blocks and the page disagree"
    return listed


def via_api_assessments(world: World, user: User) -> bool:
    assessment = factories.AssessmentFactory(initiative=world.initiative, rationale="Oracle reading")
    return _row_in_list_and_detail(world, user, "assessment", assessment.pk)


def via_assessment_history(world: World, user: User) -> bool:
    factories.AssessmentFactory(initiative=world.initiative, rationale="Oracle reading")
    response = world.client(user).get(reverse("proposals:assessment-history", args=[world.initiative.slug]))
    assert response.status_code in (200, 302, 404), response.status_code
    return response.status_code == 200 and "Oracle reading" in response.content.decode()


def via_api_domestic_steps(world: World, user: User) -> bool:
    step = factories.DomesticStepFactory(initiative=world.initiative)
    return _row_in_list_and_detail(world, user, "domestic-step", step.pk)


def via_api_translations(world: World, user: User) -> bool:
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ja", title="Oracle title")
    client = _api(user)
    listed = client.get(reverse("api:initiative-translation-list", args=[world.initiative.slug]))
    in_list = listed.status_code == 200 and any(row["title"] == "Oracle title" for row in listed.json())
    opens = client.get(reverse("api:initiative-translation-detail", args=[world.initiative.slug, "ja"]))
    assert in_list == (opens.status_code == 200), "the translation list and its detail disagree"
    return in_list


CONSUMERS: dict[str, Callable[[World, User], bool]] = {
    "permissions": via_permissions,
    "queryset": via_queryset,
    "read_index": via_read_index,
    "list_selector": via_list_selector,
    "initiative_page": via_initiative_page,
    "list_page": via_list_page,
    "earlier_comments_and_activity": via_earlier_comments_and_activity,
    "followed_activity": via_followed_activity,
    "group_activity": via_group_activity,
    "follows_list": via_follows_list,
    "digest": via_digest,
    "digest_site_copy": via_digest_site_copy,
    "digest_email": via_digest_email,
    "reminder": via_reminder,
    "notification": via_notification,
    "admin": via_admin,
    "people_offered": via_people_offered,
    "api_list": via_api_list,
    "api_detail": via_api_detail,
    "api_milestones": via_api_milestones,
    "api_activity": via_api_activity,
    "api_comments": via_api_comments,
    "api_follows": via_api_follows,
    "webhook": via_webhook,
    "person_page": via_person_page,
    "status_report": via_status_report,
    "calendar": via_calendar,
    "atom": via_atom,
    "csv_export": via_csv_export,
    "xlsx_export": via_xlsx_export,
    "api_assessments": via_api_assessments,
    "assessment_history": via_assessment_history,
    "api_domestic_steps": via_api_domestic_steps,
    "api_translations": via_api_translations,
}


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("who", CAST)
def test_the_rule_is_the_products_matrix(world, who, visibility):
    _restrict(world, visibility)
    expected = who != "inactive" and (visibility == m.Initiative.Visibility.INTERNAL or who in READS_RESTRICTED)

    assert access.can_read(_fresh(world.user(who)), world.initiative) is expected


@pytest.mark.parametrize("consumer", CONSUMERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("who", CAST)
def test_every_way_out_agrees_with_the_rule(world, who, visibility, consumer):
    _restrict(world, visibility)
    user = world.user(who)
    expected = access.can_read(_fresh(user), world.initiative)

    assert CONSUMERS[consumer](world, user) is expected


# The reproductions of the security review ---------------------------------------------------------


def test_owner_who_lost_sight_of_the_initiative_gets_no_reminder(world):
    coordinator, stakeholder = world.coordinator, world.stakeholder
    at = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    create_milestone(
        initiative=world.initiative,
        actor=coordinator,
        title="Draft the council statute",
        due_date=at.date() + datetime.timedelta(days=4),
        owner=stakeholder,
    )
    change_initiative_visibility(
        initiative=world.initiative, actor=coordinator, visibility=m.Initiative.Visibility.RESTRICTED
    )

    reminders.send_due(at)

    assert not [message for message in mail.outbox if stakeholder.email in message.to[0]]
    assert not m.Reminder.objects.filter(recipient=stakeholder).exists()


def test_a_reminder_recorded_before_the_initiative_was_restricted_is_not_sent(world):
    stakeholder = world.stakeholder
    at = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, owner=stakeholder, due_date=at.date() + datetime.timedelta(days=4)
    )
    reminder = factories.ReminderFactory(milestone=milestone, recipient=stakeholder)
    change_initiative_visibility(
        initiative=world.initiative, actor=world.coordinator, visibility=m.Initiative.Visibility.RESTRICTED
    )

    reminders.send_due(at)

    reminder.refresh_from_db()
    assert reminder.sent_at is None
    assert not mail.outbox


def test_a_digest_recorded_before_the_initiative_was_restricted_leaves_it_out_when_sent(world):
    stakeholder = world.stakeholder
    factories.MembershipFactory(user=factories.UserFactory(), working_group=world.group)
    digest = _stored_digest(world, stakeholder)
    second = factories.InitiativeFactory(title="Youth exchange programme")
    digest.content["sections"]["evidence"].append(
        {
            **digest.content["sections"]["evidence"][0],
            "initiative": {"id": second.pk, "title": second.title, "slug": second.slug},
        }
    )
    m.Digest.objects.filter(pk=digest.pk).update(content=digest.content)
    change_initiative_visibility(
        initiative=world.initiative, actor=world.coordinator, visibility=m.Initiative.Visibility.RESTRICTED
    )

    still_to_send = delivery.recheck([m.Digest.objects.select_related("user").get(pk=digest.pk)])
    for row in still_to_send:
        delivery.deliver(row)

    (message,) = mail.outbox
    assert "Youth exchange programme" in message.body
    assert TITLE not in message.body
    digest.refresh_from_db()
    assert TITLE not in digest.body_html
    assert digest.content["counts"]["evidence"] == 1


# The public face: what anyone, signed out, reads (open data) -----------------------------------------


def via_open_data_page(world: World) -> bool:
    return TITLE in Client().get(reverse("open-data:list")).content.decode()


def via_open_data_json(world: World) -> bool:
    data = b"".join(Client().get(reverse("open-data:json")).streaming_content).decode()
    return TITLE in data


def via_open_data_csv(world: World) -> bool:
    data = b"".join(Client().get(reverse("open-data:csv")).streaming_content).decode("utf-8-sig")
    return TITLE in data


PUBLIC_CONSUMERS: dict[str, Callable[[World], bool]] = {
    "open_data_page": via_open_data_page,
    "open_data_json": via_open_data_json,
    "open_data_csv": via_open_data_csv,
}


@pytest.mark.parametrize("consumer", PUBLIC_CONSUMERS)
@pytest.mark.parametrize(
    ("visibility", "published"),
    [
        (m.Initiative.Visibility.INTERNAL, False),
        (m.Initiative.Visibility.INTERNAL, True),
        (m.Initiative.Visibility.RESTRICTED, False),
    ],
)
def test_every_public_way_out_agrees_with_the_public_face(world, consumer, visibility, published):
    m.Initiative.objects.filter(pk=world.initiative.pk).update(visibility=visibility, is_public=published)
    world.initiative.refresh_from_db()

    assert PUBLIC_CONSUMERS[consumer](world) is access.is_public(world.initiative) is published


@pytest.mark.parametrize("who", CAST)
def test_what_is_public_every_signed_in_reader_reads(world, who):
    m.Initiative.objects.filter(pk=world.initiative.pk).update(is_public=True)
    world.initiative.refresh_from_db()
    user = _fresh(world.user(who))

    assert access.is_public(world.initiative)
    assert access.can_read(user, world.initiative) is user.is_active
