"""Django's form renderer, with the commonest widgets and labels written out in Python.

Django renders each widget and each label through a template (a select also includes one template
per option), and a page with a few forms renders dozens of them: on the initiative page, a select of
a hundred milestones took milliseconds, and the list page's filter form a fifth of its time. Here
inputs (``input.html`` and the widgets that only include it), textareas, selects with their options
and labels are written out directly, with the same markup and escaping as Django's templates
(``tests/test_form_rendering.py`` compares the two); every other template renders as before.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
TEXTAREA = "django/forms/widgets/textarea.html"
LABEL = "django/forms/label.html"
# Django's widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "password",
        "hidden",
        "url",
        "search",
        "tel",
        "date",
        "time",
        "datetime",
        "color",
        "checkbox",
    )
)


def esc(value: Any) -> str:
    """``conditional_escape`` without its lazy-string wrapper (it runs for every option of every select)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def attributes(attrs: Mapping[str, Any]) -> str:
    """``attrs.html``: ``True`` as a bare attribute, ``False`` left out, anything else as text."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_input(widget: Mapping[str, Any]) -> SafeString:
    value = widget["value"]
    shown = "" if value is None else f' value="{esc(value)}"'
    return mark_safe(
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{shown}{attributes(widget["attrs"])}>'
    )


def render_textarea(widget: Mapping[str, Any]) -> SafeString:
    value = esc(widget["value"]) if widget["value"] else ""
    return mark_safe(f'<textarea name="{esc(widget["name"])}"{attributes(widget["attrs"])}>\n{value}</textarea>')


def render_label(context: Mapping[str, Any]) -> SafeString:
    if not context["use_tag"]:
        return mark_safe(esc(context["label"]))
    tag = esc(context["tag"])
    return mark_safe(f"<{tag}{attributes(context['attrs'] or {})}>{esc(context['label'])}</{tag}>")


def render_select(widget: Mapping[str, Any]) -> SafeString:
    parts = [f'<select name="{esc(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{esc(group_name)}">')
        parts.extend(
            f'\n  <option value="{esc(option["value"])}"{attributes(option["attrs"])}>{esc(option["label"])}</option>'
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


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
        if template_name in INPUTS:
            return render_input(context["widget"])
        if template_name == LABEL:
            return render_label(context)
        if template_name == TEXTAREA:
            return render_textarea(context["widget"])
        if is_plain_select(template_name, context):
            return render_select(context["widget"])
        return super().render(template_name, context, request)
