"""URLs that need no unit scope, each with the reason. The resolver-walk test reads this list."""

PUBLIC_URL_NAMES: dict[str, str] = {
    "accounts:login": "the sign-in page",
    "accounts:logout": "signing out ends the caller's own session",
    "accounts:password_change": "changes the caller's own password only",
    "accounts:password_change_done": "confirmation page with no data",
    "accounts:token": "shows or renews the caller's own API token only",
    "core:home": "the dashboard lists only what the caller's memberships reach",
    "core:switch_unit": "stores the caller's choice among their own memberships",
    "core:healthz": "liveness probe for the load balancer; returns no data",
    "api-schema": "the OpenAPI description of the endpoints, no data",
    "api-docs": "the interactive API documentation, no data",
    "javascript-catalog": "translated interface strings",
    "notifications:list": "lists only the caller's own notifications",
    "notifications:read": "marks one of the caller's own notifications read; anyone else's is 404",
    "notifications:read_all": "marks the caller's own notifications read",
    "petitions_public:home": "public petition page: the units a petition may be addressed to, no petition data",
    "petitions_public:submit": "citizens send a petition without an account (rate limited, honeypot, no address kept)",
    "petitions_public:lookup": "status and published answer of the one petition whose tracking code is given",
    "petitions_public:rate": "the holder of a tracking code rates the published answer, once",
    "petitions_public:answers": "published answers only, with personal data masked; never contact details",
    "surveys_public:answer": "citizens answer a survey without signing in; shows the questionnaire only, never an answer",
    "surveys_public:thanks": "the thank-you page after an answer; shows no answer",
}

#: URL namespaces served only to superusers by Django itself.
SUPERUSER_NAMESPACES = {"admin"}
