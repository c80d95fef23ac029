"""Read-only questions about partners' reference data: the official regions (issue 14, item 4), and
who or what may be added to a program, searched by name (issue 16, item 15)."""

from django.db.models import Case, IntegerField, Q, Value, When

from partners.models import District, Organisation, Province, Regency, User, Village

REGION_LEVELS = {"province": Province, "regency": Regency, "district": District, "village": Village}
SEARCH_LIMIT = 20  # matches returned by the picker's search
SEARCH_MIN_LENGTH = 2  # characters typed before the people and organisation pickers search
# What each level's label names beside the region itself (loaded in the same query).
_RELATED = {
    "province": [],
    "regency": ["province"],
    "district": ["regency"],
    "village": ["district__regency"],
}


def region_label(level, region):
    """ "Namosain, Alak, Kota Kupang": the region with the places above it that tell it apart."""
    if level == "village":
        return f"{region.name}, {region.district.name}, {region.district.regency.name}"
    if level == "district":
        return f"{region.name}, {region.regency.name}"
    if level == "regency":
        return f"{region.name}, {region.province.name}"
    return region.name


def region_labels(level, ids):
    """[(pk, code, label)] of the regions `ids` of one level, in code order: one query (none without ids)."""
    if not ids:
        return []
    model = REGION_LEVELS[level]
    rows = model.objects.filter(pk__in=ids).select_related(*_RELATED[level]).order_by("code")
    return [(r.pk, r.code, region_label(level, r)) for r in rows]


def search_regions(level, q, parent=""):
    """At most SEARCH_LIMIT regions of `level` whose name contains `q` (names that start with it
    first) or whose code starts with it, inside the region coded `parent` when given. One query."""
    model = REGION_LEVELS[level]
    q = " ".join(q.split())
    regions = model.objects.select_related(*_RELATED[level])
    if parent:
        regions = regions.filter(code__startswith=parent + ".")
    if q:
        regions = regions.filter(Q(name__icontains=q) | Q(code__startswith=q))
    elif not parent:
        return []
    regions = regions.annotate(
        rank=Case(When(name__istartswith=q, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("rank", "name", "code")[:SEARCH_LIMIT]
    return [{"id": r.pk, "code": r.code, "name": r.name, "label": region_label(level, r)} for r in regions]


# Adding people and partners to a program (issue 16, item 15) -------------------------------------


def person_label(user):
    """Name, username and where the person works, so the facilitator picks the right one."""
    where = user.organisation.name if user.organisation_id else user.get_role_display()
    return f"{user} ({user.username}) — {where}"


def people_to_add(program, *, organisation_id=None):
    """The active people not yet in `program`; with `organisation_id` (a partner lead adding their own
    staff), only the partner people of that organisation."""
    people = User.objects.filter(is_active=True).exclude(memberships__program=program)
    if organisation_id is not None:
        people = people.filter(
            organisation_id=organisation_id, role__in=[User.Role.PARTNER_LEAD, User.Role.PARTNER_STAFF]
        )
    return people


def people_labels(ids):
    """[(pk, label)] of the people `ids` (the picker's chosen one). One query."""
    return [(u.pk, person_label(u)) for u in User.objects.filter(pk__in=ids).select_related("organisation")]


def _words(q):
    words = q.split()[:5]
    return words if len("".join(words)) >= SEARCH_MIN_LENGTH else []


def search_people_to_add(program, q, *, organisation_id=None):
    """At most SEARCH_LIMIT [(pk, label)] of people_to_add() whose name, username or organisation
    contains every word of `q`; none for fewer than SEARCH_MIN_LENGTH characters. One query."""
    words = _words(q)
    if not words:
        return []
    people = people_to_add(program, organisation_id=organisation_id).select_related("organisation")
    for word in words:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    people = people.order_by("first_name", "last_name", "username")[:SEARCH_LIMIT]
    return [(u.pk, person_label(u)) for u in people]


def organisations_to_add(program):
    """The organisations not yet partners of `program`."""
    return Organisation.objects.exclude(program_partners__program=program)


def organisation_labels(ids):
    """[(pk, name)] of the organisations `ids` (the picker's chosen one). One query."""
    return list(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))


def search_organisations_to_add(program, q):
    """At most SEARCH_LIMIT [(pk, name)] of organisations_to_add() whose name contains every word of
    `q`, names that start with it first; none for fewer than SEARCH_MIN_LENGTH characters. One query."""
    words = _words(q)
    if not words:
        return []
    organisations = organisations_to_add(program)
    for word in words:
        organisations = organisations.filter(name__icontains=word)
    organisations = organisations.annotate(
        rank=Case(When(name__istartswith=words[0], then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("rank", "name", "pk")[:SEARCH_LIMIT]
    return list(organisations.values_list("pk", "name"))
