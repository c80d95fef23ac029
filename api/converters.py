"""Ids in API routes: digits that fit a 63-bit primary key. Anything longer is no route (404), never an
OverflowError from the database (a 500)."""

from django.urls.converters import IntConverter

MAX_ID = 2**63 - 1


class BoundedIdConverter(IntConverter):
    """An IntConverter (the security URL walker treats it as an object id), bounded."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value):
        return str(value)
