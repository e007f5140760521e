from cchc.units.scoping import user_roles_on


class CurrentUnitMiddleware:
    """Puts the unit the user chose in the unit switcher on ``request.current_unit_id``.

    The choice is among the user's own memberships; it preselects a unit in pages and never
    widens what the user may see.
    """

    session_key = "current_unit_id"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_unit_id = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            mine = [unit_id for unit_id, _ in user_roles_on(user)]
            chosen = request.session.get(self.session_key)
            if chosen in mine:
                request.current_unit_id = chosen
            elif mine:
                request.current_unit_id = mine[0]
        return self.get_response(request)
