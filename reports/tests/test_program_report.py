import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from hypothesis import given, settings
from hypothesis import strategies as st

from partners.models import CapacityItem, CapacityKind
from partners.tests.factories import ProgramPartnerFactory
from reports.forms import PeriodForm
from reports.tests.factories import OutcomeFactory, OutputFactory, bulk_milestones
from roadmap.models import Revision

pytestmark = pytest.mark.django_db


def url(program, **params):
    from urllib.parse import urlencode

    return reverse("reports:program", args=[program.pk]) + ("?" + urlencode(params) if params else "")


def test_manager_sees_outcomes_outputs_and_milestone_rates(cast, road, login):
    response = login(cast.manajer).get(url(cast.program))
    assert response.status_code == 200
    report = response.context["report"]
    # The cancelled milestone counts nowhere (docs/definitions.md): 3 milestones, 2 done.
    assert report.stats.ms_total == 3
    assert report.stats.ms_done == 2
    assert report.stats.ms_on_time == 1
    assert report.stats.completion_rate == Decimal("66.7")
    assert report.stats.on_time_rate == Decimal("50.0")
    assert report.stats.ms_overdue == (1 if road.start < road.today else 0)
    # Without indicators, progress comes from the milestones, as on the road map.
    assert report.outcomes[0].progress == Decimal("70.0")  # outputs at 100 and 40
    assert report.outcomes[0].progress_source == "milestones"
    outputs = {o.statement: o for o in report.outputs}
    assert outputs["Pelatihan usaha"].progress == 100
    assert outputs["Koperasi desa"].progress == 40
    assert (outputs["Pelatihan usaha"].ms_total, outputs["Pelatihan usaha"].ms_done) == (2, 2)
    assert (outputs["Koperasi desa"].ms_total, outputs["Koperasi desa"].ms_done) == (1, 0)
    partners = {p.organisation.name: p for p in report.partners}
    assert partners["Yayasan Mitra A"].completion_rate == 100
    assert partners["Yayasan Mitra A"].on_time_rate == 50
    assert partners["PT Mitra B"].completion_rate == 0
    assert b"Kemiskinan ekstrem turun" in response.content


def test_contributions_per_partner_by_type_share_and_dependency(cast, road, login):
    report = login(cast.fasilitator).get(url(cast.program)).context["report"]
    partners = {p.organisation.name: p for p in report.partners}
    assert report.contribution_total == 100_000_000
    b, a = partners["PT Mitra B"], partners["Yayasan Mitra A"]
    assert b.period_total == 75_000_000 and b.share == Decimal("75.0")
    assert a.period_total == 25_000_000 and a.share == Decimal("25.0")
    assert a.total_to_date == 26_000_000  # includes the contribution before the period
    kinds = dict(zip(["cash", "in_kind", "expertise", "facilities", "network"], a.by_kind, strict=True))
    assert kinds == {"cash": 0, "in_kind": 20_000_000, "expertise": 5_000_000, "facilities": 0, "network": 0}
    # Partner B is the initial funder: the dependency indicator is its share.
    assert report.dependency_share == Decimal("75.0")


def test_revisions_in_period_are_listed(cast, road, login):
    Revision.objects.create(
        program=cast.program,
        item_type="output",
        item_id=road.out1.pk,
        item_label="Pelatihan usaha",
        field="statement",
        old_value="Pelatihan",
        new_value="Pelatihan usaha",
        reason="Permintaan mitra",
        actor=cast.fasilitator,
    )
    response = login(cast.manajer).get(url(cast.program))
    assert [r.reason for r in response.context["report"].revisions] == ["Permintaan mitra"]
    assert b"Permintaan mitra" in response.content


