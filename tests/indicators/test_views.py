"""The data-entry and review pages for every role, and the entry page's query count."""

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue
from programs.models import ReportingYear

from .conftest import YEAR, make_programme


def entry_url(setup, organisation=None):
    url = reverse("value_entry", args=[setup.programme.slug, YEAR])
    return f"{url}?organisation={organisation.pk}" if organisation else url


def row_data(indicator, value="", version=0, **extra):
    prefix = f"v{indicator.pk}-"
    data = {prefix + "value": value, prefix + "version": version, prefix + "fingerprint": "x"}
    data.update({prefix + name: content for name, content in extra.items()})
    return data


def test_data_entry_sees_own_indicators_only(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.get(entry_url(setup))
    assert response.status_code == 200
    assert setup.count.name in response.text and setup.other.name not in response.text
    assert f'name="v{setup.count.pk}-value"' in response.text


def test_data_entry_saves_and_bad_input_is_kept_with_a_message(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {**row_data(setup.count, "1,5"),
                                              **row_data(setup.amount, "1 380,00")})
    assert response.status_code == 200
    assert 'value="1,5"' in response.text and "field-error" in response.text
    assert not IndicatorValue.objects.filter(year=YEAR).exists()
    response = client.post(entry_url(setup), {**row_data(setup.count, "130"),
                                              **row_data(setup.amount, "1 380,00")})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=setup.amount, year=YEAR).number == 1380


def test_submit_button_reports_missing_values(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {**row_data(setup.count, "130"), "submit": "1"})
    assert response.status_code == 200
    assert IndicatorValue.objects.get(indicator=setup.count, year=YEAR).state == "draft"


def test_other_organisation_is_refused_on_get_and_post(client, setup, other_data_entry,
                                                       organisation):
    client.force_login(other_data_entry)
    assert client.get(entry_url(setup, organisation)).status_code == 403
    assert client.post(entry_url(setup, organisation),
                       row_data(setup.count, "5")).status_code == 403
    # Posting another organisation's fields to one's own page changes nothing.
    client.post(entry_url(setup), row_data(setup.count, "5"))
    assert not IndicatorValue.objects.filter(indicator=setup.count).filter(year=YEAR).exists()
    history = reverse("value_history", args=[setup.programme.slug, YEAR, setup.count.pk])
    assert client.get(history).status_code == 403


def test_anonymous_and_council_member_are_refused(client, setup, council_member):
    assert client.get(entry_url(setup)).status_code == 302
    client.force_login(council_member)
    assert client.get(entry_url(setup)).status_code in (403, 404)  # year not published
    assert client.get(reverse("year_review", args=[setup.programme.slug, YEAR])).status_code \
        in (403, 404)


def test_department_head_reads_but_cannot_post(client, setup, department_head, organisation):
    client.force_login(department_head)
    response = client.get(entry_url(setup, organisation))
    assert response.status_code == 200
    assert f'name="v{setup.count.pk}-value"' not in response.text
    assert client.post(entry_url(setup, organisation),
                       row_data(setup.count, "5")).status_code == 403
    review = reverse("year_review", args=[setup.programme.slug, YEAR])
    assert client.get(review).status_code == 200
    assert client.post(review, {}).status_code == 403


def test_coordinator_reviews_and_returns_with_comment(client, setup, coordinator, data_entry):
    client.force_login(data_entry)
    client.post(entry_url(setup), {
        **row_data(setup.count, "130"), **row_data(setup.text, "Opis"),
        **row_data(setup.amount, "1000")})
    client.post(entry_url(setup), {"submit": "1"})
    value = IndicatorValue.objects.get(indicator=setup.count, year=YEAR)
    assert value.state == "submitted"
    client.force_login(coordinator)
    review = reverse("year_review", args=[setup.programme.slug, YEAR])
    response = client.get(review)
    assert response.status_code == 200 and setup.count.name in response.text
    response = client.post(review, {f"r{value.pk}-action": "return",
                                    f"r{value.pk}-comment": "Sprawdź, proszę"})
    assert response.status_code == 302
    client.force_login(data_entry)
    assert "Sprawdź, proszę" in client.get(entry_url(setup)).text


def test_year_in_review_tells_the_organisation_what_it_may_still_change(
        client, setup, data_entry, coordinator):
    IndicatorValue.objects.create(indicator=setup.count, year=YEAR, number=130,
                                  state=IndicatorValue.State.RETURNED, review_comment="Sprawdź")
    ReportingYear.objects.filter(pk=setup.reporting_year.pk).update(
        state=ReportingYear.State.IN_REVIEW)
    client.force_login(data_entry)
    page = client.get(entry_url(setup)).text
    assert "Rok jest w trakcie weryfikacji: możesz zmienić tylko wartości" in page
    assert f'name="v{setup.count.pk}-value"' in page  # the returned value stays open
    assert f'name="v{setup.amount.pk}-value"' not in page  # the others do not


