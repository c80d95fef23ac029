"""Chart.js configurations (passed to the page with json_script, drawn by static/js/reports-charts.js)."""

from django.utils.translation import gettext as _


def burn_up_chart(burn_up):
    return {
        "type": "line",
        "labels": burn_up["labels"],
        "datasets": [
            {"label": _("Milestones due (cumulative)"), "data": burn_up["planned"]},
            {"label": _("Milestones done (cumulative)"), "data": burn_up["completed"]},
        ],
    }


def partner_chart(partners):
    return {
        "type": "bar",
        "indexAxis": "y",
        "labels": [p.organisation.name for p in partners],
        "datasets": [{"label": _("Contributions in period (IDR)"), "data": [float(p.period_total) for p in partners]}],
    }


def province_chart(by_province):
    return {
        "type": "bar",
        "percent": True,
        "labels": [r["name"] for r in by_province],
        "datasets": [
            {"label": _("Milestone completion (%)"), "data": [float(r["completion_rate"] or 0) for r in by_province]}
        ],
    }
