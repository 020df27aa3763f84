"""The review page at real size: filters in the query string, decision controls only where a
decision is possible, "accept selected" / "accept all submitted" with per-row returns in one
atomic save, and a decision on a value changed meanwhile refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.inputs import ReviewDecision
from indicators.judging import Status
from indicators.models import IndicatorValue
from indicators.selectors import ReviewFilters, entry_groups, filter_review_groups
from indicators.services.review import values_review

from .conftest import YEAR, make_programme

State = IndicatorValue.State


@pytest.fixture
def values(setup):
    """count: submitted with remarks; amount: submitted, no data with a reason; text:
    accepted; other (another organisation): returned."""
    make = IndicatorValue.objects.create
    return {
        "count": make(indicator=setup.count, year=YEAR, number=Decimal(130),
                      state=State.SUBMITTED, remarks="Wzrost dzięki nowemu programowi"),
        "amount": make(indicator=setup.amount, year=YEAR, no_data=True,
                       no_data_reason="GUS nie opublikował jeszcze danych", state=State.SUBMITTED),
        "text": make(indicator=setup.text, year=YEAR, text="Opis", state=State.ACCEPTED),
        "other": make(indicator=setup.other, year=YEAR, number=Decimal(7),
                      state=State.RETURNED, review_comment="Sprawdź"),
    }


def review_url(setup, **query):
    url = reverse("year_review", args=[setup.programme.slug, YEAR])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown(setup, query):
    groups = entry_groups(setup.reporting_year, submitted_only=True)
    return {row.indicator.pk for group in filter_review_groups(
        groups, ReviewFilters.from_query(query)) for row in group.rows}


def test_filters_by_state_status_and_remarks(setup, values):
    everything = {setup.count.pk, setup.amount.pk, setup.text.pk, setup.other.pk}
    assert shown(setup, {}) == everything
    assert shown(setup, {"state": "submitted"}) == {setup.count.pk, setup.amount.pk}
    assert shown(setup, {"state": "returned"}) == {setup.other.pk}
    assert shown(setup, {"remarks": "1"}) == {setup.count.pk, setup.amount.pk}
    assert shown(setup, {"status": Status.MET}) == {setup.count.pk}  # 130 > 120, increase
    assert shown(setup, {"status": "nonsense", "state": "draft"}) == everything  # ignored


def test_filters_stay_in_the_url_and_narrow_the_page(client, setup, values, coordinator,
                                                     organisation):
    client.force_login(coordinator)
    page = client.get(review_url(setup, state="returned")).text
    assert f'id="value-{values["other"].pk}"' in page
    assert f'id="value-{values["count"].pk}"' not in page
    assert '<option value="returned" selected>' in page
    page = client.get(review_url(setup, organisation=organisation.pk, remarks=1)).text
    assert f'id="value-{values["count"].pk}"' in page
    assert f'id="value-{values["other"].pk}"' not in page


def test_decision_controls_only_where_a_decision_is_possible(client, setup, values,
                                                             coordinator, department_head):
    client.force_login(coordinator)
    page = client.get(review_url(setup)).text
    count, text, other = values["count"].pk, values["text"].pk, values["other"].pk
    assert f'name="r{count}-action" value="accept"' in page
    assert f'name="r{text}-action" value="return"' in page  # accepted: return only
    assert f'name="r{text}-action" value="accept"' not in page
    assert f'name="r{other}-action"' not in page  # returned: waits for the organisation
    assert f'name="selected" value="{count}"' in page
    assert f'name="selected" value="{text}"' not in page
    assert "Sprawdź" in page  # the returned value shows its comment instead
    client.force_login(department_head)
    page = client.get(review_url(setup)).text
    assert 'name="selected"' not in page and f'name="r{count}-action"' not in page


def test_accept_all_submitted_with_a_return_in_the_same_save(client, setup, values,
                                                             coordinator):
    client.force_login(coordinator)
    count, amount = values["count"], values["amount"]
    response = client.post(review_url(setup), {
        "bulk": "all",
        f"r{amount.pk}-action": "return", f"r{amount.pk}-comment": "Podaj źródło",
        f"r{amount.pk}-version": amount.version, f"r{count.pk}-version": count.version,
    })
    assert response.status_code == 302
    count.refresh_from_db(), amount.refresh_from_db()
    assert count.state == State.ACCEPTED
    assert (amount.state, amount.review_comment) == (State.RETURNED, "Podaj źródło")


def test_accept_selected_accepts_only_the_ticked_rows(client, setup, values, coordinator):
    client.force_login(coordinator)
    count, amount = values["count"], values["amount"]
    response = client.post(review_url(setup), {"bulk": "selected", "selected": [count.pk]})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(pk=count.pk).state == State.ACCEPTED
    assert IndicatorValue.objects.get(pk=amount.pk).state == State.SUBMITTED


def test_one_bad_row_records_nothing(client, setup, values, coordinator):
    client.force_login(coordinator)
    count, amount = values["count"], values["amount"]
    response = client.post(review_url(setup), {
        "bulk": "all", f"r{amount.pk}-action": "return", f"r{amount.pk}-comment": ""})
    assert response.status_code == 200
    assert 'class="has-error"' in response.text
    assert IndicatorValue.objects.get(pk=count.pk).state == State.SUBMITTED
    assert IndicatorValue.objects.get(pk=amount.pk).state == State.SUBMITTED


def test_a_value_changed_since_the_page_was_shown_is_refused(client, setup, values,
                                                             coordinator):
    count, amount = values["count"], values["amount"]
    stale = count.version
    IndicatorValue.objects.filter(pk=count.pk).update(version=stale + 1, number=131)
    errors = values_review(user=coordinator, reporting_year=setup.reporting_year, decisions=[
        ReviewDecision(count.pk, "accept", version=stale),
        ReviewDecision(amount.pk, "accept", version=amount.version)])
    assert set(errors) == {count.pk}
    assert IndicatorValue.objects.get(pk=amount.pk).state == State.SUBMITTED  # atomic
    client.force_login(coordinator)
    response = client.post(review_url(setup), {"bulk": "all", f"r{count.pk}-version": stale,
                                               f"r{amount.pk}-version": amount.version})
    assert response.status_code == 200 and "zmieniła się po otwarciu strony" in response.text
    assert IndicatorValue.objects.filter(state=State.ACCEPTED, year=YEAR).count() == 1  # text


def test_nothing_chosen_says_so(client, setup, values, coordinator):
    client.force_login(coordinator)
    response = client.post(review_url(setup, state="submitted"), {})
    assert response.status_code == 302 and response["Location"].endswith("state=submitted")
    assert IndicatorValue.objects.get(pk=values["count"].pk).state == State.SUBMITTED


def test_three_hundred_values_in_a_fixed_number_of_queries(client, organisation, coordinator,
                                                           django_assert_max_num_queries):
    programme, _task = make_programme(organisation, slug="duzy", indicators=300)
    from programs.models import ReportingYear
    ReportingYear.objects.create(programme=programme, year=YEAR)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, year=YEAR, number=Decimal(5), state=State.SUBMITTED)
        for indicator in programme.objectives.get(code="A.1").indicators.all())
    client.force_login(coordinator)
    url = reverse("year_review", args=["duzy", YEAR])
    with django_assert_max_num_queries(40):
        page = client.get(url).text
    assert page.count('name="selected"') == 300
    assert client.post(url, {"bulk": "all"}).status_code == 302
    assert IndicatorValue.objects.filter(year=YEAR, state=State.ACCEPTED).count() == 300
