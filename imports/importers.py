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
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from imports.parsing import CellError, Column, check_email, parse_choice, parse_date, parse_text
from partners.access import is_program_facilitator, membership_for
from partners.actions import (
    do_add_member,
    do_create_organisation,
    do_create_person,
    do_update_organisation,
    do_update_person,
)
from partners.models import Membership, Organisation, Province, Sector, User
from partners.regions import RegencyIndex
from results.actions import do_edit_result, do_report_result
from results.models import BreakdownOption, Indicator, ReportingPeriod
from results.models import Result as Actual
from roadmap.actions import do_create_milestone, do_create_outcome, do_create_output, do_revise_item
from roadmap.models import Milestone, Outcome, Output

MILESTONE_TITLE_MAX = Milestone._meta.get_field("title").max_length

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


def _partners_by_name(program):
    """{organisation name (casefolded) -> the program's partner}: how every program import names a partner."""
    partners = {}
    for partner in program.partners.select_related("organisation"):
        partners.setdefault(partner.organisation.name.casefold(), partner)
    return partners


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
            # The kinds in the user's language (both are read back): no Indonesian in an English file.
            [_("outcome"), "C1", "", _("Farmers' income rises by 20%"), "", "", "", "", ""],
            [_("output"), "K1.1", "C1", _("Village seed banks running"), "", "", "", "", ""],
            [_("milestone"), "T1", "K1.1", _("Seed bank built"), owner_name, "05/01/2026", "2026-03-31", "", ""],
            [_("milestone"), "T2", "K1.1", _("First harvest stored"), owner_name, "2026-04-01", "2026-06-30", "T1", ""],
        ]

    def process(self, actor, program, rows, reason):
        label_of = {c.key: c.label(actor.language or "id") for c in self.columns}
        partners = _partners_by_name(program)
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
        # A milestone's title holds MILESTONE_TITLE_MAX characters: a longer statement is refused,
        # never cut (issue 16, item 15).
        statement = values.get("statement") or ""
        if len(statement) > MILESTONE_TITLE_MAX:
            result.refuse(
                _(
                    "A milestone's title has at most %(limit)d characters; this one has %(count)d."
                    " Shorten it, or put the rest in the description."
                )
                % {"limit": MILESTONE_TITLE_MAX, "count": len(statement)}
            )
        if result.action == REFUSE:
            return
        fields = {
            "output": parent,
            "title": statement,
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
        return [["Koperasi Tani Makmur", "Nusa Tenggara Timur", Sector.choices[0][1], "Kota Kupang", "", "", "", ""]]

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
        regencies = RegencyIndex()
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
            fields["regency"] = self._regency(regencies, province, values["regency"], label_of["regency"], result)
            if result.action == REFUSE:
                continue
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

    @staticmethod
    def _regency(index, province, text, label, result):
        """The official regency / city named (or coded) in the cell, within the row's province."""
        if not text:
            return None
        regency = index.find(province.pk, text)
        if regency is RegencyIndex.AMBIGUOUS:
            result.refuse(
                _(
                    "%(column)s: “%(value)s” is both a kabupaten and a kota; "
                    "write “Kabupaten %(value)s” or “Kota %(value)s”."
                )
                % {"column": label, "value": text}
            )
        elif regency is None:
            result.refuse(
                _("%(column)s: “%(value)s” is not a regency / city of %(province)s in the official list.")
                % {"column": label, "value": text, "province": province.name}
            )
        return regency


# --- people ----------------------------------------------------------------------------------


def _choices(text_choices, extra=None):
    """{spelling (casefolded) -> value} from a TextChoices: its values, English and Indonesian labels."""
    found = {}
    for value, label in text_choices.choices:
        found[value.casefold()] = value
        for language in ("en", "id"):
            with translation.override(language):
                found[str(label).casefold()] = value
    for spelling, value in (extra or {}).items():
        found[spelling.casefold()] = value
    return found


ROLE_WORDS = {
    "fasilitator": "facilitator",
    "pendamping": "facilitator",
    "pendamping kemitraan": "facilitator",
    "manajer": "manager",
    "pimpinan": "partner_lead",
    "pimpinan mitra": "partner_lead",
    "staf": "partner_staff",
    "staf mitra": "partner_staff",
}
YES = {"ya": True, "yes": True, "y": True, "1": True, "tidak": False, "no": False, "n": False, "0": False, "": False}


def _organisations():
    """{name (casefolded) -> [organisation, ...]} and {"name (province)" (casefolded) -> organisation}."""
    by_name, by_label = {}, {}
    for organisation in Organisation.objects.select_related("province"):
        by_name.setdefault(organisation.name.casefold(), []).append(organisation)
        by_label[f"{organisation.name} ({organisation.province.name})".casefold()] = organisation
    return by_name, by_label


def _find_organisation(name, by_name, by_label, result):
    if not name:
        return None
    found = by_label.get(name.casefold())
    if found:
        return found
    matches = by_name.get(name.casefold(), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        result.refuse(
            _("There are several organisations called “%(name)s”: write it as “%(example)s”.")
            % {"name": name, "example": f"{matches[0].name} ({matches[0].province.name})"}
        )
    else:
        result.refuse(_("There is no organisation called “%(name)s”; import it first.") % {"name": name})
    return None


class PeopleImporter(Importer):
    kind = "people"
    columns = [
        Column("email", "Email", "Email", required=True),
        Column("name", "Full name", "Nama lengkap", required=True),
        Column("role", "Role", "Peran", required=True),
        Column("organisation", "Organisation", "Organisasi"),
        Column("job_title", "Job title", "Jabatan"),
        Column("phone", "Phone", "Telepon"),
        Column("language", "Language", "Bahasa"),
    ]

    def example(self, program):
        return [
            [
                "ani@koperasi-makmur.or.id",
                "Ani Lestari",
                str(User.Role.PARTNER_STAFF.label),
                "Koperasi Tani Makmur",
                "Bendahara",
                "",
                "id",
            ]
        ]

    def process(self, actor, program, rows, reason):
        label_of = {c.key: c.label(actor.language or "id") for c in self.columns}
        roles = _choices(User.Role, ROLE_WORDS)
        languages = {
            "id": "id",
            "indonesia": "id",
            "bahasa indonesia": "id",
            "en": "en",
            "english": "en",
            "inggris": "en",
        }
        by_name, by_label = _organisations()
        existing = {u.email.casefold(): u for u in User.objects.exclude(email="")}
        parsers = {
            "email": lambda v: check_email(v, label=label_of["email"]),
            "name": lambda v: parse_text(v, max_length=150, label=label_of["name"], required=True),
            "role": lambda v: parse_choice(v, roles, label=label_of["role"]),
            "organisation": lambda v: parse_text(v, max_length=260, label=label_of["organisation"]),
            "job_title": lambda v: parse_text(v, max_length=150, label=label_of["job_title"]),
            "phone": lambda v: parse_text(v, max_length=40, label=label_of["phone"]),
            "language": lambda v: parse_choice(v or "id", languages, label=label_of["language"]),
        }
        seen, results = {}, []
        for row in rows:
            result = Result(line=row.line)
            values = _cells(row, result, parsers)
            results.append(result)
            result.key = values.get("email") or ""
            result.label = values.get("name") or ""
            if result.action == REFUSE or _duplicate(seen, result.key, result):
                continue
            organisation = _find_organisation(values.get("organisation"), by_name, by_label, result)
            if values["role"] in (User.Role.PARTNER_LEAD, User.Role.PARTNER_STAFF) and organisation is None:
                if result.action != REFUSE:
                    result.refuse(_("Partner people need their organisation."))
            if result.action == REFUSE:
                continue
            fields = {
                "first_name": values["name"],
                "role": values["role"],
                "organisation": organisation,
                "job_title": values["job_title"],
                "phone": values["phone"],
                "language": values["language"],
            }
            user = existing.get(result.key)
            try:
                if user is None:
                    existing[result.key] = do_create_person(actor, email=result.key, **fields)
                    result.action = CREATE
                else:
                    changed = {k: v for k, v in fields.items() if getattr(user, k) != v}
                    if changed:
                        do_update_person(actor, user, **changed)
                        result.action = UPDATE
            except ValidationError as error:
                for message in _messages(error):
                    result.refuse(message)
        return results


# --- program members -------------------------------------------------------------------------


class MembersImporter(Importer):
    kind = "members"
    needs_program = True
    columns = [
        Column("email", "Email", "Email", required=True),
        Column("role", "Role in the program", "Peran dalam program", required=True),
        Column("partner", "Partner organisation", "Organisasi mitra"),
        Column("representative", "Representative (yes/no)", "Perwakilan (ya/tidak)"),
    ]

    def example(self, program):
        partner = program.partners.select_related("organisation").first() if program else None
        staff = str(Membership.Role.PARTNER_STAFF.label)  # read back in either language
        return [["ani@koperasi-makmur.or.id", staff, partner.organisation.name if partner else "", _("no")]]

    def process(self, actor, program, rows, reason):
        label_of = {c.key: c.label(actor.language or "id") for c in self.columns}
        roles = _choices(Membership.Role, ROLE_WORDS)
        partners = _partners_by_name(program)
        people = {u.email.casefold(): u for u in User.objects.exclude(email="")}
        members = {m.user_id: m for m in Membership.all_objects.filter(program=program)}
        parsers = {
            "email": lambda v: check_email(v, label=label_of["email"]),
            "role": lambda v: parse_choice(v, roles, label=label_of["role"]),
            "partner": lambda v: parse_text(v, max_length=200, label=label_of["partner"]),
            "representative": lambda v: parse_choice(v or "", YES, label=label_of["representative"]),
        }
        seen, results = {}, []
        for row in rows:
            result = Result(line=row.line)
            values = _cells(row, result, parsers)
            results.append(result)
            result.key = values.get("email") or ""
            if result.action == REFUSE or _duplicate(seen, result.key, result):
                continue
            user = people.get(result.key)
            if user is None or not user.is_active:
                result.refuse(
                    _("No active person has the email %(email)s: an administrator imports people first.")
                    % {"email": result.key}
                )
                continue
            result.label = str(user)
            role = values["role"]
            partner = None
            if role in (Membership.Role.PARTNER_LEAD, Membership.Role.PARTNER_STAFF):
                partner = partners.get((values.get("partner") or "").casefold())
                if partner is None:
                    result.refuse(
                        _("“%(name)s” is not a partner in this program.") % {"name": values.get("partner") or ""}
                        if values.get("partner")
                        else _("Partner people need their partner organisation.")
                    )
                    continue
                if user.organisation_id != partner.organisation_id:
                    result.refuse(
                        _("%(person)s does not work for %(organisation)s.")
                        % {"person": user, "organisation": partner.organisation.name}
                    )
                    continue
            elif user.role != role and not (user.is_admin or user.role == role):
                result.refuse(
                    _("%(person)s is not a %(role)s in Kemitraan.")
                    % {"person": user, "role": Membership.Role(role).label}
                )
                continue
            current = members.get(user.pk)
            wanted = (role, partner.pk if partner else None, values["representative"])
            if current is not None and (current.role, current.partner_id, current.is_representative) == wanted:
                continue
            try:
                do_add_member(actor, program, user, role, partner, is_representative=values["representative"])
                result.action = CREATE if current is None else UPDATE
            except ValidationError as error:
                for message in _messages(error):
                    result.refuse(message)
        return results


# --- indicator actuals -----------------------------------------------------------------------


def _decimal(value, label):
    text = "" if value is None else str(value).strip().replace(" ", "")
    if text == "":
        raise CellError(_("“%(column)s” is required.") % {"column": label})
    # 1.250,5 (Indonesian) and 1,250.5 (English) are both read; a lone comma is a decimal comma.
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number (%(column)s).") % {"value": value, "column": label})
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number (%(column)s).") % {"value": value, "column": label})
    return number


class ResultsImporter(Importer):
    """One row per figure: the total of an indicator for a period (and partner), and, on rows that
    name a breakdown and a part, that part of the same total. The figures are reported and sent for
    review exactly as the result form does (draft or returned values are revised and sent again;
    a value waiting for review or approved is refused: it is corrected in the app, with a reason)."""

    kind = "results"
    needs_program = True
    columns = [
        Column("indicator", "Indicator code", "Kode indikator", required=True),
        Column("period", "Period", "Periode", required=True),
        Column("partner", "Partner organisation", "Organisasi mitra"),
        Column("category", "Breakdown", "Pilahan"),
        Column("option", "Part", "Bagian"),
        Column("value", "Value", "Nilai", required=True),
        Column("narrative", "Narrative", "Narasi"),
    ]

    def example(self, program):
        indicator = Indicator.objects.filter(program=program).order_by("code").first() if program else None
        period = ReportingPeriod.objects.filter(program=program).order_by("start").first() if program else None
        code, label = (indicator.code if indicator else "HH-1"), (period.label if period else "2026 T1")
        return [
            [code, label, "", "", "", "120", _("Households with a productive business")],
            [code, label, "", "Jenis kelamin", "Perempuan", "70", ""],
        ]

    def process(self, actor, program, rows, reason):
        label_of = {c.key: c.label(actor.language or "id") for c in self.columns}
        membership = membership_for(actor, program)
        facilitator = actor.is_admin or is_program_facilitator(membership)
        indicators = {
            i.code.casefold(): i
            for i in Indicator.objects.filter(program=program).prefetch_related("partners", "categories")
        }
        periods = list(ReportingPeriod.objects.filter(program=program).order_by("start"))
        by_label = {p.label.casefold(): p for p in periods}
        partners = _partners_by_name(program)
        options = {}
        for option in BreakdownOption.objects.filter(Q(program=program) | Q(program__isnull=True)).select_related(
            "category"
        ):
            for category_name in (option.category.name, option.category.code):
                for option_name in (option.name, option.code):
                    options[(category_name.casefold(), option_name.casefold())] = option

        def parse_period(value):
            text = parse_text(value, max_length=40, label=label_of["period"], required=True)
            if text.casefold() in by_label:
                return by_label[text.casefold()]
            day = parse_date(value)
            for period in periods:
                if day and period.start <= day <= period.end:
                    return period
            raise CellError(_("“%(value)s” is not a reporting period of this program.") % {"value": text})

        parsers = {
            "indicator": lambda v: parse_text(v, max_length=20, label=label_of["indicator"], required=True),
            "period": parse_period,
            "partner": lambda v: parse_text(v, max_length=200, label=label_of["partner"]),
            "category": lambda v: parse_text(v, max_length=120, label=label_of["category"]),
            "option": lambda v: parse_text(v, max_length=120, label=label_of["option"]),
            "value": lambda v: _decimal(v, label_of["value"]),
            "narrative": lambda v: parse_text(v, max_length=2000, label=label_of["narrative"]),
        }
        slots, results = {}, []
        for row in rows:
            result = Result(line=row.line)
            values = _cells(row, result, parsers)
            results.append(result)
            indicator = indicators.get((values.get("indicator") or "").casefold())
            if values.get("indicator") and indicator is None:
                result.refuse(_("“%(code)s” is not an indicator of this program.") % {"code": values["indicator"]})
            partner = self._partner(values, partners, membership, facilitator, result)
            if indicator is not None and partner is not None and partner not in indicator.partners.all():
                result.refuse(
                    _("%(partner)s does not report %(code)s.")
                    % {"partner": partner.organisation.name, "code": indicator.code}
                )
            period = values.get("period")
            result.key = " · ".join(
                str(x) for x in (values.get("indicator"), period, partner and partner.organisation.name) if x
            )
            result.label = " / ".join(x for x in (values.get("category"), values.get("option")) if x) or _("total")
            slot = slots.setdefault((indicator, period, partner), {"total": None, "parts": {}, "rows": []})
            slot["rows"].append(result)
            if result.action == REFUSE:
                continue
            if values.get("category") or values.get("option"):
                option = options.get(
                    ((values.get("category") or "").casefold(), (values.get("option") or "").casefold())
                )
                if option is None:
                    result.refuse(
                        _("“%(category)s / %(option)s” is not a breakdown part of this program.")
                        % {"category": values.get("category") or "", "option": values.get("option") or ""}
                    )
                elif option in slot["parts"]:
                    result.refuse(_("This part is already given on another row."))
                else:
                    slot["parts"][option] = values["value"]
            elif slot["total"] is not None:
                result.refuse(_("The total of this indicator, period and partner is already given on another row."))
            else:
                slot["total"] = (values["value"], values.get("narrative") or "", result)

        for (indicator, period, partner), slot in slots.items():
            rows_ = slot["rows"]
            if any(r.action == REFUSE for r in rows_) or indicator is None or period is None or partner is None:
                continue
            if slot["total"] is None:
                for r in rows_:
                    r.refuse(_("A breakdown needs the total on its own row (no breakdown, no part)."))
                continue
            value, narrative, total_row = slot["total"]
            existing = (
                Actual.objects.filter(indicator=indicator, period=period, partner=partner).order_by("-pk").first()
            )
            try:
                if existing is None:
                    do_report_result(
                        actor, indicator, period, partner, value=value, narrative=narrative,
                        breakdown=slot["parts"], submit=True,
                    )  # fmt: skip
                    total_row.action = CREATE
                elif existing.state in (Actual.State.DRAFT, Actual.State.RETURNED):
                    do_edit_result(
                        actor, existing, value=value, narrative=narrative, breakdown=slot["parts"], submit=True
                    )
                    total_row.action = UPDATE
                elif existing.value == value:
                    continue  # already reported with this figure: a second import changes nothing
                else:
                    total_row.refuse(
                        _("This value is already sent for review or approved; correct it in the app, with a reason.")
                    )
            except ValidationError as error:
                for message in _messages(error):
                    total_row.refuse(message)
        return results

    def _partner(self, values, partners, membership, facilitator, result):
        name = values.get("partner") or ""
        if facilitator:
            partner = partners.get(name.casefold())
            if partner is None:
                result.refuse(
                    _("“%(name)s” is not a partner in this program.") % {"name": name}
                    if name
                    else _("Name the partner organisation that reports this figure.")
                )
            return partner
        own = membership.partner if membership is not None and membership.partner_id else None
        if own is None or (name and name.casefold() != own.organisation.name.casefold()):
            result.refuse(_("You can only import your own organisation's figures."))
            return None
        return own


IMPORTERS = {
    importer.kind: importer
    for importer in (RoadmapImporter(), OrganisationImporter(), PeopleImporter(), MembersImporter(), ResultsImporter())
}


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