def test_items_added_in_the_period_are_counted_in_one_line_not_listed(cast, road, login):
    for pk, item_type in [(road.out1.pk, "output"), (1001, "milestone"), (1002, "milestone")]:
        Revision.objects.create(
            program=cast.program,
            item_type=item_type,
            item_id=pk,
            item_label=f"Butir {pk}",
            field="created",
            reason="Rencana awal",
            actor=cast.fasilitator,
        )
    Revision.objects.create(
        program=cast.program,
        item_type="milestone",
        item_id=1001,
        item_label="Butir 1001",
        field="status",
        old_value="planned",
        new_value="in_progress",
        reason="Kegiatan dimulai",
        actor=cast.fasilitator,
    )
    response = login(cast.manajer).get(url(cast.program))
    report = response.context["report"]
    assert [r.reason for r in report.revisions] == ["Kegiatan dimulai"]
    assert report.additions == ["1 keluaran", "2 tonggak capaian"]
    html = response.content.decode()
    assert "Ditambahkan ke peta jalan dalam periode ini: 1 keluaran, 2 tonggak capaian." in html
    assert "Rencana awal" not in html
    client = login(cast.manajer)
    client.cookies["django_language"] = "en"
    english = client.get(url(cast.program))
    assert english.context["report"].additions == ["1 output", "2 milestones"]


def test_partner_staff_sees_report_with_individual_scores_hidden(cast, road, login):
    response = login(cast.staf_b).get(url(cast.program))
    assert response.status_code == 200
    assert response.context["report"].hide_individual_scores is True
    manager_view = login(cast.manajer).get(url(cast.program))
    assert manager_view.context["report"].hide_individual_scores is False


def test_year_period_changes_what_is_counted(cast, road, login):
    last_year = road.today.year - 1
    report = login(cast.manajer).get(url(cast.program, period="year", year=last_year)).context["report"]
    assert report.period.start == datetime.date(last_year, 1, 1)
    assert report.stats.ms_total == 0
    assert report.contribution_total == 0


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "start": "2026-05-01"},
        {"period": "custom", "start": "2026-05-01", "end": "2026-04-01"},
        {"period": "custom", "start": "2000-01-01", "end": "2026-04-01"},
        {"period": "custom", "start": "not-a-date", "end": "2026-04-01"},
        {"period": "quarter", "quarter": "7", "year": "2026"},
        {"period": "semester", "semester": "3"},
        {"period": "year", "year": "abc"},
        {"period": "year", "year": "99999999999999999999"},
        {"period": "fortnight"},
        {"period": "custom", "start": "0001-01-01", "end": "0001-03-01"},
        {"period": "custom", "start": "2026-01-01", "end": "9999-12-31"},
    ],
)
def test_invalid_period_is_a_form_error_not_a_500(cast, login, params):
    response = login(cast.manajer).get(url(cast.program, **params))
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors
    assert b"alert-warning" in response.content


