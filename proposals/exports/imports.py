"""Bulk import of milestones from a coordinator's spreadsheet (CSV or .xlsx): read, plan, apply.

- ``read_sheet(data)`` (``import_sheets``): the file's rows as text under the documented columns
  (``COLUMNS``), with their row numbers; headers in English, Korean or Japanese (``HEADERS``). A file that
  cannot be read at all raises ``ImportFileError``.
- ``plan_import(sheet, actor)``: what each row would do (create, update and what changes, unchanged, or its
  errors), with a fixed number of queries. Writes nothing.
- ``apply_import(sheet, actor)``: plans again and, only when no row has an error, applies every row in one
  transaction through the services (``create_milestone``, ``edit_milestone``, ``replan_milestone``), which
  check permissions and record each change as the importer's activity. Unchanged rows are not touched.

A row is matched to a milestone by its key (``Milestone.import_key``) within its initiative; a key of the
form ``#<id>`` (``SITE_KEY_PREFIX``, what the milestones export writes for one made on the site) is that
milestone of that initiative, and is never stored as an import key. Only
initiatives of working groups the importer coordinates (every group for an admin) are accepted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DOMAIN_ERRORS

from .. import access, permissions, services
from ..models import Initiative, Milestone
from .import_sheets import (
    COLUMNS,
    HEADERS,
    MAX_FILE_SIZE,
    MAX_ID,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    SITE_KEY_PREFIX,
    ImportFileError,
    Sheet,
    due_date_in,
    read_sheet,
    site_id_of,
    site_key,
    template_rows,
    version_in,
    weight_in,
    write_csv,
    write_xlsx,
)

__all__ = [
    "COLUMNS",
    "CREATE",
    "ERROR",
    "HEADERS",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "UNCHANGED",
    "UPDATE",
    "ImportFileError",
    "Plan",
    "RowPlan",
    "Sheet",
    "apply_import",
    "may_import",
    "plan_import",
    "read_sheet",
    "template",
]

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
EDITED_FIELDS = ("title", "description", "owner", "weight")


# --- planning ----------------------------------------------------------------------------------------


@dataclass
class RowPlan:
    """What one row does: ``action`` is create, update, unchanged or error."""

    number: int
    key: str
    initiative_slug: str
    title: str
    action: str = ""
    errors: list[str] = field(default_factory=list)
    #: (label, old, new) for an update, as people read them.
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    initiative: Initiative | None = None
    milestone: Milestone | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    rows: list[RowPlan]
    #: Errors of the file itself, with the row they are on (the header is row 1).
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and all(row.action != ERROR for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED, ERROR)}


def may_import(user: User) -> bool:
    """Coordinators of a working group and admins import milestones."""
    return permissions.groups_coordinated_by(user).exists()


def _field(name: str) -> models.Field[Any, Any]:
    found = Milestone._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def _label(name: str) -> str:
    return str(capfirst(_field(name).verbose_name))


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, User):
        return value.username
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def plan_import(sheet: Sheet, actor: User) -> Plan:
    """What importing ``sheet`` as ``actor`` would do, row by row. Reads only, with a fixed number of queries."""
    missing = sheet.missing_columns
    if missing:
        return Plan(
            rows=[],
            errors=[(1, _("A required column is missing: “%(column)s”.") % {"column": column}) for column in missing],
        )
    if not sheet.rows:
        return Plan(rows=[], errors=[(1, _("The file has no milestones to import."))])
    rows = sheet.rows
    slugs = {values.get("initiative", "") for _number, values in rows} - {""}
    found = list(Initiative.objects.filter(slug__in=slugs))
    usernames = {values.get("owner", "") for _number, values in rows} - {""}
    owners = {user.username: user for user in User.objects.filter(username__in=usernames)}
    # The importer and the owners against the named initiatives: the read rule in two queries.
    readers = access.ReadIndex([actor, *owners.values()], found)
    # One the importer may not read is as unknown to them as one that does not exist.
    initiatives = {initiative.slug: initiative for initiative in found if readers.can_read(actor.pk, initiative.pk)}
    coordinated = set(permissions.groups_coordinated_by(actor).values_list("pk", flat=True))
    keys = {values.get("key", "") for _number, values in rows} - {""}
    # (An id no milestone can have is not asked for: it is simply not found.)
    ids = {site_id for key in keys if (site_id := site_id_of(key)) is not None and 0 < site_id <= MAX_ID}
    existing = {
        (milestone.initiative_id, milestone.import_key): milestone
        for milestone in Milestone.objects.filter(
            initiative__in=list(initiatives.values()),
            import_key__in=[key for key in keys if site_id_of(key) is None],
        ).select_related("owner", "initiative")
    }
    # A site key names the milestone by its id: it is found only within the row's own initiative.
    if ids:
        existing.update(
            ((milestone.initiative_id, site_key(milestone.pk)), milestone)
            for milestone in Milestone.objects.filter(
                initiative__in=list(initiatives.values()), pk__in=ids
            ).select_related("owner", "initiative")
        )
    seen: dict[tuple[str, str], int] = {}
    plans = []
    for number, values in rows:
        plan = _plan_row(number, values, sheet.columns, initiatives, coordinated, owners, readers, existing)
        site_id = site_id_of(plan.key)
        pair = (plan.initiative_slug, plan.key if site_id is None else site_key(site_id))
        if plan.key and plan.initiative_slug:
            if pair in seen:
                plan.errors.append(
                    _("The key “%(key)s” is already used for this initiative on row %(row)d.")
                    % {"key": plan.key, "row": seen[pair]}
                )
            else:
                seen[pair] = number
        if plan.errors:
            plan.action = ERROR
        plans.append(plan)
    return Plan(rows=plans)


def _plan_row(
    number: int,
    values: dict[str, str],
    columns: list[str],
    initiatives: dict[str, Initiative],
    coordinated: set[int],
    owners: dict[str, User],
    readers: access.ReadIndex,
    existing: dict[tuple[int, str], Milestone],
) -> RowPlan:
    key, slug, title = values.get("key", ""), values.get("initiative", ""), values.get("title", "")
    plan = RowPlan(number=number, key=key, initiative_slug=slug, title=title)
    errors = plan.errors
    if not key:
        errors.append(_("The key is missing."))
    for name, column in (("import_key", "key"), ("title", "title"), ("description", "description")):
        if column in columns:
            try:
                _field(name).clean(values.get(column, ""), None)
            except ValidationError as error:
                errors.extend(f"{_label(name)}: {message}" for message in error.messages)
    initiative = initiatives.get(slug)
    if not slug:
        errors.append(_("The initiative is missing."))
    elif initiative is None:
        errors.append(_("Unknown initiative “%(slug)s”.") % {"slug": slug})
    elif initiative.working_group_id not in coordinated:
        errors.append(_("“%(slug)s” is not in a working group you coordinate.") % {"slug": slug})
        initiative = None
    due_date = due_date_in(values.get("due_date", ""), errors)
    if due_date and initiative and initiative.start_date and due_date < initiative.start_date:
        errors.append(
            _("The due date cannot be before the initiative starts (%(date)s).")
            % {"date": initiative.start_date.isoformat()}
        )
    weight = weight_in(values.get("weight", ""), errors)
    owner = None
    if username := values.get("owner", ""):
        owner = owners.get(username)
        if owner is None:
            errors.append(_("Unknown owner “%(username)s”.") % {"username": username})
        elif initiative and not readers.can_read(owner.pk, initiative.pk):
            errors.append(
                _("“%(username)s” may not read this initiative, so cannot own its milestone.") % {"username": username}
            )
    version = version_in(values.get("version", ""), errors)
    if initiative is None:
        return plan
    plan.initiative = initiative
    wanted: dict[str, Any] = {"title": title, "due_date": due_date}
    for column, value in (("weight", weight), ("owner", owner), ("description", values.get("description", ""))):
        if column in columns:
            wanted[column] = value
    plan.values = wanted
    site_id = site_id_of(key)
    milestone = existing.get((initiative.pk, key if site_id is None else site_key(site_id)))
    if milestone is None and site_id is not None:
        errors.append(_("There is no such milestone “%(key)s” in this initiative.") % {"key": key})
        return plan
    if milestone is None and key.startswith(SITE_KEY_PREFIX):
        errors.append(
            _(
                "A new key cannot start with “%(prefix)s”: a key such as “%(prefix)s12” names a milestone made on "
                "the site by its number."
            )
            % {"prefix": SITE_KEY_PREFIX}
        )
        return plan
    if milestone is None:
        plan.action = CREATE
        return plan
    plan.milestone = milestone
    for name, value in wanted.items():
        old = getattr(milestone, name)
        if old != value:
            plan.changes.append((_label(name), _shown(old), _shown(value)))
    # A row written at an older version would overwrite what changed since; one that changes nothing cannot.
    if plan.changes and version is not None and version != milestone.version:
        errors.append(
            _("The milestone changed since this row was exported (version %(version)d, now %(current)d).")
            % {"version": version, "current": milestone.version}
        )
    if due_date and due_date != milestone.due_date and milestone.is_closed:
        errors.append(
            _("The milestone is “%(status)s”: its due date cannot change.") % {"status": milestone.get_status_display()}
        )
    plan.action = UPDATE if plan.changes else UNCHANGED
    return plan


# --- applying ----------------------------------------------------------------------------------------


class _Refused(Exception):
    pass


def apply_import(sheet: Sheet, actor: User) -> Plan:
    """Plan ``sheet`` again and apply it, all or nothing, in one transaction through the services.

    Returns the plan; when it has errors (found while planning, or refused by a service on some row),
    nothing was written. Unchanged rows are not touched: no activity, no new version.
    """
    plan = Plan(rows=[])
    try:
        with transaction.atomic():
            plan = plan_import(sheet, actor)
            if not plan.ok:
                raise _Refused
            for row in plan.rows:
                try:
                    _apply_row(row, actor)
                except DOMAIN_ERRORS as error:
                    row.action = ERROR
                    row.errors.extend(error.messages if isinstance(error, ValidationError) else [str(error)])
                    raise _Refused from error
    except _Refused:
        pass
    return plan


def _apply_row(row: RowPlan, actor: User) -> None:
    values = row.values
    if row.action == CREATE:
        assert row.initiative is not None
        services.create_milestone(initiative=row.initiative, actor=actor, import_key=row.key, **values)
        return
    if row.action != UPDATE:
        return
    milestone = row.milestone
    assert milestone is not None
    # The version seen while planning: a change by someone else since is refused as stale.
    version = milestone.version
    edits = {
        name: values[name] for name in EDITED_FIELDS if name in values and getattr(milestone, name) != values[name]
    }
    if edits:
        milestone = services.edit_milestone(milestone=milestone, actor=actor, expected_version=version, **edits)
        version = milestone.version
    if values["due_date"] != milestone.due_date:
        services.replan_milestone(
            milestone=milestone, actor=actor, due_date=values["due_date"], expected_version=version
        )


def template(lang: str, actor: User, *, fmt: str) -> bytes:
    """A spreadsheet to fill in (``fmt`` csv or xlsx): the header in ``lang`` and one example row on an
    initiative the user coordinates, with the user as its owner."""
    initiative = (
        Initiative.objects.filter(working_group__in=permissions.groups_coordinated_by(actor))
        .order_by("slug")
        .values_list("slug", flat=True)
        .first()
    )
    rows = template_rows(
        lang,
        initiative=initiative or "initiative-slug",
        owner=actor.username,
        due=timezone.localdate() + datetime.timedelta(days=30),
    )
    return write_xlsx(rows, lang=lang) if fmt == "xlsx" else write_csv(rows)
