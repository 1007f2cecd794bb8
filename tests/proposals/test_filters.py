"""InitiativeFilter through selectors.initiative_list: each filter, each ordering, bad input."""

import datetime

import pytest
import time_machine
from django.http import QueryDict

from accounts.models import Membership
from proposals import figures, selectors
from proposals.filters import INITIATIVE_ORDERINGS, InitiativeFilter
from proposals.models import Activity, Initiative, Milestone
from tests import factories

TODAY = datetime.date(2026, 3, 10)
CURRENCY, ERASMUS, HYDROGEN, QUANTUM = "currency-swap", "erasmus", "hydrogen", "quantum-mou"


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def activity_at(initiative, day: int) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, day, 9, tzinfo=datetime.UTC), tick=False):
        Activity.objects.create(verb=Activity.Verb.INITIATIVE_EDITED, initiative=initiative)


@pytest.fixture
def catalogue(db):
    """Four initiatives that differ in every filtered and ordered attribute."""
    economy = factories.WorkingGroupFactory(name="Economic Security", slug="economic-security")
    people = factories.WorkingGroupFactory(name="People & Mobility", slug="people-mobility")
    science = factories.WorkingGroupFactory(name="Science & Technology", slug="science-technology")
    admin = factories.UserFactory(username="admin", is_superuser=True)
    kim = factories.UserFactory(username="kim")
    sato = factories.UserFactory(username="sato")
    factories.UserFactory(username="reader")
    factories.MembershipFactory(user=kim, working_group=science, role=Membership.Role.COORDINATOR)

    def initiative(slug, title, **fields):
        fields.setdefault("start_date", datetime.date(2025, 1, 1))
        return factories.InitiativeFactory(slug=slug, title=title, **fields)

    currency = initiative(
        CURRENCY,
        "Currency swap expansion",
        summary="From USD 10 bn to over USD 30 bn.",
        pillar="economy",
        status="active",
        working_group=economy,
        lead_side="KR",
        target_date=datetime.date(2026, 12, 31),
    )
    erasmus = initiative(
        ERASMUS,
        "Erasmus-style student exchange",
        summary="Modelled on the EU programme begun in 1987.",
        pillar="people_culture",
        status="proposed",
        working_group=people,
        lead_side="joint",
        target_date=datetime.date(2027, 6, 30),
    )
    quantum = initiative(
        QUANTUM,
        "Quantum technology MOU",
        summary="Between national research institutes.",
        pillar="science_technology",
        status="on_hold",
        working_group=science,
        lead_side="JP",
        target_date=None,
        visibility=Initiative.Visibility.RESTRICTED,
    )
    hydrogen = initiative(
        HYDROGEN,
        "Hydrogen cooperation",
        summary="Joint hydrogen supply chain.",
        pillar="economy",
        status="completed",
        working_group=economy,
        lead_side="joint",
        target_date=datetime.date(2026, 6, 1),
    )
    factories.InitiativeOwnerFactory(initiative=currency, user=kim, side="KR")
    factories.InitiativeOwnerFactory(initiative=erasmus, user=sato, side="JP")
    factories.InitiativeOwnerFactory(initiative=quantum, user=kim, side="KR")
    factories.InitiativeOwnerFactory(initiative=quantum, user=sato, side="JP")

    approved = Milestone.Status.APPROVED
    # currency: off track, progress 1/2
    factories.MilestoneFactory(initiative=currency, due_date=days(-40), status=approved)
    factories.MilestoneFactory(initiative=currency, due_date=days(-4))
    # erasmus: at risk, progress 0
    factories.MilestoneFactory(initiative=erasmus, due_date=days(5))
    # quantum: on track, progress 1
    factories.MilestoneFactory(initiative=quantum, due_date=days(-10), status=approved)
    # hydrogen: on track, progress 1/4
    factories.MilestoneFactory(initiative=hydrogen, due_date=days(-10), status=approved)
    factories.MilestoneFactory(initiative=hydrogen, due_date=days(60), weight=3)

    activity_at(currency, 5)
    activity_at(erasmus, 2)
    activity_at(erasmus, 9)
    activity_at(hydrogen, 1)
    figures.refresh_all(today=TODAY, record_changes=False)
    return admin


def listed(user, params) -> list[str]:
    queryset, filterset = selectors.initiative_list(user=user, params=params)
    assert filterset.is_valid(), filterset.errors
    return [initiative.slug for initiative in queryset]


def test_without_parameters_every_visible_initiative_is_listed_by_title(catalogue):
    assert listed(catalogue, {}) == [CURRENCY, ERASMUS, HYDROGEN, QUANTUM]


def test_params_may_be_none(catalogue):
    assert listed(catalogue, None) == [CURRENCY, ERASMUS, HYDROGEN, QUANTUM]


