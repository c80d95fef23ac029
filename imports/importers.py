"""What each kind of import reads and how it writes, through the apps' own actions.

`run_import(kind, actor, program, rows, file_name, apply=...)` processes the rows in one
transaction. A dry run (the preview) really goes through the actions and is rolled back, so the
preview says exactly what apply will do, including the actions' own refusals (a dependency cycle,
a due date before the start). Apply does the same and keeps the result only when no row is
refused: a refused import changes nothing.

Natural keys make a second import of a file an update, and a second import of the same file a
no-op: outcomes, outputs and milestones by their `code` within the program, organisations by name
and province (case-insensitive). An unchanged row writes nothing (no revision, no activity).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imports.parsing import CellError, Column, parse_choice, parse_date, parse_text
from partners.actions import do_create_organisation, do_update_organisation
from partners.models import Organisation, Province, Sector
from roadmap.actions import do_create_milestone, do_create_outcome, do_create_output, do_revise_item
from roadmap.models import Milestone, Outcome, Output

CREATE, UPDATE, UNCHANGED, REFUSE = "create", "update", "unchanged", "refuse"


@dataclass
class Result:
    line: int
    key: str = ""
    label: str = ""
    action: str = UNCHANGED
    messages: list = field(default_factory=list)

    def refuse(self, message):
        self.action = REFUSE
        self.messages.append(str(message))

    def as_dict(self):
        return {
            "line": self.line,
            "key": self.key,
            "label": self.label,
            "action": self.action,
            "messages": self.messages,
        }


class _RollbackError(Exception):
    pass


def _messages(error):
    return [str(m) for m in error.messages] if isinstance(error, ValidationError) else [str(error)]


def _cells(row, result, parsers):
    """Parse each cell with its parser; errors go on the result. Returns the parsed values."""
    values = {}
    for message in row.errors:
        result.refuse(message)
    for key, parse in parsers.items():
        try:
            values[key] = parse(row.values.get(key))
        except CellError as error:
            result.refuse(error.message)
    return values


def _duplicate(seen, key, result, shown=None):
    if key in seen:
        result.refuse(
            _("“%(key)s” already appears on row %(line)s of this file.") % {"key": shown or key, "line": seen[key]}
        )
        return True
    seen[key] = result.line
    return False


class Importer:
    kind = ""
    columns: list = []
    example: dict = {}
    needs_program = False

    def process(self, actor, program, rows, reason):
        raise NotImplementedError


# --- road map --------------------------------------------------------------------------------

TYPE_CHOICES = {
    "outcome": "outcome",
    "capaian": "outcome",
    "capaian / dampak": "outcome",
    "dampak": "outcome",
    "output": "output",
    "keluaran": "output",
    "milestone": "milestone",
    "tonggak": "milestone",
    "tonggak capaian": "milestone",
}


class RoadmapImporter(Importer):
    kind = "roadmap"
    needs_program = True
    columns = [
        Column("type", "Type", "Jenis", required=True),
        Column("code", "Code", "Kode", required=True),
        Column("parent", "Parent code", "Kode induk"),
        Column("statement", "Statement or title", "Pernyataan atau judul", required=True),
        Column("owner", "Owner partner", "Mitra pemilik"),
        Column("start_date", "Start date", "Tanggal mulai"),
        Column("due_date", "Due date", "Tanggal tenggat"),
        Column("depends_on", "Depends on", "Bergantung pada"),
        Column("description", "Description", "Deskripsi"),
    ]

    def example(self, program):
        owner = program.partners.select_related("organisation").first() if program else None
        owner_name = owner.organisation.name if owner else "Dinas Pertanian"
        return [
            ["capaian", "C1", "", _("Farmers' income rises by 20%"), "", "", "", "", ""],
            ["keluaran", "K1.1", "C1", _("Village seed banks running"), "", "", "", "", ""],
            ["tonggak", "T1", "K1.1", _("Seed bank built"), owner_name, "05/01/2026", "31 Maret 2026", "", ""],
            ["tonggak", "T2", "K1.1", _("First harvest stored"), owner_name, "2026-04-01", "2026-06-30", "T1", ""],
        ]

    def process(self, actor, program, rows, reason):
        label_of = {c.key: c.label(actor.language or "id") for c in self.columns}
        partners = {}
        for partner in program.partners.select_related("organisation"):
            partners.setdefault(partner.organisation.name.casefold(), partner)
        outcomes = {o.code: o for o in Outcome.objects.filter(program=program).exclude(code="")}
        outputs = {
            o.code: o
            for o in Output.objects.filter(outcome__program=program).exclude(code="").select_related("outcome")
        }
        milestones = {m.code: m for m in Milestone.objects.filter(program=program).exclude(code="")}
        parsers = {
            "type": lambda v: parse_choice(v, TYPE_CHOICES, label=label_of["type"]),
            "code": lambda v: parse_text(v, max_length=40, label=label_of["code"], required=True),
            "parent": lambda v: parse_text(v, max_length=40, label=label_of["parent"]),
            "statement": lambda v: parse_text(v, max_length=2000, label=label_of["statement"], required=True),
            "owner": lambda v: parse_text(v, max_length=200, label=label_of["owner"]),
            "start_date": parse_date,
            "due_date": parse_date,
            "depends_on": lambda v: parse_text(v, max_length=2000, label=label_of["depends_on"]),
            "description": lambda v: parse_text(v, max_length=5000, label=label_of["description"]),
        }
        parsed, seen = [], {"outcome": {}, "output": {}, "milestone": {}}
        for row in rows:
            result = Result(line=row.line)
            values = _cells(row, result, parsers)
            kind = values.get("type")
            result.key = values.get("code") or ""
            result.label = (values.get("statement") or "")[:120]
            if kind and result.key:
                _duplicate(seen[kind], result.key, result)
            parsed.append((result, values))
        file_codes = {kind: set(codes) for kind, codes in seen.items()}

        # Phase by level so that a row may name a parent or dependency further down the file.
        for level in ("outcome", "output", "milestone"):
            for result, values in parsed:
                # Refused rows are still checked, so that every reason shows at once; they write nothing.
                if values.get("type") == level:
                    getattr(self, f"_{level}")(
                        actor, program, result, values, reason, outcomes, outputs, milestones, partners
                    )
        for result, values in parsed:
            if values.get("type") == "milestone":
                self._dependencies(actor, result, values, reason, milestones, file_codes)
        return [r for r, _v in parsed]

    def _outcome(self, actor, program, result, values, reason, outcomes, outputs, milestones, partners):
        if result.action == REFUSE:
            return
        existing = outcomes.get(result.key)
        try:
            if existing is None:
                outcomes[result.key] = do_create_outcome(actor, program, statement=values["statement"], code=result.key)
                result.action = CREATE
            elif do_revise_item(actor, existing, {"statement": values["statement"]}, reason):
                result.action = UPDATE
        except ValidationError as error:
            for message in _messages(error):
                result.refuse(message)

    def _output(self, actor, program, result, values, reason, outcomes, outputs, milestones, partners):
        parent = outcomes.get(values.get("parent") or "")
        if parent is None:
            result.refuse(
                _("The parent “%(code)s” is not an outcome of this road map or of this file.")
                % {"code": values.get("parent") or ""}
            )
        if result.action == REFUSE:
            return
        existing = outputs.get(result.key)
        try:
            if existing is None:
                outputs[result.key] = do_create_output(actor, parent, statement=values["statement"], code=result.key)
                result.action = CREATE
            elif existing.outcome_id != parent.pk:
                result.refuse(_("An output cannot move to another outcome by import; change it on the road map."))
            elif do_revise_item(actor, existing, {"statement": values["statement"]}, reason):
                result.action = UPDATE
        except ValidationError as error:
            for message in _messages(error):
                result.refuse(message)

    def _milestone(self, actor, program, result, values, reason, outcomes, outputs, milestones, partners):
        parent = outputs.get(values.get("parent") or "")
        if parent is None:
            result.refuse(
                _("The parent “%(code)s” is not an output of this road map or of this file.")
                % {"code": values.get("parent") or ""}
            )
        owner = partners.get((values.get("owner") or "").casefold())
        if owner is None:
            result.refuse(
                _("“%(name)s” is not a partner in this program.") % {"name": values.get("owner") or ""}
                if values.get("owner")
                else _("A milestone needs an owner partner.")
            )
        for key, column in (("start_date", self.columns[5]), ("due_date", self.columns[6])):
            # A key missing from `values` was unreadable and is already refused; None means blank.
            if key in values and values[key] is None:
                result.refuse(
                    _("“%(column)s” is required for a milestone.") % {"column": column.label(actor.language or "id")}
                )
        if result.action == REFUSE:
            return
        fields = {
            "output": parent,
            "title": values["statement"][:200],
            "owner": owner,
            "start_date": values["start_date"],
            "due_date": values["due_date"],
            "description": values.get("description") or "",
        }
        existing = milestones.get(result.key)
        try:
            if existing is None:
                milestones[result.key] = do_create_milestone(actor, program, code=result.key, **fields)
                result.action = CREATE
            elif do_revise_item(actor, existing, fields, reason):
                result.action = UPDATE
        except ValidationError as error:
            for message in _messages(error):
                result.refuse(message)

    def _dependencies(self, actor, result, values, reason, milestones, file_codes):
        codes = [c.strip() for c in (values.get("depends_on") or "").replace(",", ";").split(";") if c.strip()]
        unknown = [c for c in codes if c not in milestones and c not in file_codes["milestone"]]
        if unknown:
            result.refuse(
                _("Depends on unknown milestones: %(codes)s.") % {"codes": ", ".join(f"“{c}”" for c in unknown)}
            )
        if result.action == REFUSE or any(c not in milestones for c in codes):
            # A dependency on a refused row: that row says why.
            return
        milestone = milestones[result.key]
        try:
            if do_revise_item(actor, milestone, {"depends_on": [milestones[c] for c in codes]}, reason):
                if result.action == UNCHANGED:
                    result.action = UPDATE
        except ValidationError as error:
            for message in _messages(error):
                result.refuse(message)


# --- organisations ---------------------------------------------------------------------------


class OrganisationImporter(Importer):
    kind = "organisations"
    columns = [
        Column("name", "Name", "Nama", required=True),
        Column("province", "Province", "Provinsi", required=True),
        Column("sector", "Sector", "Sektor", required=True),
        Column("regency", "Regency / city", "Kabupaten / kota"),
        Column("website", "Website", "Situs web"),
        Column("contact_name", "Contact person", "Narahubung"),
        Column("contact_email", "Contact email", "Email narahubung"),
        Column("contact_phone", "Contact phone", "Telepon narahubung"),
    ]
    FIELDS = ("sector", "regency", "website", "contact_name", "contact_email", "contact_phone")

    def example(self, program):
        return [["Koperasi Tani Makmur", "Nusa Tenggara Timur", Sector.choices[0][1], "Kupang", "", "", "", ""]]

    def process(self, actor, program, rows, reason):
        label_of = {c.key: c.label(actor.language or "id") for c in self.columns}
        provinces = {}
        for province in Province.objects.all():
            provinces[province.name.casefold()] = province
            provinces[province.code.casefold()] = province
        sectors = {}
        for value, label in Sector.choices:
            sectors[value.casefold()] = value
            sectors[str(label).casefold()] = value
        existing = {(o.name.casefold(), o.province_id): o for o in Organisation.objects.all()}
        parsers = {
            "name": lambda v: parse_text(v, max_length=200, label=label_of["name"], required=True),
            "province": lambda v: parse_choice(v, provinces, label=label_of["province"]),
            "sector": lambda v: parse_choice(v, sectors, label=label_of["sector"]),
            "regency": lambda v: parse_text(v, max_length=120, label=label_of["regency"]),
            "website": lambda v: parse_text(v, max_length=200, label=label_of["website"]),
            "contact_name": lambda v: parse_text(v, max_length=150, label=label_of["contact_name"]),
            "contact_email": lambda v: parse_text(v, max_length=254, label=label_of["contact_email"]),
            "contact_phone": lambda v: parse_text(v, max_length=40, label=label_of["contact_phone"]),
        }
        seen, results = {}, []
        for row in rows:
            result = Result(line=row.line)
            values = _cells(row, result, parsers)
            results.append(result)
            if result.action == REFUSE:
                continue
            province = values["province"]
            result.key = f"{values['name']} ({province.name})"
            result.label = values["name"]
            if _duplicate(seen, (values["name"].casefold(), province.pk), result, result.key):
                continue
            fields = {k: values[k] for k in self.FIELDS}
            organisation = existing.get((values["name"].casefold(), province.pk))
            try:
                if organisation is None:
                    candidate = Organisation(name=values["name"], province=province, **fields)
                    candidate.full_clean(validate_unique=False, validate_constraints=False)
                    do_create_organisation(actor, name=values["name"], province=province, **fields)
                    result.action = CREATE
                else:
                    changed = {k: v for k, v in fields.items() if getattr(organisation, k) != v}
                    if changed:
                        for k, v in changed.items():
                            setattr(organisation, k, v)
                        organisation.full_clean(validate_unique=False, validate_constraints=False)
                        do_update_organisation(actor, organisation, **changed)
                        result.action = UPDATE
            except ValidationError as error:
                for message in _messages(error):
                    result.refuse(message)
        return results


IMPORTERS = {importer.kind: importer for importer in (RoadmapImporter(), OrganisationImporter())}


def run_import(kind, actor, program, rows, reason, *, apply):
    """Process `rows`; keep the writes only when `apply` and nothing was refused. Returns the results."""
    importer = IMPORTERS[kind]
    results = []
    try:
        with transaction.atomic():
            results = importer.process(actor, program, rows, reason)
            if not apply or any(r.action == REFUSE for r in results):
                raise _RollbackError
    except _RollbackError:
        pass
    return results
