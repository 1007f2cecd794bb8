"""Titles in the reader's language for batches that hold titles as plain values (digests, reminders,
notifications): loaded for a whole batch at once, by ids (``titles``) or as columns of the batch's own
query (``title_columns``), and put into a digest's content (``localize_content``, ``localize_with``).

Pages and exports, which hold the objects themselves, use ``proposals.translations.attach`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import OuterRef, Subquery

from .models import Initiative, InitiativeTranslation, Milestone, MilestoneTranslation
from .translations import LANGUAGES, reader_language


def titles(
    language: str, *, initiative_ids: Iterable[int] = (), milestone_ids: Iterable[int] = ()
) -> tuple[dict[int, str], dict[int, str]]:
    """The translated titles in ``language`` of these initiatives and milestones (only those that have one).

    For batches that hold titles as plain values (digests, exports, feeds): two queries at most; a missing
    id keeps its original title.
    """
    language = reader_language(language)
    initiative_ids, milestone_ids = set(initiative_ids), set(milestone_ids)
    initiative_titles: dict[int, str] = {}
    milestone_titles: dict[int, str] = {}
    if initiative_ids:
        initiative_titles = dict(
            InitiativeTranslation.objects.filter(initiative_id__in=initiative_ids, language=language).values_list(
                "initiative_id", "title"
            )
        )
    if milestone_ids:
        milestone_titles = dict(
            MilestoneTranslation.objects.filter(milestone_id__in=milestone_ids, language=language).values_list(
                "milestone_id", "title"
            )
        )
    return initiative_titles, milestone_titles


def localize_content(content: Mapping[str, Any], language: str, cache: dict[tuple, Any] | None = None) -> dict:
    """A digest content with its initiatives' and milestones' titles in ``language`` where a translation exists.

    Items shared between readers stay shared: a changed item is copied once per language (``cache``).
    Two queries.
    """
    sections = content.get("sections") or {}
    initiative_ids = {item["initiative"]["id"] for items in sections.values() for item in items if "initiative" in item}
    milestone_ids = {
        item["milestone"]["id"]
        for items in sections.values()
        for item in items
        if isinstance(item.get("milestone"), dict) and "id" in item["milestone"]
    }
    found = titles(language, initiative_ids=initiative_ids, milestone_ids=milestone_ids)
    return localize_with(content, language, found, cache)


def localize_with(
    content: Mapping[str, Any],
    language: str,
    found: tuple[dict[int, str], dict[int, str]],
    cache: dict[tuple, Any] | None = None,
) -> dict:
    """``localize_content`` with titles already loaded (``titles``), for batches of readers."""
    initiative_titles, milestone_titles = found
    if cache is None:
        cache = {}
    sections = content.get("sections") or {}
    localized: dict[str, list] = {}
    for key, items in sections.items():
        out = []
        for item in items:
            out.append(_localize_item(item, language, initiative_titles, milestone_titles, cache))
        localized[key] = out
    return {**content, "sections": localized}


def _localize_item(
    item: dict, language: str, initiative_titles: dict[int, str], milestone_titles: dict[int, str], cache: dict
) -> dict:
    ref = item.get("initiative")
    milestone = item.get("milestone")
    initiative_title = initiative_titles.get(ref["id"]) if isinstance(ref, dict) else None
    milestone_title = (
        milestone_titles.get(milestone["id"]) if isinstance(milestone, dict) and "id" in milestone else None
    )
    if initiative_title is None and milestone_title is None:
        return item
    key = (language, id(item))
    known = cache.get(key)
    if known is not None and known[0] is item:
        return known[1]
    copy = dict(item)
    if initiative_title is not None and isinstance(ref, dict):
        copy["initiative"] = {**ref, "title": initiative_title}
    if milestone_title is not None and isinstance(milestone, dict):
        copy["milestone"] = {**milestone, "title": milestone_title}
    cache[key] = (item, copy)
    return copy


#: The columns ``title_columns`` adds, one per language, in ``LANGUAGES`` order.
TITLE_COLUMNS = tuple(f"title_{code}" for code in LANGUAGES)


def title_columns(kind: str, ref: str = "pk") -> dict[str, Subquery]:
    """Subqueries for a batch query: the translated title of the row's initiative or milestone (``ref``) in each
    language (``title_en``, ``title_ko``, ``title_ja``; null where there is none). No query of their own."""
    model: type[InitiativeTranslation] | type[MilestoneTranslation]
    model, field = (
        (InitiativeTranslation, "initiative_id") if kind == "initiative" else (MilestoneTranslation, "milestone_id")
    )
    return {
        column: Subquery(model.objects.filter(**{field: OuterRef(ref)}, language=code).values("title")[:1])
        for column, code in zip(TITLE_COLUMNS, LANGUAGES, strict=True)
    }


class TranslatedTitles:
    """Translated titles a batch loaded through ``title_columns``, per language, for ``localize_with``."""

    def __init__(self) -> None:
        self.initiatives: dict[str, dict[int, str]] = {code: {} for code in LANGUAGES}
        self.milestones: dict[str, dict[int, str]] = {code: {} for code in LANGUAGES}

    def add(self, kind: str, pk: int | None, titles: Iterable[str | None]) -> None:
        if pk is None:
            return
        book = self.initiatives if kind == "initiative" else self.milestones
        for code, title in zip(LANGUAGES, titles, strict=True):
            if title:
                book[code][pk] = title

    def add_row(self, kind: str, pk: int | None, row: Mapping[str, Any]) -> None:
        self.add(kind, pk, (row.get(column) for column in TITLE_COLUMNS))

    def in_language(self, language: str) -> tuple[dict[int, str], dict[int, str]]:
        language = reader_language(language)
        return self.initiatives[language], self.milestones[language]


def titles_in_every_language(
    initiative: Initiative | None, milestone: Milestone | None = None
) -> dict[str, tuple[str, str]]:
    """The initiative's and the milestone's titles as a reader of each language sees them; two queries at most."""
    initiative_titles: dict[str, str] = {}
    milestone_titles: dict[str, str] = {}
    if initiative is not None:
        initiative_titles = dict(
            InitiativeTranslation.objects.filter(initiative=initiative).values_list("language", "title")
        )
    if milestone is not None:
        milestone_titles = dict(
            MilestoneTranslation.objects.filter(milestone=milestone).values_list("language", "title")
        )
    return {
        code: (
            initiative_titles.get(code, initiative.title if initiative is not None else ""),
            milestone_titles.get(code, milestone.title if milestone is not None else ""),
        )
        for code in LANGUAGES
    }