def test_data_entry_cannot_open_review_or_year_admin(client, setup, data_entry):
    client.force_login(data_entry)
    slug = setup.programme.slug
    assert client.get(reverse("year_review", args=[slug, YEAR])).status_code == 403
    assert client.get(reverse("year_open", args=[slug])).status_code == 403
    assert client.get(reverse("year_lock", args=[slug, YEAR])).status_code == 403
    assert client.post(reverse("reminders_send", args=[slug, YEAR])).status_code == 403


def test_locked_year_shows_no_inputs_and_refuses_posts(client, setup, data_entry):
    ReportingYear.objects.filter(pk=setup.reporting_year.pk).update(
        state=ReportingYear.State.ACCEPTED)
    client.force_login(data_entry)
    response = client.get(entry_url(setup))
    assert response.status_code == 200
    assert f'name="v{setup.count.pk}-value"' not in response.text
    assert client.post(entry_url(setup), row_data(setup.count, "5")).status_code == 403


def test_coordinator_opens_locks_and_reopens(client, setup, coordinator):
    client.force_login(coordinator)
    slug = setup.programme.slug
    response = client.post(reverse("year_open", args=[slug]), {"year": 2022, "deadline": ""})
    assert response.status_code == 302
    assert ReportingYear.objects.filter(programme=setup.programme, year=2022).exists()
    response = client.post(reverse("year_lock", args=[slug, 2022]),
                           {"accepted_by": "PREZYDENT MIASTA", "conclusion": ""})
    assert response.status_code == 200  # refused: no value of 2022 is entered, let alone accepted
    assert "no value yet" in response.text or "nie ma" in response.text
    assert not ReportingYear.objects.get(programme=setup.programme, year=2022).is_locked
    ReportingYear.objects.filter(programme=setup.programme, year=2022).update(
        state=ReportingYear.State.ACCEPTED)
    reopen = reverse("year_reopen", args=[slug, 2022])
    assert client.post(reopen, {"reason": ""}).status_code == 200
    assert client.post(reopen, {"reason": "Korekta"}).status_code == 302


def test_unknown_year_is_404(client, setup, data_entry):
    client.force_login(data_entry)
    assert client.get(reverse("value_entry", args=[setup.programme.slug, 2019])).status_code \
        == 404


def test_value_check_endpoint(client, setup, data_entry):
    client.force_login(data_entry)
    url = reverse("value_check")
    assert client.get(url, {"indicator": setup.count.pk, "text": "1,5"}).json()["ok"] is False
    assert client.get(url, {"indicator": setup.count.pk, "text": "1 380"}).json()["ok"] is True


def test_home_shows_what_is_waiting(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.get(reverse("home"))
    assert entry_url(setup) in response.text


@pytest.mark.parametrize("size", [5, 300])
def test_entry_page_runs_a_constant_number_of_queries(client, data_entry, organisation, size,
                                                      django_assert_max_num_queries):
    programme, _ = make_programme(organisation, slug=f"duzy-{size}", indicators=size)
    ReportingYear.objects.create(programme=programme, year=YEAR)
    client.force_login(data_entry)
    url = reverse("value_entry", args=[programme.slug, YEAR])
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('class="value-input"') == size


def test_demo_realizator_has_the_new_strategy_waiting(client, django_user_model):
    realizator = django_user_model.objects.get(username="realizator")
    client.force_login(realizator)
    url = reverse("value_entry", args=["strategia-2021-2030", 2022])
    assert url in client.get(reverse("home")).text
    response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('class="value-input"') > 0


def test_entry_rows_are_drawn_again_only_when_they_change(client, setup, data_entry,
                                                          coordinator, monkeypatch):
    """Drawn rows are kept under a digest of what they show: a second page draws none, a change
    (here by the coordinator) draws that row again, with the new value."""
    import indicators.views

    drawn = []
    real = indicators.views.render_to_string
    monkeypatch.setattr(indicators.views, "render_to_string",
                        lambda name, context: drawn.append(name) or real(name, context))
    client.force_login(data_entry)
    client.get(entry_url(setup))
    rows = drawn.count("indicators/_entry_row.html")
    assert rows == 3  # the organisation's three indicators
    drawn.clear()
    client.get(entry_url(setup))
    assert not drawn
    from indicators.inputs import ValueInput
    from indicators.services.values import values_save

    assert values_save(user=coordinator, reporting_year=setup.reporting_year,
                       inputs=[ValueInput(setup.count.pk, "777", confirmed=True)]).ok
    page = client.get(entry_url(setup))
    assert drawn == ["indicators/_entry_row.html"]
    assert 'value="777"' in page.text
