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


def add_error_responses(result: dict, generator: object, request: object, public: bool) -> dict:
    """drf-spectacular postprocessing hook: the one error shape under every status an operation may answer."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
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
                    response.setdefault("content", reference)
    return result
