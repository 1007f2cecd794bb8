import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from proposals import services
from proposals.models import Activity, EvidenceLink, Indicator, IndicatorReading, ProgressUpdate
from tests import factories


def add(world, url, **kwargs):
    return services.add_evidence(
        initiative=world.initiative, actor=world.member, url=url, title=kwargs.pop("title", "Press release"), **kwargs
    )


def test_member_adds_evidence_and_it_is_recorded(world):
    evidence = add(world, "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=1", kind="official")
    assert evidence.added_by == world.member
    activity = Activity.objects.get(verb="evidence.added")
    assert activity.details["evidence_id"] == evidence.pk and activity.initiative == world.initiative


@pytest.mark.parametrize(
    "url,code",
    [
        ("javascript:alert(1)", "scheme"),
        ("JavaScript:alert(1)", "scheme"),
        ("data:text/html,<script>alert(1)</script>", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("ftp://example.org/report.pdf", "scheme"),
        ("https://user:secret@example.org/", "credentials"),
        ("https://user@example.org/", "credentials"),
        ("http:///no-host", "host"),
        ("https://example.org/" + "a" * 2000, "max_length"),
        ("", "required"),
        ("not a url", "scheme"),
    ],
)
def test_unsafe_or_malformed_urls_are_refused_with_a_field_error(world, url, code):
    with pytest.raises(ValidationError) as error:
        add(world, url)
    assert [e.code for e in error.value.error_dict["url"]] == [code]
    assert not EvidenceLink.objects.exists()
    assert not Activity.objects.exists()


def test_url_of_exactly_2000_characters_is_accepted(world):
    url = "https://example.org/" + "a" * (2000 - len("https://example.org/"))
    assert len(add(world, url).url) == 2000


def test_same_url_twice_on_one_initiative_is_refused(world):
    add(world, "https://example.org/report")
    with pytest.raises(ValidationError) as error:
        add(world, "https://example.org/report")
    assert "url" in error.value.message_dict
    services.add_evidence(initiative=world.restricted, actor=world.member, url="https://example.org/report", title="x")
    assert EvidenceLink.objects.count() == 2


def test_evidence_for_a_milestone_of_another_initiative_is_refused(world):
    foreign = factories.MilestoneFactory(initiative=world.restricted)
    with pytest.raises(ValidationError) as error:
        add(world, "https://example.org/x", milestone=foreign)
    assert "milestone" in error.value.message_dict


def test_unknown_evidence_kind_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        add(world, "https://example.org/x", kind="rumour")
    assert "kind" in error.value.message_dict


def test_progress_update_with_percent_and_evidence(world):
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    evidence = add(world, "https://example.org/minutes", kind="minutes")
    update = services.log_progress(
        initiative=world.initiative,
        actor=world.member,
        note="Working level met.",
        percent=40,
        milestone=milestone,
        evidence=evidence,
    )
    assert ProgressUpdate.objects.get() == update
    assert Activity.objects.filter(verb="progress.logged", milestone=milestone).exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [({"note": ""}, "note"), ({"note": "x", "percent": 101}, "percent"), ({"note": "x", "percent": -5}, "percent")],
)
def test_bad_progress_update_is_refused(world, kwargs, field):
    with pytest.raises(ValidationError) as error:
        services.log_progress(initiative=world.initiative, actor=world.member, **kwargs)
    assert field in error.value.message_dict
    assert not ProgressUpdate.objects.exists()


def test_current_value_is_the_latest_reading_by_date(world):
    indicator = services.create_indicator(
        initiative=world.initiative, actor=world.member, name="Swap line", unit="USD billion", baseline=10, target=30
    )
    today = timezone.localdate()
    services.add_reading(indicator=indicator, actor=world.member, date=today - datetime.timedelta(days=10), value=20)
    services.add_reading(indicator=indicator, actor=world.member, date=today - datetime.timedelta(days=30), value=15)
    indicator.refresh_from_db()
    assert indicator.current_value == Decimal("20")
    last = Activity.objects.filter(verb="indicator.reading_added").order_by("-pk").first()
    assert last.details["old"] == "20.00" and last.details["new"] == "20.00"
    services.add_reading(indicator=indicator, actor=world.member, date=today, value=32)
    indicator.refresh_from_db()
    assert indicator.current_value == Decimal("32")


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"value": "lots"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": 5, "date": "yesterday"}, "date"),
    ],
)
def test_bad_reading_is_refused(world, kwargs, field):
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    kwargs.setdefault("date", timezone.localdate())
    with pytest.raises(ValidationError) as error:
        services.add_reading(indicator=indicator, actor=world.member, **kwargs)
    assert field in error.value.message_dict
    assert not IndicatorReading.objects.exists()


def test_second_reading_on_the_same_date_is_refused(world):
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    services.add_reading(indicator=indicator, actor=world.member, date=timezone.localdate(), value=11)
    with pytest.raises(ValidationError) as error:
        services.add_reading(indicator=indicator, actor=world.member, date=timezone.localdate(), value=12)
    assert "date" in error.value.message_dict
    assert Indicator.objects.get().current_value == Decimal("11")


def test_indicator_name_is_unique_per_initiative(world):
    services.create_indicator(initiative=world.initiative, actor=world.member, name="A", unit="u", baseline=1, target=2)
    with pytest.raises(ValidationError):
        services.create_indicator(
            initiative=world.initiative, actor=world.member, name="A", unit="u", baseline=1, target=2
        )
    assert Indicator.objects.count() == 1
