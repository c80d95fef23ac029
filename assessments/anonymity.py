"""No average may single out a person (docs/security.md, "Anonymity of health checks and assessments").

Health checks: a round's results (averages and comments) are shown only once at least
`settings.HEALTH_CHECK_MIN_RESPONDENTS` people have submitted. Nobody sees one respondent's answers, so
a respondent subtracting their own answers still faces at least two others.

Competency assessments: readers other than the facilitator know some people's individual results
(their own; a partner lead, their organisation's people; a manager, the people who consented), and an
average minus what a reader knows must never leave exactly one person. For each round and framework
the rated people fall into blocks: each organisation's people, and the rest (facilitators, people of
organisations whose average is not shown). An average is published only when, for every kind of
reader (someone who knows nobody, each rated person, each organisation's lead), the people it covers
minus those the reader knows are either none or at least `ASSESSMENT_MIN_GROUP - 1`, and it covers at
least `ASSESSMENT_MIN_GROUP` people. The program-wide average is the sum of the published
organisation blocks and the rest, so the rest is checked the same way.

Consent to show a person's individual scores to managers is honoured only when it keeps every
published average safe from the managers too (checked in person-id order, so the result is stable).
Self-assessments and others' ratings are checked separately: the two columns cover different people.

Everything here is pure Python over the sets that `rated_people` reads in one query.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from assessments.models import Assessment, Submission

SELF, OTHERS = "self", "others"


def min_respondents():
    return settings.HEALTH_CHECK_MIN_RESPONDENTS


def min_group():
    return settings.ASSESSMENT_MIN_GROUP


def enough_respondents(count):
    """May a health-check round with `count` submitted answers show its results?"""
    return count >= min_respondents()


def singles_out(group, known, k):
    """Would an average over `group` let a reader who knows `known` individually narrow it to one person?"""
    hidden = group - known
    if not hidden:
        return False  # the reader knows every one of them already
    return len(group) < k or len(hidden) < k - 1


@dataclass
class Block:
    """One round and framework: who was rated, per column, in total and per organisation."""

    total: dict = field(default_factory=lambda: {SELF: set(), OTHERS: set()})
    orgs: dict = field(default_factory=lambda: defaultdict(lambda: {SELF: set(), OTHERS: set()}))

    def people(self):
        return self.total[SELF] | self.total[OTHERS]

    def org_people(self, partner_id):
        columns = self.orgs.get(partner_id)
        return (columns[SELF] | columns[OTHERS]) if columns else set()


def rated_people(assessments):
    """{(round_id, framework_id): Block} from a queryset of submitted assessments (one query)."""
    blocks = defaultdict(Block)
    rows = assessments.values_list("round_id", "framework_id", "partner_id", "subject_id", "kind").distinct()
    for round_id, framework_id, partner_id, subject_id, kind in rows.order_by():
        column = SELF if kind == "self" else OTHERS
        block = blocks[(round_id, framework_id)]
        block.total[column].add(subject_id)
        if partner_id is not None:
            block.orgs[partner_id][column].add(subject_id)
    return dict(blocks)


def program_blocks(program):
    """The program's blocks, read once per program object (views get a fresh one per request)."""
    if not hasattr(program, "_rated_blocks"):
        submitted = Assessment.objects.filter(round__program=program, status=Submission.SUBMITTED)
        program._rated_blocks = rated_people(submitted)
    return program._rated_blocks


def program_published(program):
    """`published(program_blocks(program))`, computed once per request."""
    if not hasattr(program, "_published"):
        program._published = published(program_blocks(program))
    return program._published


def _readers(block, extra=()):
    """What each kind of reader (but the facilitator) knows individually about this block."""
    readers = [set(), *extra]
    readers += [block.org_people(partner_id) for partner_id in block.orgs]  # each organisation's lead
    readers += [{person} for person in block.people()]  # each rated person knows themself
    return readers


def _safe(group, readers, k):
    return not any(singles_out(group, known, k) for known in readers)


@dataclass
class Published:
    """Which averages of one block may be shown to readers who do not see everyone."""

    total: bool
    orgs: set


def publish(block, k, managers_know=frozenset()):
    readers = _readers(block, [set(managers_know)] if managers_know else [])
    orgs = {
        partner_id
        for partner_id, columns in block.orgs.items()
        if all(_safe(columns[c], readers, k) for c in (SELF, OTHERS) if columns[c])
    }
    total = True
    for column in (SELF, OTHERS):
        everyone = block.total[column]
        if not everyone:
            continue
        rest = everyone - set().union(*(block.orgs[p][column] for p in orgs))
        if not _safe(everyone, readers, k) or not _safe(rest, readers, k):
            total = False
    return Published(total=total, orgs=orgs)


def published(blocks, k=None):
    """{(round_id, framework_id): Published} for every block."""
    k = min_group() if k is None else k
    return {key: publish(block, k) for key, block in blocks.items()}


def honoured_consents(blocks, consented, k=None):
    """The consenting people whose individual results managers may see without that knowledge, together
    with the published averages, singling anyone out. Checked in id order."""
    k = min_group() if k is None else k
    shown = published(blocks, k)
    honoured = set()
    for person in sorted(consented):
        trial = honoured | {person}
        if all(_consent_safe(block, shown[key], trial, k) for key, block in blocks.items()):
            honoured = trial
    return honoured


def _consent_safe(block, shown, managers_know, k):
    if not (managers_know & block.people()):
        return True
    return publish(block, k, managers_know) == shown
