"""Hide the names of a program's organisations and people in a text published to the lesson library.

Names are hidden unless the parties agreed to be named (issue 15, item 5). The names this module
knows are those the system holds: the program's partner organisations (the parties of the case
first, so they become "Mitra A" and "Mitra B") and the people of the program (members, the
organisations' contact persons). A name the system does not hold (a village head named in free
text) cannot be found; the publishing form asks the facilitator to leave such names out.
"""

import re
import string

from django.utils.translation import gettext

from partners.models import Membership, ProgramPartner

MIN_NAME_LENGTH = 3


def _letters(index):
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


def replacements(program, case=None):
    """[(name, label), ...] for the program's organisations and people, longest names first."""
    party_ids = set(case.parties.values_list("pk", flat=True)) if case is not None else set()
    partners = sorted(
        ProgramPartner.objects.filter(program=program).select_related("organisation"),
        key=lambda p: (p.pk not in party_ids, p.pk),
    )
    pairs = []
    for index, partner in enumerate(partners):
        label = gettext("Partner %(letter)s") % {"letter": _letters(index)}
        pairs.append((partner.organisation.name, label))
    people = []
    for membership in Membership.all_objects.filter(program=program).select_related("user").order_by("pk"):
        user = membership.user
        people.append([user.get_full_name(), user.first_name, user.last_name, user.username])
    for partner in partners:
        if partner.organisation.contact_name:
            people.append([partner.organisation.contact_name])
    for number, names in enumerate(people, start=1):
        label = gettext("Person %(number)s") % {"number": number}
        pairs.extend((name, label) for name in names if name and len(name.strip()) >= MIN_NAME_LENGTH)
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def anonymise(text, pairs):
    """`text` with every name in `pairs` replaced by its label (whole words, any case), in one pass so
    that a label put in is never itself replaced."""
    labels = {}
    for name, label in pairs:
        labels.setdefault(name.strip().casefold(), label)
    if not labels:
        return text
    names = sorted(labels, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name in names) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda match: labels[match.group(0).casefold()], text)
