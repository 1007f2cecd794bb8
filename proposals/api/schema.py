"""How the OpenAPI schema describes what drf-spectacular cannot read from the code itself."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.tokens.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "“Token <key>” or “Bearer <key>”; get a key from POST /api/v1/auth/token/.",
        }


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every refusal: a stable code, a message in the caller's language, messages by field.",
    "properties": {
        "code": {"type": "string", "examples": ["invalid", "stale_edit", "invalid_transition"]},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "current": {"type": "string", "description": "409 only: the state the milestone is in."},
        "wanted": {"type": "string", "description": "409 only: the state that was asked for."},
    },
    "required": ["code", "message", "fields"],
}

# Status → when it is answered; added to every operation that does not describe it already.
_ALWAYS = {
    "400": "Bad input: a field, a query parameter or the body; `fields` says which.",
    "401": "No credentials, or a token that is not valid (`WWW-Authenticate` says how to send one).",
    "403": "You may read this but not do this (or the token is read-only).",
    "404": "Not there, or not yours to read.",
    "405": "This address does not take this method.",
    "429": "Too many requests (`Retry-After` says when to try again).",
}
_WRITES = {
    "409": "The step is not allowed from the current state (`current`, `wanted`).",
    "412": "Stale: the object changed since the version you sent (`If-Match` or `version`).",
    "413": "The body is too large.",
    "415": "The body is not JSON.",
}


# One example body per request schema (by component name), shown by Swagger UI and ReDoc.
REQUEST_EXAMPLES: dict[str, dict] = {
    "TokenRequest": {"username": "member.park", "password": "…", "name": "ministry sync", "read_only": False},
    "InitiativeCreate": {
        "working_group": "economic-security",
        "title": "Joint critical-minerals stockpile review",
        "summary": "Compare both sides' stockpiles of graphite, gallium and germanium and agree on a swap line.",
        "pillar": "economy",
        "lead_side": "joint",
        "start_date": "2026-12-01",
        "target_date": "2027-06-30",
        "owners": [{"username": "member.park", "side": "KR"}, {"username": "member.tanaka", "side": "JP"}],
    },
    "PatchedInitiativeEdit": {"target_date": "2027-09-30", "version": 4},
    "Status": {"status": "active", "note": "Launched at the ministers' meeting.", "version": 5},
    "Visibility": {"visibility": "restricted", "version": 5},
    "Publication": {"public": True, "version": 5},
    "OwnerInput": {"username": "member.tanaka", "side": "JP"},
    "MilestoneCreate": {
        "initiative": "currency-swap-expansion",
        "title": "Draft the step-up schedule",
        "owner": "member.park",
        "due_date": "2027-02-15",
        "weight": 2,
        "is_joint": True,
    },
    "Note": {"note": "Both finance ministries agree on the text.", "version": 3},
    "Replan": {"due_date": "2027-03-31", "reason": "The Diet's session ends later.", "version": 3},
    "IndicatorCreate": {
        "initiative": "currency-swap-expansion",
        "name": "Swap line",
        "unit": "USD bn",
        "baseline": "10",
        "target": "20",
    },
    "PatchedIndicatorEdit": {"target": "25", "version": 2},
    "ReadingCreate": {"date": "2026-12-01", "value": "12.5", "note": "Q4 figure", "evidence": None},
    "EvidenceCreate": {
        "initiative": "currency-swap-expansion",
        "url": "https://www.mof.go.jp/english/policy/international_policy/",
        "title": "Ministry of Finance statement",
        "kind": "official",
        "published_on": "2026-11-20",
    },
    "ProgressUpdateCreate": {"initiative": "currency-swap-expansion", "note": "Legal review done.", "percent": 40},
    "CommentCreate": {
        "initiative": "currency-swap-expansion",
        "body": "Minutes attached. @member.tanaka please check.",
    },
    "PatchedCommentEdit": {"body": "Minutes attached (corrected).", "version": 2},
    "Hide": {"reason": "Personal data in the text.", "version": 1},
    "Unhide": {"version": 2},
    "FollowCreate": {"initiative": "currency-swap-expansion"},
    "PatchedPreferences": {"language": "ja", "time_zone": "Asia/Tokyo", "digest_frequency": "weekly", "version": 3},
    "WebhookCreate": {
        "working_group": "economic-security",
        "url": "https://tracker.ministry.example/hooks/initiatives",
        "events": ["milestone.approved", "indicator.reading_added"],
        "description": "Ministry progress tracker",
    },
    "PatchedWebhookEdit": {"is_active": True, "version": 3},
    "AssessmentCreate": {
        "initiative": "currency-swap-expansion",
        "rating": "at_risk",
        "rationale": "The Bank of Japan policy board has not scheduled the item yet.",
        "confidence": "medium",
        "next_update_on": "2027-01-15",
    },
    "DomesticStepCreate": {
        "initiative": "currency-swap-expansion",
        "side": "JP",
        "kind": "other",
        "title": "Bank of Japan policy board approval",
        "due_on": "2027-05-20",
        "owner": "member.tanaka",
        "milestone": 42,
    },
    "PatchedDomesticStepEdit": {"status": "done", "done_on": "2027-05-18", "version": 2},
    "InitiativeTranslationInput": {
        "title": "通貨スワップの拡大",
        "summary": "日韓通貨スワップ枠を300億ドル超へ拡大する。",
        "description": "",
        "version": 0,
    },
    "MilestoneTranslationInput": {"title": "両中央銀行との段階的増額日程の合意", "version": 2},
    "ConfirmInput": {"version": 3},
    "GlossaryTermInput": {
        "en": "currency swap",
        "ko": "통화스와프",
        "ja": "通貨スワップ",
        "note": "Central banks' line.",
    },
    "PatchedGlossaryTermInput": {"note": "Bank of Korea / Bank of Japan line.", "version": 2},
}

# One example answer per error status.
ERROR_EXAMPLES: dict[str, dict] = {
    "400": {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {"due_date": ["Enter a valid date."]},
    },
    "401": {"code": "not_authenticated", "message": "Authentication credentials were not provided.", "fields": {}},
    "403": {"code": "permission_denied", "message": "You are not allowed to do that.", "fields": {}},
    "404": {"code": "not_found", "message": "Not found.", "fields": {}},
    "405": {"code": "method_not_allowed", "message": 'Method "PUT" not allowed.', "fields": {}},
    "409": {
        "code": "invalid_transition",
        "message": "A milestone that is “Approved” cannot become “Submitted for review”.",
        "fields": {},
        "current": "approved",
        "wanted": "submitted",
    },
    "412": {
        "code": "stale_edit",
        "message": "Someone else saved a change since you opened this page.",
        "fields": {},
    },
    "413": {"code": "too_large", "message": "The request body is too large.", "fields": {}},
    "415": {"code": "unsupported_media_type", "message": "Send JSON (Content-Type: application/json).", "fields": {}},
    "429": {"code": "throttled", "message": "Request was throttled.", "fields": {}},
}


def add_error_responses(result: dict, generator: object, request: object, public: bool) -> dict:
    """drf-spectacular postprocessing hook: the one error shape under every status an operation may answer,
    with an example of each, and an example body for every request."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = dict(_ALWAYS)
            if method in ("post", "patch", "put", "delete"):
                statuses |= _WRITES
            for code, description in statuses.items():
                operation["responses"].setdefault(code, {"description": description})
            for code, response in operation["responses"].items():
                if code[:1] in "45":
                    example = ERROR_EXAMPLES.get(code, ERROR_EXAMPLES["400"])
                    response.setdefault(
                        "content",
                        {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": example}},
                    )
            _add_request_example(operation)
    return result


def _add_request_example(operation: dict) -> None:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is None or "example" in body:
        return
    name = body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
    if name in REQUEST_EXAMPLES:
        body["example"] = REQUEST_EXAMPLES[name]
