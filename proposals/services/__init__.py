"""Every write in the product. Views, the admin, commands and tasks call these; none repeats their rules."""

from .comments import add_comment, edit_comment, hide_comment, unhide_comment
from .common import check_version, record_activity
from .evidence import (
    add_evidence,
    add_reading,
    create_indicator,
    edit_indicator,
    log_progress,
    validate_evidence_url,
)
from .following import (
    follow_initiative,
    follow_working_group,
    unfollow_initiative,
    unfollow_working_group,
)
from .initiatives import (
    add_owner,
    change_initiative_status,
    change_initiative_visibility,
    create_initiative,
    edit_initiative,
    publish_initiative,
    remove_owner,
)
from .milestones import (
    approve_milestone,
    cancel_milestone,
    create_milestone,
    edit_milestone,
    replan_milestone,
    request_changes,
    start_milestone,
    submit_milestone,
)
from .webhooks import delete_webhook, edit_webhook, redeliver, register_webhook, send_test_event

__all__ = [
    "add_comment",
    "add_evidence",
    "add_owner",
    "add_reading",
    "approve_milestone",
    "cancel_milestone",
    "change_initiative_status",
    "change_initiative_visibility",
    "check_version",
    "create_indicator",
    "create_initiative",
    "create_milestone",
    "delete_webhook",
    "edit_comment",
    "edit_indicator",
    "edit_initiative",
    "edit_milestone",
    "edit_webhook",
    "follow_initiative",
    "follow_working_group",
    "hide_comment",
    "log_progress",
    "publish_initiative",
    "record_activity",
    "redeliver",
    "register_webhook",
    "remove_owner",
    "replan_milestone",
    "request_changes",
    "send_test_event",
    "start_milestone",
    "submit_milestone",
    "unfollow_initiative",
    "unfollow_working_group",
    "unhide_comment",
    "validate_evidence_url",
]
