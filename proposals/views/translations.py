"""Translations of an initiative's text and milestone titles, the translations to review, and the glossary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Language
from core.errors import FORM_ERRORS, StaleEdit
from core.forms import add_service_error
from core.paging import page_of

from .. import glossary, permissions, services
from .. import translations as texts
from ..forms.translations import (
    ConfirmTranslationForm,
    GlossarySearchForm,
    GlossaryTermForm,
    InitiativeTranslationForm,
    MilestoneTranslationForm,
)
from ..models import GlossaryTerm, InitiativeTranslation, Milestone, MilestoneTranslation
from .common import version_of, visible_initiative
from .form_handling import form_page

PAGE_SIZE = 20


def _language(code: str) -> str:
    if code not in Language.values:
        raise Http404(_("No such language."))
    return code


def _label(code: str) -> str:
    return str(Language(code).label)


def translations_url(initiative) -> str:
    return reverse("proposals:initiative-translations", args=[initiative.slug])


@login_required
def initiative_translations(request, slug):
    """Each language's version of the initiative and its milestone titles: status, and links to edit or confirm."""
    initiative = visible_initiative(request.user, slug)
    original = initiative.original_language
    others = [code for code in Language.values if code != original]
    rows = {row.language: row for row in InitiativeTranslation.objects.filter(initiative=initiative)}
    milestones = list(initiative.milestones.order_by("due_date", "pk"))
    milestone_rows: dict[tuple[int, str], MilestoneTranslation] = {
        (row.milestone_id, row.language): row
        for row in MilestoneTranslation.objects.filter(milestone__initiative=initiative)
    }
    return render(
        request,
        "proposals/translation_list.html",
        {
            "nav": "initiatives",
            "initiative": initiative,
            "original_label": _label(original),
            "can_translate": permissions.can(request.user, "translate", initiative),
            "versions": [(code, _label(code), rows.get(code)) for code in others],
            "milestones": [
                (milestone, [(code, milestone_rows.get((milestone.pk, code))) for code in others])
                for milestone in milestones
            ],
            "languages": [(code, _label(code)) for code in others],
        },
    )


def _edit_page(request, *, initiative, language, form, originals, status=200, current=None, title=""):
    highlighted, hints = glossary.glossary_for(
        [text for _label_, text in originals], initiative.original_language, language
    )
    return render(
        request,
        "proposals/translation_edit.html",
        {
            "nav": "initiatives",
            "initiative": initiative,
            "title": title,
            "form": form,
            "language_label": _label(language),
            "original_label": _label(initiative.original_language),
            "originals": [(label, text) for (label, _text), text in zip(originals, highlighted, strict=True)],
            "hints": hints,
            "current": current,
            "back": translations_url(initiative),
        },
        status=status,
    )


def _save(request, form, perform, redisplay, *, success_url: str, message: str):
    if not form.is_valid():
        return redisplay(form, 400, None)
    try:
        perform(form.cleaned_data, version_of(form))
    except FORM_ERRORS as error:
        status = add_service_error(form, error)
        return redisplay(form, status, error if isinstance(error, StaleEdit) else None)
    messages.success(request, message)
    return redirect(success_url)


@login_required
def translation_edit(request, slug, language):
    """Write or update the initiative's text in ``language``, the original beside it with glossary terms marked."""
    initiative = visible_initiative(request.user, slug)
    language = _language(language)
    permissions.require(request.user, "translate", initiative)
    if language == initiative.original_language:
        raise Http404(_("This is the original's language."))
    row = InitiativeTranslation.objects.filter(initiative=initiative, language=language).first()
    originals = [
        (_("Title"), initiative.title),
        (_("Summary"), initiative.summary),
        (_("Description"), initiative.description),
    ]
    title = _("%(language)s version of “%(title)s”") % {"language": _label(language), "title": initiative.title}

    def redisplay(form, status, stale):
        current = None
        saved = InitiativeTranslation.objects.filter(pk=row.pk).first() if stale is not None and row else None
        if saved is not None:
            current = [(_("Title"), saved.title), (_("Summary"), saved.summary)]
        return _edit_page(
            request,
            initiative=initiative,
            language=language,
            form=form,
            originals=originals,
            status=status,
            current=current,
            title=title,
        )

    if request.method != "POST":
        initial: dict[str, object] = {"version": row.version if row else 0}
        if row:
            initial.update(title=row.title, summary=row.summary, description=row.description)
        return redisplay(InitiativeTranslationForm(initial=initial), 200, None)
    return _save(
        request,
        InitiativeTranslationForm(request.POST),
        lambda data, version: services.save_translation(
            initiative=initiative,
            actor=request.user,
            language=language,
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            expected_version=version,
        ),
        redisplay,
        success_url=translations_url(initiative),
        message=_("The %(language)s version is saved.") % {"language": _label(language)},
    )


def _initiative_milestone(request, slug: str, pk: int) -> tuple:
    initiative = visible_initiative(request.user, slug)
    milestone = get_object_or_404(Milestone, pk=pk, initiative=initiative)
    return initiative, milestone


