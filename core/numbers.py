"""Number rules shared by every page and export, so the same figure never rounds two ways."""

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


def as_percent(value):
    """A percentage rounded half up to one decimal, or None for None.

    Pages show it with `floatformat:0` (also half up), exports with its one decimal: every
    page rounds the same one-decimal value, so two pages never show 58 and 59 for one figure.
    """
    if value is None:
        return None
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part, whole):
    """`part` of `whole` as a percentage (see `as_percent`), or None when `whole` is zero."""
    if not whole:
        return None
    return as_percent(100 * Decimal(part) / Decimal(whole))
