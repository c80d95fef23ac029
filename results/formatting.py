"""How a result figure is written on a page: one place for the markup of `results/_value.html` and
`results/_rag.html`, fast enough for tables of a thousand cells (issue 19).

The numbers come out exactly as Django's `floatformat` filter writes them in the active language
(`value|floatformat:"-2g"` for values, `percent|floatformat:"-1"` for percentages;
results/tests/test_formatting.py compares the two on many values in both languages). `floatformat`
costs about 30 µs a call through the template engine (number_format looks up three formats per
call); the IPTT of the largest program writes about 750 figures, so the page formats them here,
with the language's separators read once.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from roadmap.render import route

DASH = mark_safe('<span class="text-muted">—</span>')
EXPONENTS = {1: Decimal("0.1"), 2: Decimal("0.01")}


class Formatter:
    """The figures of one language (see the module docstring); get one with `formatter()`."""

    def __init__(self):
        self.decimal = get_format("DECIMAL_SEPARATOR")
        self.thousand = get_format("THOUSAND_SEPARATOR")
        # The fast path groups by threes, as both languages do; anything else goes to floatformat.
        self.fast = get_format("NUMBER_GROUPING") == 3
        self.always_grouped = settings.USE_THOUSAND_SEPARATOR
        self.grouped_table = str.maketrans({",": self.thousand, ".": self.decimal})
        self.yes = escape(gettext("Yes"))
        self.no = escape(gettext("No"))
        self.badges = {
            "green": mark_safe(
                f'<span class="badge text-bg-success" data-rag="green">{escape(gettext("On track"))}</span>'
            ),
            "amber": mark_safe(
                f'<span class="badge text-bg-warning" data-rag="amber">{escape(gettext("Needs attention"))}</span>'
            ),
            "red": mark_safe(
                f'<span class="badge text-bg-danger" data-rag="red">{escape(gettext("Off track"))}</span>'
            ),
        }

    def number(self, value, places, grouping=False):
        """`floatformat:"-<places>"` (`"-<places>g"` with grouping) of a non-negative Decimal."""
        if type(value) is not Decimal or not self.fast or not value.is_finite() or value < 0:
            return floatformat(value, f"-{places}{'g' if grouping else ''}")
        grouping = grouping or self.always_grouped
        try:
            if value == value.to_integral_value():
                text = f"{int(value):,}" if grouping else str(int(value))
            else:
                rounded = value.quantize(EXPONENTS[places], rounding=ROUND_HALF_UP)
                text = f"{rounded:,.{places}f}" if grouping else f"{rounded:.{places}f}"
        except InvalidOperation:
            return floatformat(value, f"-{places}{'g' if grouping else ''}")
        if grouping:
            return text.translate(self.grouped_table)
        return text.replace(".", self.decimal) if places else text

    def value(self, value, kind):
        """What `results/_value.html` shows: a dash, yes / no, or the grouped number (with % for percentages)."""
        if value is None:
            return DASH
        if kind == "yes_no":
            return SafeString(self.yes if value else self.no)
        text = self.number(value, 2, grouping=True)
        return SafeString(f"{text}%" if kind == "percentage" else text)

    def percent(self, value):
        """`value|floatformat:"-1"` followed by %, or a dash (no markup) when there is no value."""
        if value is None:
            return "—"
        return f"{self.number(value, 1)}%"

    def period_cells(self, row):
        """The IPTT's cells of one Row, period by period: target, actual, % of target."""
        kind = row.indicator.kind
        value, percent = self.value, self.percent
        cells = (
            f"<td>{value(c.target, kind)}</td><td>{value(c.actual, kind)}</td><td>{percent(c.percent)}</td>"
            for c in row.cells
        )
        return SafeString("".join(cells))

    def program_figures(self, rows):
        """A portfolio line's programs and their actuals: '<a href="…">Program</a>: 379; …', the
        indicator URL reversed once for them all."""
        url = route("results:indicator_detail")
        value = self.value
        return SafeString(
            "; ".join(
                f'<a href="{escape(url % row.indicator.pk)}">{escape(row.indicator.program.name)}</a>: '
                f"{value(row.actual, row.indicator.kind)}"
                for row in rows
            )
        )

    def rag(self, rag):
        """What `results/_rag.html` shows: the status badge, or a dash."""
        return self.badges.get(rag, DASH)


@lru_cache(maxsize=16)
def _formatter(language):
    return Formatter()


def formatter():
    """The Formatter of the active language (built once per language and process)."""
    return _formatter(get_language())