def test_the_list_applies_visibility_before_filters(catalogue):
    reader = factories.UserFactory(username="reader")
    assert listed(reader, {}) == [CURRENCY, ERASMUS, HYDROGEN]
    assert listed(reader, {"owner": "sato"}) == [ERASMUS]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"pillar": "economy"}, [CURRENCY, HYDROGEN]),
        ({"pillar": "science_technology"}, [QUANTUM]),
        ({"status": "on_hold"}, [QUANTUM]),
        ({"status": "dropped"}, []),
        ({"working_group": "people-mobility"}, [ERASMUS]),
        ({"working_group": "economic-security"}, [CURRENCY, HYDROGEN]),
        ({"lead_side": "joint"}, [ERASMUS, HYDROGEN]),
        ({"lead_side": "KR"}, [CURRENCY]),
        ({"health": "off_track"}, [CURRENCY]),
        ({"health": "at_risk"}, [ERASMUS]),
        ({"health": "on_track"}, [HYDROGEN, QUANTUM]),
        ({"owner": "kim"}, [CURRENCY, QUANTUM]),
        ({"owner": "sato"}, [ERASMUS, QUANTUM]),
        ({"owner": "reader"}, []),
        ({"q": "swap"}, [CURRENCY]),
        ({"q": "eu PROGRAMME"}, [ERASMUS]),
        ({"q": "hydrogen"}, [HYDROGEN]),
        ({"q": "   "}, [CURRENCY, ERASMUS, HYDROGEN, QUANTUM]),
        ({"pillar": "economy", "health": "on_track"}, [HYDROGEN]),
        ({"owner": "kim", "status": "active", "q": "USD"}, [CURRENCY]),
    ],
)
def test_each_filter_narrows_the_list(catalogue, params, expected):
    assert listed(catalogue, params) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", [CURRENCY, ERASMUS, HYDROGEN, QUANTUM]),
        ("-title", [QUANTUM, HYDROGEN, ERASMUS, CURRENCY]),
        ("target_date", [HYDROGEN, CURRENCY, ERASMUS, QUANTUM]),
        ("-target_date", [ERASMUS, CURRENCY, HYDROGEN, QUANTUM]),
        ("progress", [ERASMUS, HYDROGEN, CURRENCY, QUANTUM]),
        ("-progress", [QUANTUM, CURRENCY, HYDROGEN, ERASMUS]),
        ("health", [CURRENCY, ERASMUS, HYDROGEN, QUANTUM]),
        ("-health", [HYDROGEN, QUANTUM, ERASMUS, CURRENCY]),
        ("last_activity", [QUANTUM, HYDROGEN, CURRENCY, ERASMUS]),
        ("-last_activity", [ERASMUS, CURRENCY, HYDROGEN, QUANTUM]),
    ],
)
def test_each_ordering_sorts_the_list(catalogue, ordering, expected):
    assert listed(catalogue, {"ordering": ordering}) == expected


def test_every_ordering_is_tested():
    assert set(INITIATIVE_ORDERINGS) == {
        "title",
        "-title",
        "target_date",
        "-target_date",
        "progress",
        "-progress",
        "health",
        "-health",
        "last_activity",
        "-last_activity",
    }


def test_health_ordering_breaks_ties_by_title(catalogue):
    queryset, _ = selectors.initiative_list(user=catalogue, params={"ordering": "health"})
    on_track = [i.title for i in queryset if i.health == "on_track"]
    assert on_track == sorted(on_track)


def test_query_dict_parameters_are_accepted(catalogue):
    params = QueryDict("pillar=economy&ordering=-progress&unknown=ignored")
    assert listed(catalogue, params) == [CURRENCY, HYDROGEN]


def test_owner_filter_gives_each_initiative_once(catalogue):
    factories.InitiativeOwnerFactory(
        initiative=Initiative.objects.get(slug=QUANTUM), user=factories.UserFactory(username="park"), side="KR"
    )
    assert listed(catalogue, {"owner": "kim"}) == [CURRENCY, QUANTUM]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"pillar": "space"}, "pillar"),
        ({"status": "finished"}, "status"),
        ({"working_group": "no-such-group"}, "working_group"),
        ({"working_group": "bad\x00slug"}, "working_group"),
        ({"lead_side": "CN"}, "lead_side"),
        ({"health": "great"}, "health"),
        ({"owner": "nobody"}, "owner"),
        ({"owner": "\x00"}, "owner"),
        ({"ordering": "pk"}, "ordering"),
        ({"ordering": "-health_rank"}, "ordering"),
        ({"ordering": "title,progress"}, "ordering"),
        ({"q": "x" * 201}, "q"),
        ({"q": "swap\x00"}, "q"),
        ({"pillar": "economy", "health": "off-track"}, "health"),
    ],
)
def test_an_invalid_value_is_a_form_error_and_lists_nothing(catalogue, params, field):
    queryset, filterset = selectors.initiative_list(user=catalogue, params=params)
    assert not filterset.is_valid()
    assert field in filterset.errors
    assert list(queryset) == []


def test_filter_form_renders(catalogue):
    _, filterset = selectors.initiative_list(user=catalogue, params={"pillar": "economy"})
    html = str(filterset.form)
    assert 'name="ordering"' in html and 'value="economic-security"' in html


def test_filter_needs_a_queryset_from_the_selectors():
    with pytest.raises(TypeError):
        InitiativeFilter(data={})
