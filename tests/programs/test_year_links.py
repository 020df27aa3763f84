"""A programme's page links each reporting year to its report, review and entry as the role
allows, and the coordinator's "open a year" is on the page, not in a folded section."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, username, slug):
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client.get(reverse("programme_detail", kwargs={"slug": slug}),
                      HTTP_ACCEPT_LANGUAGE="pl").content.decode()


def test_coordinator_gets_review_report_and_open_a_year(client):
    page = _page(client, "koordynator", "strategia-2021-2030")
    assert reverse("year_review", args=["strategia-2021-2030", 2022]) in page
    assert reverse("reports_programme:html", args=["strategia-2021-2030", 2022]) in page
    assert reverse("year_open", args=["strategia-2021-2030"]) in page
    assert "projekt raportu" in page


def test_public_gets_the_published_report_only(client):
    page = _page(client, None, "strategia-2011-2020")
    assert reverse("reports_programme:html", args=["strategia-2011-2020", 2020]) in page
    assert reverse("year_review", args=["strategia-2011-2020", 2020]) not in page
    assert reverse("year_open", args=["strategia-2011-2020"]) not in page


def test_data_entry_gets_the_entry_of_an_open_year(client):
    page = _page(client, "realizator", "strategia-2021-2030")
    assert reverse("value_entry", args=["strategia-2021-2030", 2022]) in page
    assert reverse("year_review", args=["strategia-2021-2030", 2022]) not in page
    # a draft report is not for data entry
    assert reverse("reports_programme:html", args=["strategia-2021-2030", 2022]) not in page


def test_a_goal_table_has_no_year_column_empty_from_top_to_bottom(client):
    import re

    page = _page(client, None, "program-pomocy-spolecznej-2021-2024")
    for table in re.findall(r'<table class="data tree-table">.*?</table>', page, re.S):
        years = re.findall(r'<th scope="col" class="num">(\d{4})</th>', table)
        for position, _year in enumerate(years):
            cells = [re.findall(r'<td class="(?:num|text-value)[^"]*">(.*?)</td>', row, re.S)
                     for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]
            assert any(len(c) > position and c[position].strip() for c in cells)
