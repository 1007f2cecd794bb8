"""Every write in the product. Views, the admin, commands and tasks call these; none repeats their rules."""

from .assessments import post_assessment
from .comments import add_comment, edit_comment, hide_comment, unhide_comment
from .common import check_version, record_activity
from .domestic_steps import add_domestic_step, edit_domestic_step
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
from .translations import (
    confirm_milestone_translation,
    confirm_translation,
    create_glossary_term,
    delete_glossary_term,
    edit_glossary_term,
    save_milestone_translation,
    save_translation,
)
from .webhooks import delete_webhook, edit_webhook, redeliver, register_webhook, send_test_event

__all__ = [
    "add_comment",
    "add_domestic_step",
    "add_evidence",
    "add_owner",
    "add_reading",
    "approve_milestone",
    "cancel_milestone",
    "change_initiative_status",
    "change_initiative_visibility",
    "check_version",
    "confirm_milestone_translation",
    "confirm_translation",
    "create_glossary_term",
    "create_indicator",
    "create_initiative",
    "create_milestone",
    "delete_glossary_term",
    "delete_webhook",
    "edit_comment",
    "edit_domestic_step",
    "edit_glossary_term",
    "edit_indicator",
    "edit_initiative",
    "edit_milestone",
    "edit_webhook",
    "follow_initiative",
    "follow_working_group",
    "hide_comment",
    "log_progress",
    "post_assessment",
    "publish_initiative",
    "record_activity",
    "redeliver",
    "register_webhook",
    "remove_owner",
    "replan_milestone",
    "request_changes",
    "save_milestone_translation",
    "save_translation",
    "send_test_event",
    "start_milestone",
    "submit_milestone",
    "unfollow_initiative",
    "unfollow_working_group",
    "unhide_comment",
    "validate_evidence_url",
]
