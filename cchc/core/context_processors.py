from django.apps import apps
from django.urls import NoReverseMatch, reverse

from cchc.units.scoping import user_roles_on


def navigation(request):
    """Navigation by domain (each app's ``nav`` on its AppConfig) and the unit switcher.

    An app whose AppConfig has ``nav_count(user, url_name) -> int`` shows that number beside its
    entry on every page (the unread notifications)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for config in apps.get_app_configs():
        counter = getattr(config, "nav_count", None)
        for label, url_name in getattr(config, "nav", ()):
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "active": False, "count": counter(user, url_name) if counter else None})
    # The entry whose address is the longest prefix of the page's is the active one.
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    memberships = list(
        user.memberships.filter(unit_id__in=[u for u, _ in user_roles_on(user)]).select_related("unit").order_by("unit__name")
    )
    current = next((m for m in memberships if m.unit_id == getattr(request, "current_unit_id", None)), None)
    return {"nav_items": items, "my_memberships": memberships, "current_membership": current}