@pytest.mark.parametrize(
    "data, start, end",
    [
        ({"period": "quarter", "year": "2025", "quarter": "2"}, datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)),
        ({"period": "quarter", "year": "2024", "quarter": "1"}, datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
        (
            {"period": "semester", "year": "2025", "semester": "2"},
            datetime.date(2025, 7, 1),
            datetime.date(2025, 12, 31),
        ),
        ({"period": "year", "year": "2024"}, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (
            {"period": "custom", "start": "2025-02-03", "end": "2025-02-03"},
            datetime.date(2025, 2, 3),
            datetime.date(2025, 2, 3),
        ),
    ],
)
def test_period_form_resolves_dates(data, start, end):
    form = PeriodForm(data)
    assert form.is_valid(), form.errors
    period = form.period_or_default()
    assert (period.start, period.end) == (start, end)


def test_empty_query_is_the_current_quarter():
    form = PeriodForm({})
    assert not form.is_bound and form.is_usable()
    period = form.period_or_default()
    assert period.start <= datetime.date.today() <= period.end
    assert period.start.month in (1, 4, 7, 10)


def _grow(program, partners, outputs_per, milestones):
    outcome = OutcomeFactory(program=program)
    for partner in partners:  # the capacity table (item 11) reads capacities and contributions in bulk
        for kind in (CapacityKind.FUNDING, CapacityKind.DATA, CapacityKind.VOLUNTEERS):
            CapacityItem.objects.get_or_create(organisation=partner.organisation, kind=kind)
    for i in range(outputs_per):
        output = OutputFactory(outcome=outcome)
        bulk_milestones(output, partners[i % len(partners)], milestones // outputs_per, due=datetime.date.today())


def test_program_report_query_count_is_constant(cast, road, login, assert_queries):
    client = login(cast.manajer)
    client.get(url(cast.program))  # the first request after login also stamps the session
    with assert_queries(QUERIES) as small:
        client.get(url(cast.program))
    ProgramPartnerFactory(program=cast.program)
    _grow(cast.program, [cast.partner_a, cast.partner_b], 4, 2000)
    with assert_queries(QUERIES):
        response = client.get(url(cast.program))
    assert response.context["report"].stats.ms_total == 2003  # the road's cancelled milestone is not counted
    assert len(response.content) < 200_000, len(response.content)  # issue 19: no page above 200 KB
    assert len(small.captured_queries) >= QUERIES


# Request overhead (session, user, unread notifications, session save) + program and membership
# + 15 report queries of our own (2 of them the capacity table: capacities, contributions by kind; 1 the
# partners' milestone figures, grouped in their own query since issue 19)
# + 6 of assessments' program_trends (one reads who was rated, so that no
# average singles a person out) + 1 of governance's dependency_series
# + facilitation decisions + governance recognitions, institutional strengthening (issue 15, item 10)
# and recommendations
# + the program's indicators (results; periods, targets and actuals follow only when it has some)
# + the partners' commitments against what was realised (governance, one query).
QUERIES = 32


@given(
    st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(st.text(max_size=12), st.integers(-(10**6), 10**6).map(str), st.dates().map(str))
            for name in ("period", "year", "quarter", "semester", "start", "end")
        },
    )
)
@settings(max_examples=200, deadline=None)
def test_any_period_input_is_valid_or_a_form_error(data):
    form = PeriodForm(data)
    if form.is_usable():
        period = form.period_or_default()
        assert period.start <= period.end
        assert (period.end - period.start).days <= 366 * 10
    else:
        assert form.errors


def test_a_partner_that_left_stays_in_the_report_marked_as_left(cast, road, login):
    from partners.models import ProgramPartner

    left_on = road.today - datetime.timedelta(days=2)
    ProgramPartner.objects.filter(pk=cast.partner_b.pk).update(left_on=left_on, left_reason="Mandat berakhir.")
    client = login(cast.fasilitator)
    client.cookies["django_language"] = "en"
    response = client.get(url(cast.program))
    partners = {p.organisation.name: p for p in response.context["report"].partners}
    assert partners["PT Mitra B"].period_total == 75_000_000
    assert f"PT Mitra B (left on {date_format(left_on)})" in response.content.decode()


def test_report_opens_with_a_table_of_contents_whose_links_all_land(cast, road, login):
    import re

    html = login(cast.manajer).get(url(cast.program)).content.decode()
    main = html[html.index('<main id="main"') :]
    nav = re.search(
        r'<nav class="report-contents[^"]*" aria-label="([^"]+)" data-testid="report-contents">(.*?)</nav>', main, re.S
    )
    assert nav and nav.group(1) == "Daftar isi laporan"
    assert "<summary" in nav.group(2) and "Daftar isi</summary>" in nav.group(2)  # folds away on a phone
    assert nav.start() < main.index("<h2")  # before every section
    targets = re.findall(r'href="#([\w-]+)"', nav.group(2))
    assert len(targets) >= 15
    for target in targets:
        assert re.search(rf'<(h2|section)[^>]* id="{target}"', main), target
    total = re.search(r'data-testid="contribution-total">([^<]+)<', main).group(1)
    assert total == "Rp\xa0100.000.000"


def test_table_of_contents_follows_the_language(cast, road, login):
    client = login(cast.manajer)
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(url(cast.program)).content.decode()
    assert 'aria-label="Contents of the report" data-testid="report-contents"' in html
    assert "Contents</summary>" in html and 'href="#contributions">Contributions per partner (IDR)</a>' in html
    assert 'data-testid="contribution-total">Rp\xa0100,000,000<' in html
