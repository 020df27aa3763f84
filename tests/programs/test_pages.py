import pytest
from django.urls import reverse

from programs.identity import current_identity
from programs.models import Programme, ReportingYear
from tests.factories import build_programme

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "data_entry", "department_head", "council_member", "admin_user"]


@pytest.fixture(params=[None, *ROLES])
def any_client(request, client):
    if request.param:
        client.force_login(request.getfixturevalue(request.param))
    return client


def test_home_lists_programmes_with_their_years_for_every_role(any_client):
    response = any_client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Strategia Rozwiązywania Problemów Społecznych Miasta Białegostoku" in content
    assert 'lang="pl"' in content


def test_home_is_in_polish():
    from django.test import Client

    content = Client().get(reverse("home")).content.decode()
    assert "Programy i strategie" in content
    assert "Przejdź do głównej treści" in content


def test_programme_page_shows_goal_tree_values_and_remarks(any_client):
    response = any_client.get(reverse("programme_detail", args=["strategia-2011-2020"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "A.1.1" in content and "Liczba asystentów rodzinnych" in content
    # 27 993 in Polish notation, with a non-breaking space
    assert "w tym 6 rodzin było objętych dwukrotnie" in content
    assert "brak danych" in content


def test_unpublished_years_are_hidden_from_the_public(client, coordinator):
    programme = build_programme(years=(2019, 2020), open_year=2021)
    url = reverse("programme_detail", args=[programme.slug])
    ReportingYear.objects.create(programme=programme, year=2020,
                                 state=ReportingYear.State.PUBLISHED)
    public = client.get(url).content.decode()
    assert "<th scope=\"col\" class=\"num\">2020</th>" in public
    assert "<th scope=\"col\" class=\"num\">2019</th>" not in public
    client.force_login(coordinator)
    staff = client.get(url).content.decode()
    assert "<th scope=\"col\" class=\"num\">2019</th>" in staff


def test_draft_programme_is_not_found_for_the_public_but_visible_to_staff(client, coordinator):
    programme = build_programme()
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.DRAFT)
    url = reverse("programme_detail", args=[programme.slug])
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_unknown_programme_is_404(client):
    assert client.get(reverse("programme_detail", args=["nie-ma-takiego"])).status_code == 404


def test_programme_page_runs_a_constant_number_of_queries(client, coordinator,
                                                          django_assert_max_num_queries):
    small = build_programme(goals=1, tasks_per_goal=2, indicators_per_task=2, years=(2020,))
    large = build_programme(goals=10, tasks_per_goal=10, indicators_per_task=3,
                            years=tuple(range(2011, 2021)))
    client.force_login(coordinator)
    current_identity()  # read once per process and cached: not a query of each page
    with django_assert_max_num_queries(12) as small_queries:
        assert client.get(reverse("programme_detail", args=[small.slug])).status_code == 200
    with django_assert_max_num_queries(12) as large_queries:
        response = client.get(reverse("programme_detail", args=[large.slug]))
        assert response.status_code == 200
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)
    assert response.content.decode().count("Liczba osób") == 300


def test_empty_programme_says_what_to_do_next(client, coordinator):
    Programme.objects.create(kind="programme", title="Nowy program", short_name="Nowy",
                             slug="nowy", first_year=2025, last_year=2028, status="adopted")
    client.force_login(coordinator)
    content = client.get(reverse("programme_detail", args=["nowy"])).content.decode()
    assert "Ten program nie ma jeszcze celów" in content


def test_login_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Zaloguj się" in response.content.decode()


def test_demo_user_can_log_in_and_sees_name_and_organisation(client):
    assert client.login(username="realizator", password="realizator-demo")
    content = client.get(reverse("home")).content.decode()
    assert "Jan Realizator" in content and "PUP" in content
