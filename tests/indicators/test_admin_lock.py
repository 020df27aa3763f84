"""The admin never changes values of a locked year (they change through the services after
the year is reopened), and ``load_demo`` refuses a production server (DEBUG off) unless forced."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators.models import IndicatorValue
from programs.models import ReportingYear

from .conftest import YEAR


@pytest.fixture
def locked_value(setup):
    ReportingYear.objects.filter(pk=setup.reporting_year.pk).update(
        state=ReportingYear.State.PUBLISHED)
    return IndicatorValue.objects.create(indicator=setup.count, year=YEAR, number=130,
                                         state=IndicatorValue.State.ACCEPTED)


def test_a_value_of_a_locked_year_is_read_only_in_the_admin(client, admin_user, locked_value):
    client.force_login(admin_user)
    url = reverse("admin:indicators_indicatorvalue_change", args=[locked_value.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="number"' not in page.content.decode()  # shown, not editable
    response = client.post(url, {"indicator": locked_value.indicator_id, "year": YEAR,
                                 "number": "-5", "state": "accepted", "version": 1})
    assert response.status_code == 403
    locked_value.refresh_from_db()
    assert locked_value.number == Decimal(130)
    delete = reverse("admin:indicators_indicatorvalue_delete", args=[locked_value.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert IndicatorValue.objects.filter(pk=locked_value.pk).exists()


def test_the_admin_adds_no_value_to_a_locked_year(client, admin_user, setup, locked_value):
    client.force_login(admin_user)
    response = client.post(reverse("admin:indicators_indicatorvalue_add"), {
        "indicator": setup.amount.pk, "year": YEAR, "number": "5", "state": "draft",
        "version": 1})
    assert response.status_code == 200  # the form again, with the message
    assert "zablokowany" in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator=setup.amount, year=YEAR).exists()


def test_a_value_of_an_open_year_stays_editable(client, admin_user, setup):
    value = IndicatorValue.objects.create(indicator=setup.count, year=YEAR, number=130)
    client.force_login(admin_user)
    page = client.get(reverse("admin:indicators_indicatorvalue_change", args=[value.pk]))
    assert 'name="number"' in page.content.decode()


def test_load_demo_refuses_to_run_with_debug_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
