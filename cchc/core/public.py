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
    "portal:province": "public portal: the province's units and rankings, only what heads of unit published",
    "portal:unit": "public portal: one unit's published plans and results",
    "portal:plan": "public portal: a plan its head of unit published (404 otherwise), no notes or evidence",
    "portal:search": "public portal: units and procedures by name, both public facts",
    "portal:open_data": "public portal: the list of open-data tables and their licence",
    "portal:table_csv": "public portal: an open-data table (published content only) as CSV",
    "portal:table_json": "public portal: an open-data table (published content only) as JSON",
    "public-api:table-list": "public API: the open-data tables, published content only",
    "public-api:table-detail": "public API: one open-data table, published content only",
    "public-api:plan-list": "public API: the plans heads of unit published",
    "public-api:plan-detail": "public API: one published plan with its tasks' status and progress",
    "public-api:unit-list": "public API: units with a public page, and the name search",
}

#: URL namespaces served only to superusers by Django itself.
SUPERUSER_NAMESPACES = {"admin"}
