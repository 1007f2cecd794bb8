"""The few domain errors that services raise.

Django's own ``PermissionDenied`` (403), ``Http404`` (404, for what the user may
not even see) and ``ValidationError`` (field errors) are used as they are; the two
below are ours. Views turn them into form errors and messages, the API into 409
and 412 responses.
"""

from django.utils.translation import gettext as _


def _state_label(state: str) -> str:
    from .models import MilestoneStatus

    if state == "replanned":
        return _("re-planned")
    try:
        return str(MilestoneStatus(state).label)
    except ValueError:
        return state


class InvalidTransition(Exception):
    """A workflow step that the current state does not allow (HTTP 409)."""

    def __init__(self, current: str, wanted: str):
        self.current = current
        self.wanted = wanted
        super().__init__(
            _("A milestone that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": _state_label(current), "wanted": _state_label(wanted)}
        )


class StaleEdit(Exception):
    """The object changed since the user read it (HTTP 412)."""

    def __init__(self, current_version: int, expected_version: int):
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(
            _("Someone else saved a change since you opened this page. Review their change, then apply yours again.")
        )
