import pytest
from django.utils import translation

from partners.models import Membership, User
from partners.tests.factories import MembershipFactory, OrganisationFactory, ProgramPartnerFactory, UserFactory


@pytest.fixture
def partner_c(cast):
    """A third partner of the cast's program, with its own staff member (staf_c), for non-party checks."""
    partner = ProgramPartnerFactory(program=cast.program, organisation=OrganisationFactory(name="Koperasi Mitra C"))
    staf_c = UserFactory(username="staf_c", role=User.Role.PARTNER_STAFF, organisation=partner.organisation)
    MembershipFactory(program=cast.program, user=staf_c, role=Membership.Role.PARTNER_STAFF, partner=partner)
    partner.staf_c = staf_c
    return partner


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The cast's eight users are hashed with PBKDF2 otherwise, which dominates test time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Assertions read the English source strings; one test checks the Indonesian page explicitly.

    Actions called directly (outside a request) translate in the thread's active language, which an
    earlier test's Indonesian request may have left behind: start every test in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    translation.activate("en")
