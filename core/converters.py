"""The URL converter for ids: `<id:pk>` in every route, instead of Django's `<int:pk>`."""

from django.urls.converters import IntConverter

from core.forms import MAX_ID


class IdConverter(IntConverter):
    """A non-negative integer that a BIGINT column can hold; anything longer is "no such page".

    Django's `<int:>` passes any run of digits to the view, and SQLite's driver raises
    OverflowError (a 500) for integers past 64 bits. Raising ValueError here makes the URL
    resolver answer 404 before any lookup.
    """

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is past the BIGINT range")
        return number
