"""Django's form renderer, with ``<select>`` written out in Python.

Django renders a select through one template, and each of its options through another template
included once per option. On the initiative page the evidence and progress forms list the
initiative's milestones: with a hundred of them, each form took about 15 ms, almost all of it in
those per-option includes. Here the select and its options are written out directly, with the same
markup and escaping as Django's templates (``django/forms/widgets/select.html``,
``select_option.html`` and ``attrs.html``); every other template renders as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def attributes(attrs: Mapping[str, Any]) -> SafeString:
    """``attrs.html``: ``True`` as a bare attribute, ``False`` left out, anything else as text."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


def render_select(widget: Mapping[str, Any]) -> SafeString:
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((str(option["value"]), attributes(option["attrs"]), option["label"]) for option in options),
        )
        if group_name:
            rendered = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered)
        parts.append(rendered)
    return format_html(
        '<select name="{}"{}>{}\n</select>', widget["name"], attributes(widget["attrs"]), mark_safe("".join(parts))
    )


def is_plain_select(template_name: str, context: Mapping[str, Any]) -> bool:
    """A select whose options all use Django's own option template (a widget may name another)."""
    if template_name != SELECT:
        return False
    return all(
        option["template_name"] == OPTION
        for _name, options, _index in context["widget"]["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if is_plain_select(template_name, context):
            return render_select(context["widget"])
        return super().render(template_name, context, request)
