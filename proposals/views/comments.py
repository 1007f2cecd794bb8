"""Forms on comments: post, preview, edit with history, hide and unhide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import permissions, services
from ..forms import (
    CommentEditForm,
    CommentForm,
    CommentPreviewForm,
    HideForm,
)
from ..markup import mentioned_usernames, render_markdown
from .common import (
    version_of,
    visible_comment,
    visible_initiative,
)
from .form_handling import (
    add_to_initiative,
    process,
)

# --- comments ---------------------------------------------------------------------------------------------


def tell_who_was_not_notified(request: HttpRequest, comment) -> None:
    """Tell the author which of the names they mentioned reached nobody (no such person, or one who may not
    read the initiative): those stay plain text in the comment."""
    notified = {person.username for person in comment.mentions.all()}
    missed = [name for name in mentioned_usernames(comment.body) if name not in notified]
    if missed:
        messages.warning(
            request,
            ngettext(
                "%(names)s was not notified: no such person, or they cannot read this initiative.",
                "%(names)s were not notified: no such people, or they cannot read this initiative.",
                len(missed),
            )
            % {"names": ", ".join(f"@{name}" for name in missed)},
        )


@login_required
def comment_create(request, slug):
    initiative = visible_initiative(request.user, slug)
    permissions.require(request.user, "comment", initiative)

    def post(data):
        comment = services.add_comment(
            initiative=initiative, actor=request.user, body=data["body"], milestone=data["milestone"]
        )
        tell_who_was_not_notified(request, comment)

    return add_to_initiative(
        request,
        initiative,
        CommentForm(request.POST or None, initiative=initiative),
        post,
        title=_("Comment on “%(title)s”") % {"title": initiative.title},
        submit=_("Post comment"),
        anchor="#comments",
        message=_("Your comment is posted."),
    )


@login_required
@require_POST
def comment_preview(request: HttpRequest) -> HttpResponse:
    """The rendered, sanitized Markdown of a draft (htmx), exactly as it will be shown.

    A draft longer than a comment may be is refused (400, the form's message) and never rendered.
    """
    form = CommentPreviewForm(request.POST)
    if not form.is_valid():
        errors = format_html_join("", "<li>{}</li>", ((error,) for error in form.errors.get("body", [])))
        return HttpResponse(format_html('<ul class="errorlist" role="alert">{}</ul>', errors), status=400)
    html = render_markdown(form.cleaned_data["body"])
    return HttpResponse(html or format_html('<p class="empty">{}</p>', _("Nothing to preview yet.")))


@login_required
def comment_edit(request, pk):
    comment = visible_comment(request.user, pk)
    initiative = comment.initiative
    if not permissions.can(request.user, "edit_comment", comment):
        raise PermissionDenied(_("Only the author can edit a comment."))
    revisions = list(comment.revisions.select_related("edited_by").order_by("-created_at"))
    title = _("Edit your comment")
    form = CommentEditForm(request.POST or None, initial={"body": comment.body, "version": comment.version})

    def page(form, status, stale=False):
        return render(
            request,
            "proposals/comment_edit.html",
            {
                "nav": "initiatives",
                "initiative": initiative,
                "comment": comment,
                "form": form,
                "title": title,
                "revisions": revisions,
                "current_body": comment.body if stale else None,
            },
            status=status,
        )

    if request.method != "POST":
        return page(form, 200)

    def perform(data):
        services.edit_comment(comment=comment, actor=request.user, body=data["body"], expected_version=version_of(form))

    def redisplay(form, status, stale):
        if stale:
            comment.refresh_from_db()
        return page(form, status, stale)

    return process(
        request,
        form,
        perform,
        success_url=initiative.get_absolute_url() + f"#comment-{comment.pk}",
        message=_("Your comment is saved; the earlier text is kept in its history."),
        redisplay=redisplay,
    )


@login_required
@require_POST
def comment_moderate(request, pk, action):
    comment = visible_comment(request.user, pk)
    permissions.require(request.user, "moderate", comment)
    if action == "hide":
        form = HideForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.hide_comment(comment=comment, actor=request.user, reason=reason)
        messages.success(request, _("The comment is hidden from readers."))
    elif action == "unhide":
        services.unhide_comment(comment=comment, actor=request.user)
        messages.success(request, _("The comment is visible again."))
    else:
        raise Http404
    return redirect(comment.initiative.get_absolute_url() + f"#comment-{comment.pk}")