@login_required
def milestone_translation_edit(request, slug, pk, language):
    """Write or update a milestone's title in ``language``."""
    initiative, milestone = _initiative_milestone(request, slug, pk)
    language = _language(language)
    permissions.require(request.user, "translate", initiative)
    if language == initiative.original_language:
        raise Http404(_("This is the original's language."))
    row = MilestoneTranslation.objects.filter(milestone=milestone, language=language).first()
    title = _("%(language)s title of the milestone “%(title)s”") % {
        "language": _label(language),
        "title": milestone.title,
    }

    def redisplay(form, status, stale):
        current = None
        saved = MilestoneTranslation.objects.filter(pk=row.pk).first() if stale is not None and row else None
        if saved is not None:
            current = [(_("Title"), saved.title)]
        return _edit_page(
            request,
            initiative=initiative,
            language=language,
            form=form,
            originals=[(_("Title"), milestone.title)],
            status=status,
            current=current,
            title=title,
        )

    if request.method != "POST":
        initial = {"version": row.version if row else 0, "title": row.title if row else ""}
        return redisplay(MilestoneTranslationForm(initial=initial), 200, None)
    return _save(
        request,
        MilestoneTranslationForm(request.POST),
        lambda data, version: services.save_milestone_translation(
            milestone=milestone, actor=request.user, language=language, title=data["title"], expected_version=version
        ),
        redisplay,
        success_url=translations_url(initiative),
        message=_("The %(language)s title is saved.") % {"language": _label(language)},
    )


def _confirm(request, initiative, perform, *, title: str):
    form = ConfirmTranslationForm(request.POST)

    def redisplay(form, status, stale):
        return form_page(
            request,
            form,
            title=title,
            initiative=initiative,
            back=translations_url(initiative),
            status=status,
            submit=_("Confirm it is still right"),
        )

    return _save(
        request,
        form,
        perform,
        redisplay,
        success_url=translations_url(initiative),
        message=_("The translation is confirmed up to date."),
    )


@login_required
@require_POST
def translation_confirm(request, slug, language):
    """The initiative's text in ``language`` still says what the changed original says."""
    initiative = visible_initiative(request.user, slug)
    language = _language(language)
    return _confirm(
        request,
        initiative,
        lambda data, version: services.confirm_translation(
            initiative=initiative, actor=request.user, language=language, expected_version=version
        ),
        title=_("Confirm the %(language)s version") % {"language": _label(language)},
    )


@login_required
@require_POST
def milestone_translation_confirm(request, slug, pk, language):
    initiative, milestone = _initiative_milestone(request, slug, pk)
    language = _language(language)
    return _confirm(
        request,
        initiative,
        lambda data, version: services.confirm_milestone_translation(
            milestone=milestone, actor=request.user, language=language, expected_version=version
        ),
        title=_("Confirm the %(language)s title") % {"language": _label(language)},
    )


@login_required
def translations_review(request):
    """The user's translations to review: missing or out of date in their language, a page at a time."""
    language = texts.review_language(request.user)
    page = page_of(texts.to_review(request.user), request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "proposals/translation_review.html",
        {
            "nav": "translations",
            "language": language,
            "language_label": _label(language) if language else "",
            "page": page,
            "rows": page.object_list,
        },
    )


# --- the glossary --------------------------------------------------------------------------------


@login_required
def glossary_list(request):
    """The programme's agreed terms, searchable in any language; coordinators and admins edit them."""
    search = GlossarySearchForm(request.GET or None)
    terms = GlossaryTerm.objects.order_by("en", "pk")
    if search.is_valid() and (q := search.cleaned_data["q"].strip()):
        terms = terms.filter(Q(en__icontains=q) | Q(ko__icontains=q) | Q(ja__icontains=q))
    page = page_of(terms, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/glossary_list.html",
        {
            "nav": "glossary",
            "search": search,
            "page": page,
            "terms": page.object_list,
            "query": query.urlencode(),
            "can_edit": permissions.may_edit_glossary(request.user),
        },
    )


def _glossary_form(request, form, perform, *, title: str, message: str, term=None):
    def redisplay(form, status, stale):
        current = None
        if stale is not None and term is not None:
            term.refresh_from_db()
            current = [(_("English"), term.en), (_("Korean"), term.ko), (_("Japanese"), term.ja)]
        return form_page(
            request,
            form,
            title=title,
            back=reverse("proposals:glossary"),
            status=status,
            current=current,
        )

    if request.method != "POST":
        return redisplay(form, 200, None)
    return _save(request, form, perform, redisplay, success_url=reverse("proposals:glossary"), message=message)


@login_required
def glossary_create(request):
    if not permissions.may_edit_glossary(request.user):
        raise PermissionDenied(_("The glossary is kept by the programme's coordinators."))
    form = GlossaryTermForm(request.POST or None)
    return _glossary_form(
        request,
        form,
        lambda data, version: services.create_glossary_term(
            actor=request.user, en=data["en"], ko=data["ko"], ja=data["ja"], note=data["note"]
        ),
        title=_("New glossary term"),
        message=_("The term is added to the glossary."),
    )


@login_required
def glossary_edit(request, pk):
    if not permissions.may_edit_glossary(request.user):
        raise PermissionDenied(_("The glossary is kept by the programme's coordinators."))
    term = get_object_or_404(GlossaryTerm, pk=pk)
    if request.method == "POST":
        form = GlossaryTermForm(request.POST)
    else:
        form = GlossaryTermForm(
            initial={"en": term.en, "ko": term.ko, "ja": term.ja, "note": term.note, "version": term.version}
        )
    return _glossary_form(
        request,
        form,
        lambda data, version: services.edit_glossary_term(
            term=term,
            actor=request.user,
            expected_version=version,
            en=data["en"],
            ko=data["ko"],
            ja=data["ja"],
            note=data["note"],
        ),
        title=_("Edit “%(term)s”") % {"term": term.en},
        message=_("The glossary term is saved."),
        term=term,
    )
