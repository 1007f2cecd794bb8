"""Form widgets whose choices would grow with the programme: a person is typed, with a few suggestions."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString


class PersonSearchInput(forms.TextInput):
    """A username field that suggests a few matching people as one types (``proposals:people-search``).

    Nothing is listed up front: the page stays the same size with 50 or 50,000 users.
    """

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none", **(attrs or {})})
        #: Sent with every search (``initiative``: suggest only people who may read it, its own people first).
        self.search: dict[str, str] = {}

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-suggestions"
        attrs.update(
            {
                "list": list_id,
                "hx-get": reverse("proposals:people-search"),
                # On focus too when the search is about an initiative: its people are suggested before typing.
                "hx-trigger": "input changed delay:250ms" + (", focus once" if self.search else ""),
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-vals": json.dumps({"field": name, **self.search}),
            }
        )
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), list_id)
