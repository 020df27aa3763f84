"""The error pages a user can meet, as production shows them (``DEBUG=False``): in Polish, in
the site's layout (header, navigation, footer), saying what happened and what to do next, with a
link back, and with the right status. The 500 page renders without the database."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import server_error

from tests.test_polish_everywhere import english_in


def _assert_error_page(response, status, heading):
    assert response.status_code == status
    page = response.content.decode()
    assert 'lang="pl"' in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert heading in page
    assert f'href="{reverse("home")}"' in page and "Wróć na stronę główną" in page
    assert not english_in(page), english_in(page)
    return page


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


@pytest.mark.django_db
def test_404_is_polish_in_the_layout(production, client):
    page = _assert_error_page(client.get("/nie-ma-takiej-strony/"), 404, "Nie ma takiej strony")
    assert "Zaloguj się" in page  # the public may not see unpublished data: log in


@pytest.mark.django_db
def test_403_is_polish_in_the_layout(production, client):
    client.force_login(get_user_model().objects.get(username="realizator"))
    page = _assert_error_page(client.get(reverse("audit:event_list")), 403,
                              "Nie masz dostępu do tej strony")
    assert "koordynatora programu" in page


@pytest.mark.django_db
def test_405_of_a_post_only_address_is_a_page(production, client):
    response = client.get(reverse("logout"))
    _assert_error_page(response, 405, "Ten adres nie przyjmuje takiego żądania")
    assert "POST" in response["Allow"]


@pytest.mark.django_db
def test_api_405_keeps_its_json(production, client):
    response = client.post(reverse("v1:programme-list"), {}, HTTP_ACCEPT="application/json")
    assert response.status_code in (401, 405)
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_400_is_polish_in_the_layout(production):
    client = Client(HTTP_HOST="nieznany.example")  # not in ALLOWED_HOSTS: DisallowedHost → 400
    _assert_error_page(client.get("/"), 400, "Serwer nie zrozumiał żądania")


@pytest.mark.django_db
def test_csrf_failure_is_polish_in_the_layout(production):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    _assert_error_page(response, 403, "Formularz wygasł")


def test_500_needs_no_database(production):
    # No ``db`` fixture: pytest-django refuses any query, so a page that needs one fails here.
    response = server_error(RequestFactory().get("/"))
    _assert_error_page(response, 500, "Wystąpił błąd po stronie serwera")


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_lockout_page_is_polish_in_the_layout(client):
    from accounts.views import locked_out

    request = RequestFactory().post(reverse("login"), {"username": "koordynator"})
    request.user = AnonymousUser()
    response = locked_out(request, credentials={"username": "koordynator"})
    assert response.status_code == 429
    page = response.content.decode()
    assert 'class="site-header"' in page and "Logowanie zablokowane" in page
    assert not english_in(page), english_in(page)
