"""Read-only questions about partners' reference data: the official regions (issue 14, item 4)."""

from django.db.models import Case, IntegerField, Q, Value, When

from partners.models import District, Province, Regency, Village

REGION_LEVELS = {"province": Province, "regency": Regency, "district": District, "village": Village}
SEARCH_LIMIT = 20  # matches returned by the picker's search
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
