"""The form renderer writes widgets and labels out in Python: the same HTML as Django's templates."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tracker.form_rendering import FormRenderer


def same_markup(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


CHOICES = [("", "Any"), ("a&b", 'Ann <"quoted">'), ("kr", gettext_lazy("Korea")), ("jp", mark_safe("<b>Japan</b>"))]


class Everything(forms.Form):
    text = forms.CharField(label="Name <&\"'>", widget=forms.TextInput(attrs={"placeholder": "x<y", "autofocus": True}))
    safe_value = forms.CharField(required=False)
    number = forms.IntegerField(min_value=0, max_value=100)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField()
    address = forms.URLField(assume_scheme="https")
    agree = forms.BooleanField(required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "disabled": False}))
    side = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=[("Asia", [("kr", "Korea"), ("jp", "Japan")]), ("other", "Other")])
    many = forms.MultipleChoiceField(choices=CHOICES[1:])
    maybe = forms.NullBooleanField()


BOUND = {
    "text": "<script>alert(\"x\")</script> & 'quotes'",
    "safe_value": mark_safe("<i>already safe</i>"),
    "number": "42",
    "day": "2026-11-30",
    "secret": "p<w>",
    "hidden": "v&1",
    "email": "a@example.org",
    "address": "https://example.org/?a=1&b=2",
    "agree": "on",
    "body": "Line <one>\nLine two",
    "side": "a&b",
    "grouped": "jp",
    "many": ["kr", "jp"],
    "maybe": "true",
}


@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound"])
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_each_widget_and_label_renders_as_djangos_templates_do(name, data):
    ours, djangos = Everything(data, renderer=FormRenderer()), Everything(data, renderer=DjangoTemplates())
    for attrs in (None, {"class": "wide", "data-x": 'a"b'}):
        assert same_markup(ours[name].label_tag(attrs=attrs)) == same_markup(djangos[name].label_tag(attrs=attrs))
    assert same_markup(str(ours[name])) == same_markup(str(djangos[name]))


def test_a_label_without_an_id_is_the_text_alone():
    ours, djangos = (
        Everything(auto_id=False, renderer=FormRenderer()),
        Everything(auto_id=False, renderer=DjangoTemplates()),
    )
    assert ours["text"].label_tag() == djangos["text"].label_tag() == "Name &lt;&amp;&quot;&#x27;&gt;:"


def test_the_site_renders_forms_with_it(settings):
    assert settings.FORM_RENDERER == "tracker.form_rendering.FormRenderer"
    assert isinstance(Everything().renderer, FormRenderer)
