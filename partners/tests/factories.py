import datetime

import factory
from django.utils import timezone

from partners import models


def province(code="53"):
    """Provinces are reference data loaded by migration; default NTT (Kupang)."""
    return models.Province.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Lembaga Mitra {n}")
    sector = models.Sector.CIVIL_SOCIETY
    province = factory.LazyFunction(province)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = models.User.Role.PARTNER_STAFF
    organisation = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role in ("partner_lead", "partner_staff")),
        yes_declaration=factory.SubFactory(OrganisationFactory),
        no_declaration=None,
    )
    password = factory.PostGenerationMethodCall("set_password", "rahasia-demo-123")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Program

    name = factory.Sequence(lambda n: f"Program Kemitraan {n}")
    goal = "Menurunkan angka kemiskinan ekstrem di desa sasaran."
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    phase = models.Phase.MANAGING


class ProgramPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgramPartner

    program = factory.SubFactory(ProgramFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = models.PartnerRole.IMPLEMENTING
    endorsement_status = models.EndorsementStatus.ENDORSED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    role = models.Membership.Role.PARTNER_STAFF


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contribution

    partner = factory.SubFactory(ProgramPartnerFactory)
    kind = models.ContributionKind.CASH
    description = "Dana hibah"
    value_idr = 50_000_000
    date = factory.LazyFunction(timezone.localdate)
