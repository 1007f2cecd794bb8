"""Read pages: dashboard, initiative list and page, review queue, working groups."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.models import Membership, User, WorkingGroup
from core.paging import first_rows, page_of

from .. import access, people, permissions, screens, selectors, sides
from .. import translations as texts
from ..forms import CommentForm, EvidenceForm, ProgressForm, ReviewQueueFilterForm, TransitionForm
from ..forms.assessments import AssessmentForm
from ..models import Digest, Follow, InitiativeOwner, Side
from .common import visible_initiative
from .domestic_steps import domestic_steps_context

PAGE_SIZE = 20


def initiative_abilities(user, initiative) -> dict[str, bool]:
    """Which buttons the user sees on an initiative; the services check again on every POST."""
    return {
        action: permissions.can(user, action, initiative)
        for action in (
            "edit_initiative",
            "change_status",
            "manage_owners",
            "edit_plan",
            "log_progress",
            "add_evidence",
            "submit",
            "review",
            "moderate",
            "publish",
            "comment",
            "follow",
            "assess",
        )
    }


@login_required
def dashboard(request):
    """What waits on the user and what moved on what they follow; a stakeholder (no group, nothing owned)
    sees what they follow: decisions, what falls due, changes of health, their latest digest."""
    user = request.user
    today = timezone.localdate()
    is_reviewer = permissions.is_reviewer(user)
    work = {bucket: list(rows) for bucket, rows in selectors.my_work(user=user, today=today).items()}
    language = request.LANGUAGE_CODE
    texts.attach_milestones((milestone for rows in work.values() for milestone in rows), language)
    queue = texts.attach_milestones(first_rows(selectors.review_queue(user=user), 10) if is_reviewer else [], language)
    # Someone with a group, an initiative or a milestone of their own; everyone else reads what they follow.
    works = bool(access.group_roles(user)) or any(work.values()) or InitiativeOwner.objects.filter(user=user).exists()
    context = {
        "nav": "dashboard",
        "today": today,
        "is_reviewer": is_reviewer,
        "works": works,
        "work": work,
        "queue": queue,
        "activity": texts.attach_to_activity(selectors.activity_for_follows(user=user, limit=20), language),
        "translations_to_review": texts.outdated_count(user) if works else 0,
    }
    if not works:
        decisions = selectors.activity_for_follows(user=user, limit=None).filter(verb__in=selectors.DECISION_VERBS)
        context["decisions"] = texts.attach_to_activity(decisions[:10], language)
        due_soon = selectors.followed_due_soon(user=user, today=today)[:10]
        context["due_soon"] = texts.attach_milestones(due_soon, language)
        context["latest_digest"] = Digest.objects.filter(user=user).order_by("-period_end").first()
    return render(request, "proposals/dashboard.html", context)


@login_required
def initiative_list(request):
    today = timezone.localdate()
    initiatives, filterset = selectors.initiative_list(user=request.user, params=request.GET)
    page = page_of(initiatives, request.GET.get("page"), PAGE_SIZE)
    rows = texts.attach(selectors.with_health_reasons(page.object_list), request.LANGUAGE_CODE)
    sides.with_standings(rows)
    query = request.GET.copy()
    query.pop("page", None)
    can_create = access.is_admin(request.user) or any(
        role == Membership.Role.COORDINATOR for role in access.group_roles(request.user).values()
    )
    return render(
        request,
        "proposals/initiative_list.html",
        {
            "nav": "initiatives",
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "today": today,
            "can_create": can_create,
            "status": 200 if filterset.is_valid() else 400,
        },
        status=200 if filterset.is_valid() else 400,
    )


def initiative_context(request, initiative_slug: str, **forms) -> dict:
    """Everything the initiative page shows; the action views reuse it to redisplay a form in place."""
    user = request.user
    today = timezone.localdate()
    initiative = selectors.initiative_detail(user=user, slug=initiative_slug)
    initiative.health_reason = selectors.health_reason(initiative)  # type: ignore[attr-defined]  # for the template
    can = initiative_abilities(user, initiative)
    comments, earlier_comments = screens.comments_screen(initiative=initiative, user=user, can_moderate=can["moderate"])
    activity, older_activity = screens.activity_screen(initiative=initiative)
    texts.attach_to_activity(activity, request.LANGUAGE_CODE)
    charts = {
        indicator.pk: {
            "labels": [reading.date.isoformat() for reading in indicator.readings.all()],
            "values": [float(reading.value) for reading in indicator.readings.all()],
            "target": float(indicator.target),
            "baseline": float(indicator.baseline),
            "unit": indicator.unit,
        }
        for indicator in initiative.indicators.all()
    }
    milestones = texts.attach(initiative.milestones.all(), request.LANGUAGE_CODE)
    texts.attach([initiative], request.LANGUAGE_CODE)
    shown_milestones, hidden_milestones = screens.milestone_screen(
        milestones, show_all=request.GET.get("milestones") == "all"
    )
    owners: dict[str, list[User]] = {"KR": [], "JP": []}
    for ownership in initiative.ownerships.all():
        owners.setdefault(ownership.side, []).append(ownership.user)
    context = {
        "nav": "initiatives",
        "initiative": initiative,
        "today": today,
        "can": can,
        "owners": owners,
        "milestones": milestones,
        "shown_milestones": shown_milestones,
        "hidden_milestones": hidden_milestones,
        "comments": comments,
        "earlier_comments": earlier_comments,
        "charts": charts,
        "activity": activity,
        "older_activity": older_activity,
        # Three forms share field names on one page: distinct ids keep each label on its own field.
        "comment_form": CommentForm(initiative=initiative, auto_id="comment_%s"),
        "evidence_form": EvidenceForm(initiative=initiative, auto_id="evidence_%s"),
        "progress_form": ProgressForm(initiative=initiative, auto_id="progress_%s"),
        "transition_form": TransitionForm(),
    }
    context.update(assessment_context(user, initiative, can_assess=can["assess"]))
    context.update(domestic_steps_context(user, initiative, milestones))
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


def assessment_context(user, initiative, *, can_assess: bool) -> dict:
    """The card "How each side sees it": both sides' readings, the latest few, the form for the user's side."""
    standing = sides.standing(initiative)
    latest = sides.latest_assessments(initiative=initiative)
    side = permissions.acting_side(user, initiative) if can_assess else None
    return {
        "assessment_standing": standing,
        "assessment_sides": [(reading, latest.get(reading.side)) for reading in standing.sides],
        "recent_assessments": list(selectors.assessment_history(initiative=initiative)[:5]),
        "assessment_form": AssessmentForm(auto_id="assessment_%s") if side else None,
        "assessing_side_label": Side(side).label if side else "",
    }


@login_required
def initiative_detail(request, slug):
    return render(request, "proposals/initiative_detail.html", initiative_context(request, slug))


@login_required
def review_queue(request):
    """The milestones waiting for the user's decision, a page at a time, by group and waiting time."""
    user = request.user
    groups = WorkingGroup.objects.order_by("name")
    if not access.is_admin(user):
        groups = groups.filter(
            pk__in=[pk for pk, role in access.group_roles(user).items() if role == Membership.Role.COORDINATOR]
        )
    filters = ReviewQueueFilterForm(request.GET or None, groups=groups)
    group = waiting = None
    if filters.is_valid():
        group, waiting = filters.cleaned_data["group"], filters.cleaned_data["waiting"]
    submitted_before = timezone.now() - datetime.timedelta(days=waiting) if waiting else None
    queue = selectors.review_queue(user=user, group=group, submitted_before=submitted_before)
    page = page_of(queue, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    extra = {}
    if group is None and submitted_before is None:
        # The whole queue: the menu's count is the paginator's, counted once.
        extra["review_queue_count"] = page.paginator.count
    return render(
        request,
        "proposals/review_queue.html",
        {
            **extra,
            "nav": "review",
            "filters": filters,
            "page": page,
            "milestones": texts.attach_milestones(page.object_list, request.LANGUAGE_CODE),
            "query": query.urlencode(),
            "transition_form": TransitionForm(),
        },
        status=400 if filters.errors else 200,
    )


@login_required
def group_list(request):
    groups = WorkingGroup.objects.order_by("name")
    followed = set(
        Follow.objects.filter(user=request.user, working_group__isnull=False).values_list("working_group_id", flat=True)
    )
    roles = access.group_roles(request.user)
    return render(
        request,
        "proposals/group_list.html",
        {
            "nav": "groups",
            "groups": [(group, roles.get(group.pk), group.pk in followed) for group in groups],
        },
    )


@login_required
def group_detail(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug)
    page = page_of(
        selectors.initiatives_visible_to(request.user).filter(working_group=group), request.GET.get("page"), PAGE_SIZE
    )
    initiatives = texts.attach(selectors.with_health_reasons(page.object_list), request.LANGUAGE_CODE)
    return render(
        request,
        "proposals/group_detail.html",
        {
            "nav": "groups",
            "group": group,
            "memberships": list(selectors.members_of_group(group=group)),
            "initiatives": initiatives,
            "page": page,
            "activity": texts.attach_to_activity(
                selectors.activity_for_group(user=request.user, group=group, limit=30), request.LANGUAGE_CODE
            ),
            "is_following": Follow.objects.filter(user=request.user, working_group=group).exists(),
            "can_create": permissions.can(request.user, "create_initiative", group),
            "can_manage_webhooks": permissions.can(request.user, "manage_webhooks", group),
        },
    )


@login_required
def people_search(request):
    """Suggestions for a person field (htmx): ``<option>`` elements for its ``<datalist>``."""
    field = request.GET.get("field", "q")
    initiative = None
    if request.GET.get("initiative"):
        # People for a person field of an initiative: only who may read it (404 if the user may not).
        initiative = visible_initiative(request.user, request.GET["initiative"][:200])
    suggested = people.people_matching(text=request.GET.get(field, "")[:150], initiative=initiative)
    return render(request, "includes/people_options.html", {"people": suggested})


@login_required
def person_detail(request, username):
    """Who a person is (side, organisation, groups) and what they did that the reader may read."""
    person = get_object_or_404(User, username=username, is_active=True)
    return render(
        request,
        "proposals/person_detail.html",
        {
            "person": person,
            "memberships": list(people.groups_of(person=person)),
            "activity": texts.attach_to_activity(
                people.activity_by(user=request.user, person=person), request.LANGUAGE_CODE
            ),
        },
    )


@login_required
def initiative_comments(request, slug):
    """Earlier comments of an initiative, a screen at a time (htmx: "Show earlier comments")."""
    initiative = visible_initiative(request.user, slug)
    comments, earlier = screens.comments_screen(
        initiative=initiative,
        user=request.user,
        can_moderate=permissions.can(request.user, "moderate", initiative),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "proposals/_comments_screen.html",
        {
            "initiative": initiative,
            "comments": comments,
            "earlier_comments": earlier,
            "can": {"moderate": permissions.can(request.user, "moderate", initiative)},
        },
    )


@login_required
def initiative_milestones(request, slug):
    """Every milestone of an initiative, for the page's "Show all milestones" (htmx)."""
    user = request.user
    initiative = selectors.initiative_detail(user=user, slug=slug)
    milestones = texts.attach(initiative.milestones.all(), request.LANGUAGE_CODE)
    return render(
        request,
        "proposals/_milestone_timeline.html",
        {
            "initiative": initiative,
            "can": initiative_abilities(user, initiative),
            "milestones": milestones,
            "shown_milestones": milestones,
            "hidden_milestones": 0,
        },
    )


@login_required
def initiative_activity(request, slug):
    """Older activity of an initiative, a screen at a time (htmx: "Show older activity")."""
    initiative = visible_initiative(request.user, slug)
    activity, older = screens.activity_screen(initiative=initiative, before=request.GET.get("before"))
    texts.attach_to_activity(activity, request.LANGUAGE_CODE)
    return render(
        request,
        "proposals/_activity_screen.html",
        {
            "initiative": initiative,
            "activity": activity,
            "older_activity": older,
        },
    )
