"""How to get a real object id for every URL that takes one, and who the outsider is.

Every URL pattern with an int argument must have an entry here; the outsider test fails with
"add an outsider case for X" otherwise, so a new route cannot slip by without a 404 check.

An entry is `name: (kwargs(world) -> dict, outsider attribute on world)`. The outsider is
`luar` (a facilitator of another program) unless the page is deliberately open to every
facilitator, like the organisation directory; then it is `partner_outsider` (partner staff of
an organisation in another program).
"""

LUAR = "luar"
PARTNER_OUTSIDER = "partner_outsider"

OBJECT_URLS = {
    # partners
    "partners:program_detail": (lambda w: {"pk": w.program.pk}, LUAR),
    # Facilitators, managers and admins see the whole organisation directory (they scope new partners).
    "partners:organisation_detail": (lambda w: {"pk": w.org_a.pk}, PARTNER_OUTSIDER),
}

# Reachable without logging in, on purpose.
PUBLIC_URLS = {
    "login",
    "logout",  # POST only; an anonymous POST just lands on the login page
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "healthz",
    "admin:login",
    "admin:logout",
}


def kwargs_for(route, world):
    """Real kwargs for a route from the registry, or dummy values."""
    from tests.urlwalk import dummy_value

    entry = OBJECT_URLS.get(route.name)
    kwargs = entry[0](world) if entry else {}
    for key, converter in route.converters.items():
        kwargs.setdefault(key, dummy_value(converter))
    return kwargs
