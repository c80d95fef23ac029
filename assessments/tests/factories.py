import datetime

import factory
from django.utils import timezone

from assessments import models
from partners.tests.factories import ProgramFactory, ProgramPartnerFactory


def attitudes():
    return models.Framework.current(models.Framework.Kind.ATTITUDES)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Round

    program = factory.SubFactory(ProgramFactory)
    kind = models.Round.Kind.BASELINE
    held_on = factory.LazyFunction(timezone.localdate)
    closes_on = factory.LazyAttribute(lambda r: r.held_on + datetime.timedelta(days=14))
    framework = factory.LazyFunction(attitudes)


def submitted_assessment(round_, subject, rater, value, *, kind=None, partner=None, status="submitted", values=None):
    """An assessment of `subject` by `rater` with every behaviour of the round's framework scored.

    `value` is used for every behaviour unless `values` maps competency code -> value.
    """
    if kind is None:
        kind = "self" if subject == rater else "facilitator"
    if partner is None:
        membership = subject.memberships.filter(program=round_.program).select_related("partner").first()
        partner = membership.partner if membership else None
    assessment = models.Assessment.objects.create(
        round=round_,
        subject=subject,
        rater=rater,
        kind=kind,
        partner=partner,
        framework=round_.framework,
        status=status,
        submitted_at=timezone.now() if status == "submitted" else None,
    )
    behaviours = models.Behaviour.objects.filter(competency__framework=round_.framework).select_related("competency")
    models.Score.objects.bulk_create(
        models.Score(
            assessment=assessment,
            behaviour=b,
            value=(values or {}).get(b.competency.code, value),
            evidence="Contoh bukti",
        )
        for b in behaviours
    )
    return assessment


def submitted_health_check(round_, respondent, value, *, values=None, comments="", partner=None, status="submitted"):
    check = models.HealthCheck.objects.create(
        round=round_,
        respondent=respondent,
        partner=partner,
        status=status,
        comments=comments,
        submitted_at=timezone.now() if status == "submitted" else None,
    )
    models.HealthScore.objects.bulk_create(
        models.HealthScore(health_check=check, dimension=d, value=(values or {}).get(d.code, value))
        for d in models.HealthDimension.objects.all()
    )
    return check


class CapacityPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CapacityPlan

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Rencana peningkatan kapasitas {n}")
    person = None
    # A plan is for a person or an organisation: without a person it is for a partner of the program.
    partner = factory.Maybe(
        "person",
        yes_declaration=None,
        no_declaration=factory.SubFactory(ProgramPartnerFactory, program=factory.SelfAttribute("..program")),
    )


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Training

    plan = factory.SubFactory(CapacityPlanFactory)
    title = "Pelatihan fasilitasi kemitraan"
    provider = "Partnership Brokers Association"
    start_date = factory.LazyFunction(timezone.localdate)


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FacilitatorCredential

    title = "Accredited Partnership Broker"
    provider = "Partnership Brokers Association"
    completed_on = datetime.date(2024, 5, 1)
    is_certified = True


def world_objects(world):
    """Objects of the security-test `world` (tests/security/registry.py), built once per world."""
    cache = world.__dict__.setdefault("_assessments", {})
    if not cache:
        cache["round"] = RoundFactory(program=world.program, closes_on=datetime.date(2099, 1, 1))
        cache["plan"] = CapacityPlanFactory(program=world.program, person=world.staf_a)
        cache["training"] = TrainingFactory(plan=cache["plan"])
        cache["suggestion"] = models.DevelopmentSuggestion.objects.order_by("pk").first()
        cache["health_action"] = models.HealthAction.objects.create(
            round=cache["round"],
            dimension=models.HealthDimension.objects.order_by("pk").first(),
            description="Rapat koordinasi bulanan dijadwalkan tetap",
            owner_partner=world.partner_a,
            due_date=datetime.date(2099, 1, 1),
        )
    return cache


def third_person(cast, username="wakil_c", partner=None):
    """A third person of partner A (a representative, so a health-check respondent too): with lead_a and
    lead_b a round can reach three health-check answers, and partner A three rated people."""
    from partners.models import Membership, User
    from partners.tests.factories import MembershipFactory, UserFactory

    partner = partner or cast.partner_a
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    user = UserFactory(username=username, role=User.Role.PARTNER_STAFF, organisation=partner.organisation)
    MembershipFactory(
        program=cast.program, user=user, role=Membership.Role.PARTNER_STAFF, partner=partner, is_representative=True
    )
    return user


def rate_everyone(round_, cast, value, *, values=None, people=None):
    """Self-assessment and facilitator rating, `value` each, of the cast's four partner people (or `people`)."""
    for person in people or (cast.staf_a, cast.lead_a, cast.staf_b, cast.lead_b):
        submitted_assessment(round_, person, person, value, values=values)
        submitted_assessment(round_, person, cast.fasilitator, value, values=values)


def answer_health(round_, cast, value, *, values=None, comments=""):
    """Three health-check answers (lead_a, lead_b and a third representative), `value` everywhere."""
    respondents = [(cast.lead_a, cast.partner_a), (cast.lead_b, cast.partner_b), (third_person(cast), cast.partner_a)]
    for respondent, partner in respondents:
        submitted_health_check(round_, respondent, value, values=values, comments=comments, partner=partner)
