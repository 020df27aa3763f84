"""A write the database cannot do: the entry and year forms come back with the Polish message
and what was typed, and nothing is saved (see tests/database_failures.py)."""

from django.urls import reverse
from django.utils import translation

from indicators.models import IndicatorValue
from lib.database import WRITE_FAILED
from programs.models import ReportingYear
from tests.database_failures import BUSY, database_fails

from .conftest import YEAR


def test_the_message_is_polish():
    with translation.override("pl"):
        assert str(WRITE_FAILED).startswith(BUSY)


def test_value_entry_keeps_the_typed_values_and_saves_none_of_them(client, setup, data_entry):
    url = reverse("value_entry", args=[setup.programme.slug, YEAR])
    client.force_login(data_entry)
    data = {}
    for indicator, typed in ((setup.count, "130"), (setup.amount, "1 380,50")):
        prefix = f"v{indicator.pk}-"
        data |= {prefix + "value": typed, prefix + "version": 0, prefix + "fingerprint": "x",
                 prefix + "remarks": "z rejestru gminy"}
    # The values' rows are written, then their history fails: everything is rolled back.
    with database_fails("indicators_historicalindicatorvalue"):
        response = client.post(url, data)
    assert response.status_code == 200
    assert BUSY in response.text
    assert 'value="130"' in response.text and 'value="1 380,50"' in response.text
    assert "z rejestru gminy" in response.text
    assert not IndicatorValue.objects.filter(indicator__objective__programme=setup.programme,
                                             year=YEAR).exists()
    # Sent again once the database answers: saved.
    assert client.post(url, data).status_code == 302
    assert IndicatorValue.objects.get(indicator=setup.count, year=YEAR).number == 130


def test_a_failed_submission_keeps_the_saved_draft_and_says_so(client, setup, data_entry):
    url = reverse("value_entry", args=[setup.programme.slug, YEAR])
    client.force_login(data_entry)
    data = {f"v{setup.count.pk}-value": "130", f"v{setup.count.pk}-version": 0,
            f"v{setup.count.pk}-fingerprint": "x", "submit": "1"}
    # Saving writes one history row; submitting writes the second one, which fails.
    with database_fails("indicators_historicalindicatorvalue", after=1):
        response = client.post(url, data, follow=True)
    assert "zapisano jako wersję roboczą" in response.text
    value = IndicatorValue.objects.get(indicator=setup.count, year=YEAR)
    assert value.number == 130 and value.state == IndicatorValue.State.DRAFT


def test_opening_a_year_shows_the_form_again_with_the_year(client, setup, coordinator):
    client.force_login(coordinator)
    url = reverse("year_open", args=[setup.programme.slug])
    with database_fails("programs_historicalreportingyear"):
        response = client.post(url, {"year": 2022, "deadline": "2023-01-31"})
    assert response.status_code == 200
    assert BUSY in response.text
    assert 'value="2022"' in response.text and 'value="2023-01-31"' in response.text
    assert not ReportingYear.objects.filter(programme=setup.programme, year=2022).exists()
