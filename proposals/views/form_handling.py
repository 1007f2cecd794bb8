"""How every form of the site is handled.

Valid input goes to one service, then a message and a redirect; a refusal redisplays the
form with what the user typed (400 bad input, 409 illegal transition, 412 stale edit).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.errors import FORM_ERRORS, StaleEdit
from core.forms import add_service_error

from .common import version_of


def safe_next(request, default: str) -> str:
    """The ``next`` the form carried, if it points back into this site; else ``default``."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def form_page(
    request, form, *, title, initiative=None, back=None, submit=None, status=200, current=None, intro="", danger=False
):
    """The one template for a form on its own page (also where a form from the initiative page is redisplayed)."""
    return render(
        request,
        "proposals/form_page.html",
        {
            "nav": "initiatives",
            "form": form,
            "title": title,
            "initiative": initiative,
            "back": back or (initiative.get_absolute_url() if initiative else reverse("proposals:dashboard")),
            "submit": submit or _("Save"),
            "current": current,
            "intro": intro,
            "danger": danger,
        },
        status=status,
    )


def process(request, form, perform, *, success_url, message, redisplay):
    """Valid input → the service → a message and a redirect; otherwise the form again, with what the user typed.

    ``redisplay(form, status, stale)`` renders the form page; on a stale edit it shows the other person's change.
    """
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except FORM_ERRORS as error:
            status = add_service_error(form, error)
            return redisplay(form, status, isinstance(error, StaleEdit))
        messages.success(request, message)
        return redirect(success_url)
    return redisplay(form, 400, False)


def add_to_initiative(request, initiative, form, perform, *, title, submit, anchor, message):
    """A form that adds something to an initiative: GET shows it, POST runs ``perform`` and returns to ``anchor``."""

    def redisplay(form, status, stale):
        return form_page(request, form, title=title, initiative=initiative, status=status, submit=submit)

    if request.method != "POST":
        return redisplay(form, 200, False)
    return process(
        request, form, perform, success_url=initiative.get_absolute_url() + anchor, message=message, redisplay=redisplay
    )


def edit_versioned(request, obj, form_class, perform, *, fields, title, initiative, success_url, message, initial=None):
    """An edit that carries the version the user saw.

    GET shows the saved values (``initial`` overrides them); POST calls ``perform(data, expected_version)``.
    A stale save (412) redisplays the form with the user's text and what is saved now (``fields`` of ``obj``).
    """
    if request.method != "POST":
        values = {name: getattr(obj, name) for name in fields} if initial is None else initial
        form = form_class(initial={**values, "version": obj.version})
        return form_page(request, form, title=title, initiative=initiative)
    form = form_class(request.POST)

    def redisplay(form, status, stale):
        current = saved_values(form, obj, fields) if stale else None
        return form_page(request, form, title=title, initiative=initiative, status=status, current=current)

    return process(
        request,
        form,
        lambda data: perform(data, version_of(form)),
        success_url=success_url,
        message=message,
        redisplay=redisplay,
    )


def fields_of(data: dict, *names) -> dict:
    return {name: data[name] for name in names}


def saved_values(form, obj, names) -> list[tuple[str, object]]:
    """The saved values someone else wrote, labelled as the form labels them (or as the model does)."""
    obj.refresh_from_db()
    rows = []
    for name in names:
        label = form.fields[name].label if name in form.fields else capfirst(obj._meta.get_field(name).verbose_name)
        display = getattr(obj, f"get_{name}_display", None)
        rows.append((label, display() if display else getattr(obj, name)))
    return rows
