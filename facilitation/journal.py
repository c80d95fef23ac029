"""The mix of roles a facilitator played over time (issue 15, item 6): quarter by role, one query."""

from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext

from facilitation.models import FacilitatorRole, JournalEntry


def quarter_label(day):
    return gettext("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}


def role_mix(entries):
    """{roles, rows: [{label, counts, total}], totals, chart} from a JournalEntry queryset; one query."""
    counts = {}
    grouped = (
        entries.order_by()
        .annotate(quarter=TruncQuarter("date"))
        .values("quarter", "role")
        .annotate(n=Count("pk"))
        .order_by("quarter")
    )
    for row in grouped:
        counts.setdefault(row["quarter"], {})[row["role"]] = row["n"]
    roles = list(FacilitatorRole)
    rows = []
    for quarter, by_role in counts.items():
        cells = [by_role.get(role.value, 0) for role in roles]
        rows.append({"label": quarter_label(quarter), "counts": cells, "total": sum(cells)})
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(roles))]
    chart = {
        "type": "bar",
        "labels": [row["label"] for row in rows],
        "datasets": [
            {"label": str(role.label), "data": [row["counts"][i] for row in rows]} for i, role in enumerate(roles)
        ],
    }
    return {"roles": [role.label for role in roles], "rows": rows, "totals": totals, "chart": chart}


def author_entries(user):
    return JournalEntry.objects.filter(author=user)
