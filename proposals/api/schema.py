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
