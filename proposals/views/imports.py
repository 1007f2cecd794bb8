"""Bulk import of milestones for coordinators: upload a spreadsheet, read the preview, confirm.

The upload is the one place of the site that takes a file (``tracker.uploads.accepts_one_file``). The
preview writes nothing; it keeps the file's rows in the session, and the confirmation plans them again
and applies them all or none (``proposals.exports.imports``).
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker.uploads import accepts_one_file, upload_too_large

from ..exports import imports

SESSION_KEY = "milestone_import"
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LANGUAGE_NAMES = {"en": "English", "ko": "한국어", "ja": "日本語"}
COLUMN_HELP = {
    "key": gettext_lazy(
        "The row's own key, unique within its initiative: importing a row with the same key again changes that "
        "milestone instead of adding another."
    ),
    "initiative": gettext_lazy("The initiative's short name, as in its address; of a group you coordinate."),
    "title": gettext_lazy("The milestone's title."),
    "due_date": gettext_lazy("The due date as YYYY-MM-DD (in a workbook, a date cell will do)."),
    "weight": gettext_lazy("A whole number above zero; 1 when empty."),
    "owner": gettext_lazy("The owner's user name, or empty for nobody. They must be able to read the initiative."),
    "description": gettext_lazy("Plain text."),
    "version": gettext_lazy(
        "The milestone's version when the row was exported. A row that would change a milestone edited since then "
        "is refused."
    ),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("CSV in UTF-8 or an Excel workbook (.xlsx), at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv," + TEMPLATE_TYPES["xlsx"]}),
    )


def _require_importer(user) -> None:
    if not imports.may_import(user):
        raise PermissionDenied(_("Only coordinators of a working group and admins can import milestones."))


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(
        request,
        template,
        {
            "nav": "groups",
            "columns": [
                {
                    "names": [names[column] for names in imports.HEADERS.values()],
                    "required": column in imports.REQUIRED_COLUMNS,
                    "help": COLUMN_HELP[column],
                }
                for column in imports.COLUMNS
            ],
            "languages": [(code, LANGUAGE_NAMES[code]) for code in imports.HEADERS],
            "max_rows": imports.MAX_ROWS,
            **context,
        },
        status=status,
    )


def _preview(request, plan: imports.Plan, name: str, token: str | None, status: int) -> HttpResponse:
    return _page(
        request,
        "proposals/import_preview.html",
        {"plan": plan, "counts": plan.counts, "name": name, "token": token, "form": ImportForm()},
        status=status,
    )


@login_required
@accepts_one_file(field_name="file", max_size=imports.MAX_FILE_SIZE)
def milestone_import(request):
    """GET: the upload form and the columns it takes. POST: the file's preview; nothing is written."""
    _require_importer(request.user)  # before the body is read: nobody else's file is ever parsed
    if request.method != "POST":
        return _page(request, "proposals/import_upload.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if upload_too_large(request):
        form.is_valid()
        form.add_error(
            "file", _("The file is larger than %(size)d MB.") % {"size": imports.MAX_FILE_SIZE // (1024 * 1024)}
        )
        return _page(request, "proposals/import_upload.html", {"form": form}, status=413)
    if not form.is_valid():
        return _page(request, "proposals/import_upload.html", {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        sheet = imports.read_sheet(upload.read())
    except imports.ImportFileError as error:
        form.add_error("file", str(error))
        return _page(request, "proposals/import_upload.html", {"form": form}, status=400)
    plan = imports.plan_import(sheet, request.user)
    name = upload.name[:200]
    if not plan.ok:
        request.session.pop(SESSION_KEY, None)
        return _preview(request, plan, name, None, status=400)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {"token": token, "name": name, "sheet": sheet.to_data()}
    return _preview(request, plan, name, token, status=200)


@login_required
@require_POST
def milestone_import_confirm(request):
    """Apply the previewed rows, planned again: all in one transaction, or nothing and the preview again."""
    _require_importer(request.user)
    stored = request.session.get(SESSION_KEY)
    if not stored or not constant_time_compare(stored["token"], request.POST.get("token", "")):
        messages.error(request, _("That preview is no longer current. Upload the file again."))
        return redirect("proposals:milestone-import")
    del request.session[SESSION_KEY]
    plan = imports.apply_import(imports.Sheet.from_data(stored["sheet"]), request.user)
    if not plan.ok:
        return _preview(request, plan, stored["name"], None, status=400)
    messages.success(
        request,
        _("Milestones imported: %(create)d added, %(update)d changed, %(unchanged)d unchanged.") % plan.counts,
    )
    return redirect("proposals:milestone-import")


@login_required
def milestone_import_template(request, fmt):
    """An empty spreadsheet to fill in: the header in ``?lang=`` (en, ko, ja; the page's language) and one example."""
    if fmt not in TEMPLATE_TYPES:
        raise Http404
    _require_importer(request.user)
    lang = request.GET.get("lang") or (get_language() or "en")[:2]
    lang = lang if lang in imports.HEADERS else "en"
    response = HttpResponse(imports.template(lang, request.user, fmt=fmt), content_type=TEMPLATE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="milestones-{lang}.{fmt}"'
    return response
