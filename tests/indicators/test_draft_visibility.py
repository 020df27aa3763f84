"""The one rule for unreviewed values (``indicators.access``): a data-entry user sees its own
organisation's drafts and everybody's accepted values, never another organisation's drafts — on
every surface: the API, the programme page, the dashboards (their cache too) and the exports."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue

from .conftest import YEAR

State = IndicatorValue.State
OWN_REMARK = "WŁASNY-SZKIC-uwaga"
OTHER_REMARK = "OBCY-SZKIC-uwaga"
OTHER_NUMBER = Decimal(987654)


@pytest.fixture
def drafts(setup):
    """The open year: our organisation's draft, the other organisation's draft (unreviewed),
    and the other organisation's accepted value of the year before."""
    own = IndicatorValue.objects.create(indicator=setup.count, year=YEAR, number=131,
                                        remarks=OWN_REMARK, state=State.DRAFT)
    other = IndicatorValue.objects.create(indicator=setup.other, year=YEAR, number=OTHER_NUMBER,
                                          remarks=OTHER_REMARK, state=State.SUBMITTED)
    accepted = IndicatorValue.objects.create(indicator=setup.other, year=YEAR - 1, number=4321,
                                             remarks="PRZYJĘTA-uwaga", state=State.ACCEPTED)
    return own, other, accepted


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_api_values_hide_another_organisations_draft(client, setup, drafts, data_entry,
                                                     other_data_entry, coordinator):
    own, other, accepted = drafts
    url = "/api/v1/values/"

    def ids(user, **params):
        client.force_login(user)
        body = client.get(url, {"programme": setup.programme.slug, **params}).json()
        return {row["id"] for row in body["results"]}

    assert {own.pk, accepted.pk} <= ids(data_entry)
    assert other.pk not in ids(data_entry)
    assert other.pk not in ids(data_entry, indicator=setup.other.pk)
    assert own.pk not in ids(other_data_entry) and other.pk in ids(other_data_entry)
    assert {own.pk, other.pk, accepted.pk} <= ids(coordinator)
    client.force_login(data_entry)
    assert client.get(f"{url}{other.pk}/").status_code == 404


def test_programme_page_hides_another_organisations_draft(client, setup, drafts, data_entry,
                                                          coordinator):
    url = reverse("programme_detail", args=[setup.programme.slug])
    text = page(client, data_entry, url)
    assert OWN_REMARK in text and "PRZYJĘTA-uwaga" in text
    assert OTHER_REMARK not in text and "987" not in text
    assert OTHER_REMARK in page(client, coordinator, url)


def test_indicator_dashboard_hides_another_organisations_draft(client, setup, drafts, data_entry,
                                                               other_data_entry):
    url = reverse("dashboards:indicator", args=[setup.programme.slug, setup.other.pk])
    text = page(client, data_entry, url)
    assert "4321" in text.replace("\xa0", "").replace(" ", "")
    assert OTHER_REMARK not in text and "987654" not in text.replace("\xa0", "").replace(" ", "")
    assert OTHER_REMARK in page(client, other_data_entry, url)


def test_organisation_dashboard_hides_another_organisations_draft(
        client, setup, drafts, data_entry, other_data_entry):
    other_organisation = setup.other.reporting_organisation
    url = reverse("dashboards:organisation", args=[other_organisation.pk])
    text = page(client, data_entry, url, year=YEAR).replace("\xa0", "").replace(" ", "")
    assert "987654" not in text
    assert "987654" in page(client, other_data_entry, url, year=YEAR).replace(
        "\xa0", "").replace(" ", "")


def test_programme_dashboard_cache_does_not_carry_one_organisations_view_to_another(
        client, setup, drafts, data_entry, other_data_entry):
    url = reverse("dashboards:programme", args=[setup.programme.slug])
    params = {"year": YEAR, "status": "no_target"}
    # The other organisation draws the page first: its draft is in its own view...
    first = page(client, other_data_entry, url, **params)
    assert setup.other.name in first and "987654" in first.replace("\xa0", "").replace(" ", "")
    # ...and not in the labour office's, drawn for the same data and filters.
    second = page(client, data_entry, url, **params).replace("\xa0", "").replace(" ", "")
    assert "987654" not in second


def test_exports_hold_no_unreviewed_value_of_another_organisation(client, setup, data_entry):
    # A diagnosis year (before the programme starts) is public: only accepted values of it.
    IndicatorValue.objects.create(indicator=setup.other, year=2017, number=555000,
                                  remarks=OTHER_REMARK, state=State.DRAFT)
    IndicatorValue.objects.create(indicator=setup.count, year=2017, number=444000,
                                  state=State.ACCEPTED)
    client.force_login(data_entry)
    for name in ("open_data_csv", "open_data_json"):
        response = client.get(reverse(name, args=[setup.programme.slug]))
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode("utf-8-sig").replace("\xa0", "").replace(" ", "")
        assert "444000" in text
        assert "555000" not in text and OTHER_REMARK not in text
    # The draft report holds every organisation's unreviewed values: refused.
    response = client.get(f"/programmes/{setup.programme.slug}/{YEAR}/report.pdf")
    assert response.status_code == 403
