"""The one place that picks the text a reader sees of an initiative or a milestone.

The original text lives on the initiative (title, summary, description) and the milestone (title), in
``Initiative.original_language`` (a milestone shares its initiative's). Translations are rows for the
other languages. A reader sees their language when a translation exists, otherwise the original with
its language shown. Every loader here costs a fixed number of queries for a whole batch: one for the
translations of all the ids in the reader's language (and one for milestones' original languages
when their initiatives are not loaded).

Reader language: ``request.LANGUAGE_CODE`` on pages, ``mail.language_of(user)`` in e-mails, digests,
feeds and exports (``reader_language``).

Batches that hold titles as plain values (digests, reminders, notifications) load them with
``proposals.batch_titles``; the glossary beside a translation is ``proposals.glossary``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from accounts.models import Language, User

from . import access, permissions
from .models import (
    Activity,
    Initiative,
    InitiativeOwner,
    InitiativeTranslation,
    Milestone,
    MilestoneTranslation,
)

LANGUAGES = tuple(Language.values)


def reader_language(code: str | None) -> str:
    """A language code as this module speaks it: "en", "ko" or "ja" (anything else reads as English)."""
    code = (code or "").lower()[:2]
    return code if code in LANGUAGES else Language.ENGLISH


def language_label(code: str) -> str:
    try:
        return str(Language(code).label)
    except ValueError:
        return code


@dataclasses.dataclass(frozen=True)
class Shown:
    """The text a reader sees of one initiative or milestone, and where it comes from."""

    title: str
    shown_language: str
    original_language: str
    reader_language: str
    is_translation: bool
    translated_from: str
    outdated_since: datetime.datetime | None
    #: The original (an initiative or a milestone) and the translation shown, if any: the longer texts are read
    #: from them only when a template asks (lists defer the description).
    source: Any = dataclasses.field(default=None, repr=False, compare=False)
    translation: Any = dataclasses.field(default=None, repr=False, compare=False)

    def _text(self, field: str) -> str:
        translated: str = getattr(self.translation, field, None) or "" if self.translation is not None else ""
        if translated:
            return translated
        original: str = getattr(self.source, field, None) or "" if self.source is not None else ""
        return original

    @property
    def summary(self) -> str:
        return self._text("summary")

    @property
    def description(self) -> str:
        return self._text("description")

    @property
    def description_html(self) -> str:
        if self._text("description") and self.translation is not None and self.translation.description:
            return str(self.translation.description_html)
        original: str = getattr(self.source, "description_html", None) or "" if self.source is not None else ""
        return original

    @property
    def is_outdated(self) -> bool:
        return self.is_translation and self.outdated_since is not None

    @property
    def shown_language_label(self) -> str:
        return language_label(self.shown_language)

    @property
    def translated_from_label(self) -> str:
        return language_label(self.translated_from)

    @property
    def original_language_label(self) -> str:
        return language_label(self.original_language)

    @property
    def is_foreign_original(self) -> bool:
        """The original is shown to someone who reads another language."""
        return not self.is_translation and self.shown_language != self.reader_language


def _original(obj: Initiative | Milestone, original_language: str, language: str) -> Shown:
    return Shown(
        title=obj.title,
        source=obj,
        shown_language=original_language,
        original_language=original_language,
        reader_language=language,
        is_translation=False,
        translated_from="",
        outdated_since=None,
    )


def for_initiatives(initiatives: Iterable[Initiative], language: str) -> dict[int, Shown]:
    """What a reader of ``language`` sees of each initiative, by id; one query (none when all are originals)."""
    language = reader_language(language)
    initiatives = [i for i in initiatives if i.pk is not None]
    wanted = [i.pk for i in initiatives if i.original_language != language]
    found: dict[int, InitiativeTranslation] = {}
    if wanted:
        found = {
            row.initiative_id: row
            for row in InitiativeTranslation.objects.filter(initiative_id__in=wanted, language=language).only(
                "initiative_id",
                "language",
                "translated_from",
                "title",
                "summary",
                "description",
                "description_html",
                "outdated_since",
            )
        }
    shown: dict[int, Shown] = {}
    for initiative in initiatives:
        row = found.get(initiative.pk)
        if row is None:
            shown[initiative.pk] = _original(initiative, initiative.original_language, language)
            continue
        shown[initiative.pk] = Shown(
            title=row.title,
            source=initiative,
            translation=row,
            shown_language=language,
            original_language=initiative.original_language,
            reader_language=language,
            is_translation=True,
            translated_from=row.translated_from,
            outdated_since=row.outdated_since,
        )
    return shown


def _milestone_original_languages(
    milestones: list[Milestone], known: Mapping[int, str] | None = None
) -> dict[int, str]:
    """Each milestone's original language (its initiative's): from loaded initiatives, ``known`` (initiative id to
    language) or, for the rest, one query."""
    languages: dict[int, str] = {}
    missing: list[int] = []
    for milestone in milestones:
        if Milestone.initiative.is_cached(milestone):
            languages[milestone.pk] = milestone.initiative.original_language
        elif known is not None and milestone.initiative_id in known:
            languages[milestone.pk] = known[milestone.initiative_id]
        else:
            missing.append(milestone.pk)
    if missing:
        languages.update(Milestone.objects.filter(pk__in=missing).values_list("pk", "initiative__original_language"))
    return languages


def for_milestones(
    milestones: Iterable[Milestone], language: str, *, original_languages: Mapping[int, str] | None = None
) -> dict[int, Shown]:
    """What a reader of ``language`` sees of each milestone's title, by id; at most two queries.

    ``original_languages`` (initiative id to its original language) spares a query for initiatives not loaded.
    """
    language = reader_language(language)
    milestones = [m for m in milestones if m.pk is not None]
    originals = _milestone_original_languages(milestones, original_languages)
    wanted = [m.pk for m in milestones if originals.get(m.pk) != language]
    found: dict[int, MilestoneTranslation] = {}
    if wanted:
        found = {
            row.milestone_id: row
            for row in MilestoneTranslation.objects.filter(milestone_id__in=wanted, language=language).only(
                "milestone_id", "language", "translated_from", "title", "outdated_since"
            )
        }
    shown: dict[int, Shown] = {}
    for milestone in milestones:
        original = originals.get(milestone.pk, Language.ENGLISH)
        row = found.get(milestone.pk)
        if row is None:
            shown[milestone.pk] = _original(milestone, original, language)
            continue
        shown[milestone.pk] = Shown(
            title=row.title,
            source=milestone,
            translation=row,
            shown_language=language,
            original_language=original,
            reader_language=language,
            is_translation=True,
            translated_from=row.translated_from,
            outdated_since=row.outdated_since,
        )
    return shown


def attach(objects: Iterable[Any], language: str) -> list[Any]:
    """Set ``shown`` (a ``Shown``) on each initiative or milestone, for templates; a fixed number of queries.

    Returns the objects as a list. Templates print ``obj|shown_title`` and include
    ``includes/translation_badge.html`` with ``shown=obj.shown``.
    """
    objects = list(objects)
    initiatives = [o for o in objects if isinstance(o, Initiative)]
    milestones = [o for o in objects if isinstance(o, Milestone)]
    shown_initiatives = for_initiatives(initiatives, language) if initiatives else {}
    known = {initiative.pk: initiative.original_language for initiative in initiatives}
    shown_milestones = for_milestones(milestones, language, original_languages=known) if milestones else {}
    for initiative in initiatives:
        initiative.shown = shown_initiatives[initiative.pk]  # type: ignore[attr-defined]  # for templates
    for milestone in milestones:
        milestone.shown = shown_milestones[milestone.pk]  # type: ignore[attr-defined]  # for templates
    return objects


def attach_milestones(milestones: Iterable[Milestone], language: str) -> list[Milestone]:
    """``attach`` for milestones and their initiatives (loaded with them), as lists naming both show them;
    a fixed number of queries. Returns the milestones as a list."""
    milestones = list(milestones)
    attach([*milestones, *(milestone.initiative for milestone in milestones)], language)
    return milestones


def attach_to_activity(rows: Iterable[Activity], language: str) -> list[Activity]:
    """``attach`` for the initiative and milestone of each activity row (loaded with the row); a fixed number
    of queries. Returns the rows as a list."""
    rows = list(rows)
    objects: list[Any] = []
    for row in rows:
        if row.initiative_id is not None and Activity.initiative.is_cached(row):
            objects.append(row.initiative)
        if row.milestone_id is not None and Activity.milestone.is_cached(row):
            objects.append(row.milestone)
    attach(objects, language)
    return rows


# --- translations to review ----------------------------------------------------------------------


def review_language(user: User | AnonymousUser) -> str | None:
    """The language a user keeps translations in: Korea's people Korean, Japan's Japanese, others their
    own language unless it is English (the programme's common language); None when there is none."""
    side = permissions.side_of(user)
    if side == "KR":
        return Language.KOREAN
    if side == "JP":
        return Language.JAPANESE
    language = getattr(user, "language", "")
    return language if language in LANGUAGES and language != Language.ENGLISH else None


def to_review(user: User | AnonymousUser) -> QuerySet[Initiative]:
    """The initiatives whose text in the user's ``review_language`` is missing or out of date, or which have a
    milestone title translation out of date: those the user may translate (their groups' and those they own,
    every one for an admin). Annotated ``review_state`` ("missing" / "outdated" / "current"),
    ``translation_outdated_since`` and ``outdated_milestones``; oldest change first. Lazy; a fixed number of
    queries for a page.
    """
    language = review_language(user)
    if language is None or not access.may_read_anything(user):
        return Initiative.objects.none()
    queryset = access.readable(Initiative.objects.all(), user)
    if not access.is_admin(user):
        owned = InitiativeOwner.objects.filter(user=user).values("initiative_id")
        queryset = queryset.filter(Q(working_group_id__in=list(access.group_roles(user))) | Q(pk__in=owned))
    translation = InitiativeTranslation.objects.filter(initiative_id=OuterRef("pk"), language=language)
    outdated_milestones = (
        MilestoneTranslation.objects.filter(
            milestone__initiative_id=OuterRef("pk"), language=language, outdated_since__isnull=False
        )
        .order_by()
        .values("milestone__initiative_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        queryset.exclude(original_language=language)
        .annotate(
            has_translation=Exists(translation),
            translation_outdated_since=Subquery(translation.values("outdated_since")[:1]),
            translation_version=Subquery(translation.values("version")[:1]),
            outdated_milestones=Coalesce(Subquery(outdated_milestones), 0),
        )
        .filter(Q(has_translation=False) | Q(translation_outdated_since__isnull=False) | Q(outdated_milestones__gt=0))
        .annotate(
            review_state=Case(
                When(has_translation=False, then=Value("missing")),
                When(translation_outdated_since__isnull=False, then=Value("outdated")),
                default=Value("current"),
            )
        )
        .select_related("working_group")
        .order_by(F("translation_outdated_since").asc(nulls_last=True), "title", "pk")
    )


def outdated_count(user: User | AnonymousUser) -> int:
    """How many of the user's translations are out of date (the dashboard's link); one cheap query.

    Missing translations are listed on the page but not counted: most initiatives start with none.
    """
    language = review_language(user)
    if language is None or not access.may_read_anything(user):
        return 0
    return to_review(user).filter(Q(translation_outdated_since__isnull=False) | Q(outdated_milestones__gt=0)).count()


def title_of(obj: Any) -> str:
    """The title ``attach`` chose for the reader, else the original's."""
    shown = getattr(obj, "shown", None)
    return shown.title if shown is not None else str(getattr(obj, "title", ""))


def attach_in_chunks(rows: Iterable[Any], language: str, *, size: int = 500) -> Iterator[Any]:
    """``attach`` over a long stream of initiatives or milestones (exports), ``size`` rows at a time."""
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield from attach(chunk, language)
            chunk = []
    if chunk:
        yield from attach(chunk, language)
