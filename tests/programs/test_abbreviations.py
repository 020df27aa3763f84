"""Organisations shown by their abbreviation carry the full name in ``<abbr title>``."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from programs.models import Organisation
from programs.templatetags.organisations import abbr

pytestmark = pytest.mark.django_db


def test_abbr_spells_out_the_short_name():
    pup = Organisation.objects.get(short_name="PUP")
    assert abbr(pup) == f'<abbr title="{pup.name}">PUP</abbr>'
    assert abbr(Organisation(name="Caritas")) == "Caritas"


def test_dashboard_and_header_spell_out_abbreviations(client):
    client.force_login(get_user_model().objects.get(username="dyrektor"))
    page = client.get(reverse("dashboards:programme", kwargs={"slug": "strategia-2021-2030"}),
                      HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    pup = Organisation.objects.get(short_name="PUP")
    assert f'<abbr title="{pup.name}">PUP</abbr>' in page


def test_the_header_spells_out_the_users_organisation(client):
    client.force_login(get_user_model().objects.get(username="realizator"))
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<abbr title="Powiatowy Urząd Pracy w Białymstoku">PUP</abbr>' in page
