"""The dashboard's repeated fragments built in Python: {{ row|attention_row }} (one row of the "needs
attention" queue) and {% program_cards %} (the program cards).

Built in Python rather than as a dozen template nodes per row: up to QUEUE_TOTAL rows were the
largest part of the dashboard's template rendering (issue 19). The markup and wording are the same
as the template's were. Every value is escaped as the template engine escapes it (html.escape,
what django.utils.html.escape calls, without its lazy-string wrapper); the translated wording is
trusted as {% blocktranslate %} trusts it.
"""

import html

from django import template
from django.template.defaultfilters import date, floatformat
from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()

ROW = (
    '<a class="list-group-item list-group-item-action d-flex flex-wrap justify-content-between gap-2" '
    'href="{}" data-kind="{}">\n'
    "      <span>\n"
    "        <strong>{}</strong>: {}\n"
    '        <br><span class="small text-muted">{} · {}</span>\n'
    "      </span>\n"
    "      {}\n"
    "    </a>"
)
VERY_LATE = '<span class="badge text-bg-danger align-self-center" data-testid="very-late">{}</span>\n      '
LATE = '<span class="badge text-bg-danger align-self-center">{}</span>'


def _escape(value):
    """conditional_escape: safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.filter
def attention_row(row):
    if row.very_late:
        days = localize(row.late_cap)
        badge = VERY_LATE.format(gettext("More than %(days)s days late: check the due date") % {"days": days})
    elif row.urgency > 0:
        days = localize(row.urgency)
        badge = LATE.format(ngettext("%(days)s day late", "%(days)s days late", row.urgency) % {"days": days})
    else:
        badge = ""
    values = (row.url, row.kind, row.action, row.title, row.program.name, row.detail)
    return mark_safe(ROW.format(*map(_escape, values), badge))  # noqa: S308 - every value escaped above


def _number(value):
    """{{ value }} for a number: localised, then escaped."""
    return _escape(localize(value))


def _score(scores, key):
    """A card's latest health or competency score, as the card showed it: 'not enough answers yet',
    the average to one decimal, or a dash."""
    if scores and scores.get(f"{key}_too_few"):
        return get_template("assessments/_too_few.html").render()
    if scores and scores.get(key) is not None:
        return floatformat(scores[key], 1)
    return "—"


CARD = """
    <div class="col">
      <div class="card card-program h-100" data-testid="program-card">
        <div class="card-body">
          <h3 class="h6 card-title"><a href="{url}">{name}</a></h3>
          <p class="mb-2"><span class="badge text-bg-secondary">{phase}</span>{emergency}</p>
          <dl class="row small mb-0">
            <dt class="col-7">{t_done} {d_completion}</dt>
            <dd class="col-5" data-testid="completion">{completion}</dd>
            <dt class="col-7">{t_on_time} {d_on_time}</dt>
            <dd class="col-5" data-testid="on-time">{on_time}</dd>
            <dt class="col-7">{t_overdue} {d_overdue}</dt>
            <dd class="col-5{overdue_class}" data-testid="overdue">{overdue}</dd>
            <dt class="col-7">{t_updates} {d_waiting_review}</dt>
            <dd class="col-5" data-testid="waiting-review">{updates}</dd>
            <dt class="col-7">{t_results}</dt>
            <dd class="col-5" data-testid="results-waiting-review">{results}</dd>
            <dt class="col-7">{t_unendorsed} {d_missing_endorsement}</dt>
            <dd class="col-5" data-testid="missing-endorsement">{unendorsed}</dd>
            <dt class="col-7">{t_days}</dt>
            <dd class="col-5{meeting_class}" data-testid="days-since-meeting">{days}</dd>
            <dt class="col-7">{t_next}</dt>
            <dd class="col-5">{next_meeting}</dd>
            <dt class="col-7">{t_cases}</dt>
            <dd class="col-5">{cases}</dd>
            <dt class="col-7">{t_health}</dt>
<dd class="col-5" data-testid="health-score">{health}</dd>
<dt class="col-7">{t_competency}</dt>
<dd class="col-5" data-testid="competency-score">{competency}</dd>
          </dl>
        </div>
        <div class="card-footer bg-transparent d-flex flex-wrap gap-2 small">
          <a href="{meetings_url}">{t_meetings}</a>
          <a href="{activity_url}">{t_activity}</a>
          <a href="{mediation_url}">{t_mediation}</a>
        </div>
      </div>
    </div>
    """


@register.simple_tag
def program_cards(cards, d_completion, d_on_time, d_overdue, d_waiting_review, d_missing_endorsement):
    """The dashboard's program cards as HTML (issue 19: about 45 template nodes a card were the largest
    part of the page's rendering). The same markup, escaping and wording as the template had: labels
    as {% translate %} gives them (escaped), numbers localised, rates through floatformat."""
    labels = {
        "t_done": _escape(gettext("Milestones done")),
        "t_on_time": _escape(gettext("On-time rate")),
        "t_overdue": _escape(gettext("Overdue milestones")),
        "t_updates": _escape(gettext("Updates awaiting review")),
        "t_results": _escape(gettext("Results awaiting review")),
        "t_unendorsed": _escape(gettext("Partners without leadership endorsement")),
        "t_days": _escape(gettext("Days since the last meeting")),
        "t_next": _escape(gettext("Next meeting")),
        "t_cases": _escape(gettext("Open mediation cases")),
        "t_health": _escape(gettext("Latest health check")),
        "t_competency": _escape(gettext("Latest competency score")),
        "t_meetings": _escape(gettext("Meetings")),
        "t_activity": _escape(gettext("Activity")),
        "t_mediation": _escape(gettext("Mediation")),
        "d_completion": d_completion,
        "d_on_time": d_on_time,
        "d_overdue": d_overdue,
        "d_waiting_review": d_waiting_review,
        "d_missing_endorsement": d_missing_endorsement,
    }
    emergency = f' <span class="badge text-bg-danger">{_escape(gettext("Emergency"))}</span>'
    no_meeting = _escape(gettext("no meeting yet"))
    parts = []
    for card in cards:
        completion, on_time, days = card.completion_rate, card.on_time_rate, card.days_since_meeting
        parts.append(
            CARD.format(
                url=_escape(card.program.get_absolute_url()),
                name=_escape(card.name),
                phase=_escape(card.phase_label),
                emergency=emergency if card.is_emergency else "",
                completion=(
                    f'{floatformat(completion, 0)}% <span class="text-muted">'
                    f"({_number(card.ms_done)}/{_number(card.ms_total)})</span>"
                    if completion is not None
                    else "—"
                ),
                on_time=f"{floatformat(on_time, 0)}%" if on_time is not None else "—",
                overdue_class=" overdue" if card.ms_overdue else "",
                overdue=_number(card.ms_overdue),
                updates=_number(card.updates_waiting),
                results=_number(card.results_waiting),
                unendorsed=_number(card.partners_unendorsed),
                meeting_class=" overdue" if card.needs_meeting else "",
                days=_number(days) if days is not None else no_meeting,
                next_meeting=_escape(date(card.next_meeting, "DATE_FORMAT") or "—"),
                cases=_number(card.open_cases),
                health=_score(card.scores, "health"),
                competency=_score(card.scores, "competency"),
                meetings_url=_escape(reverse("facilitation:meeting_list", args=[card.pk])),
                activity_url=_escape(reverse("facilitation:activity", args=[card.pk])),
                mediation_url=_escape(reverse("facilitation:mediation_list", args=[card.pk])),
                **labels,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
