"""Indicators with named parts ("liczba osób/rodzin", a total "w tym nowoutworzone", women and
men): declared, entered part by part (all or nothing, Polish numbers, errors beside the part),
judged on the part the target names, printed as the documents write them, kept in history."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.formatting import format_target, format_value
from indicators.inputs import ValueInput
from indicators.judging import Status, judge_indicators
from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind, clean_parts
from indicators.services.values import values_save

from .conftest import YEAR, make_programme

PERSONS_FAMILIES = [{"label": "osób", "unit": Unit.PERSONS},
                    {"label": "rodzin", "unit": Unit.FAMILIES}]


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture
def parts(db, organisation):
    """A programme with three indicators with parts: persons/families (target on families),
    a total with a "w tym" part, and women/men summed."""
    programme, task = make_programme(organisation, slug="program-czesci")
    from programs.models import ReportingYear

    people = Indicator.objects.create(
        objective=task, name="Liczba osób/rodzin objętych pomocą", unit=Unit.FAMILIES,
        direction=Direction.INCREASE, parts=PERSONS_FAMILIES, target_part=2,
        reporting_organisation=organisation, position=1)
    places = Indicator.objects.create(
        objective=task, name="Liczba placówek wsparcia dziennego", unit=Unit.COUNT,
        parts=[{"label": "", "unit": Unit.COUNT},
               {"label": "nowoutworzone", "unit": Unit.COUNT, "within": True}],
        reporting_organisation=organisation, position=2)
    sexes = Indicator.objects.create(
        objective=task, name="Liczba uczestników", unit=Unit.PERSONS, parts_summed=True,
        target_value=Decimal(10),
        parts=[{"label": "kobiet", "unit": Unit.PERSONS},
               {"label": "mężczyzn", "unit": Unit.PERSONS}],
        reporting_organisation=organisation, position=3)
    IndicatorValue.objects.create(indicator=people, year=YEAR - 1, number=6,
                                  part_numbers=["10", "6"], state=IndicatorValue.State.ACCEPTED)
    reporting_year = ReportingYear.objects.create(programme=programme, year=YEAR)
    return {"programme": programme, "year": reporting_year, "people": people, "places": places,
            "sexes": sexes}


def save(user, parts, *inputs):
    return values_save(user=user, reporting_year=parts["year"], inputs=list(inputs))


def value_of(indicator):
    return IndicatorValue.objects.get(indicator=indicator, year=YEAR)


def entry_url(parts):
    return reverse("value_entry", args=[parts["programme"].slug, YEAR])


def test_parts_are_checked_and_a_w_tym_label_becomes_a_w_tym_part():
    assert clean_parts([{"label": "placówek"}, {"label": "w tym  nowoutworzone"}]) == [
        {"label": "placówek", "unit": "", "within": False},
        {"label": "nowoutworzone", "unit": "", "within": True}]
    # A total may go without a label when "w tym" parts follow it ("12, w tym 3 …").
    assert clean_parts([{"label": ""}, {"label": "w tym nowoutworzone"}])[0]["label"] == ""
    from indicators.parts import parts_from_text, parts_to_text

    parts = parts_from_text("–; w tym nowoutworzone (liczba)")
    assert parts == [{"label": "", "unit": "", "within": False},
                     {"label": "nowoutworzone", "unit": Unit.COUNT, "within": True}]
    assert parts_to_text(parts) == "–; w tym nowoutworzone (liczba)"
    with pytest.raises(ValidationError, match="co najmniej dwie"):
        clean_parts([{"label": "osób"}])
    with pytest.raises(ValidationError, match="etykiety"):
        clean_parts([{"label": "osób"}, {"label": " "}])
    with pytest.raises(ValidationError, match="nieznaną jednostkę"):
        clean_parts([{"label": "osób", "unit": "sztuki"}, {"label": "rodzin"}])
    with pytest.raises(ValidationError, match="w tym"):
        clean_parts([{"label": "w tym nowe"}, {"label": "rodzin"}])


def test_indicator_clean_refuses_a_target_part_that_does_not_exist(parts):
    indicator = parts["people"]
    indicator.target_part = 3
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "target_part" in error.value.message_dict
    text = Indicator(objective=indicator.objective, name="Opis", value_kind=ValueKind.TEXT,
                     parts=PERSONS_FAMILIES)
    with pytest.raises(ValidationError, match="tekstowy"):
        text.full_clean()


def test_a_value_is_saved_part_by_part_and_its_number_is_the_target_part(parts, data_entry):
    result = save(data_entry, parts, ValueInput(parts["people"].pk, parts=["1 209", "7"]),
                  ValueInput(parts["places"].pk, parts=["12", "3"]),
                  ValueInput(parts["sexes"].pk, parts=["9", "5"]))
    assert result.ok, result.errors
    people = value_of(parts["people"])
    assert people.part_numbers == ["1209", "7"] and people.number == 7  # the families
    assert value_of(parts["places"]).number == 12  # the first part: the total
    assert value_of(parts["sexes"]).number == 14  # summed
    assert plain(format_value(people)) == "1 209 osób / 7 rodzin"
    assert plain(format_value(value_of(parts["places"]))) == "12, w tym 3 nowoutworzone"
    assert plain(format_value(value_of(parts["sexes"]))) == "14, w tym 9 kobiet i 5 mężczyzn"


def test_the_value_text_may_carry_the_parts(parts, data_entry):
    """The API and the value sheets send one text: "9 / 5" or "9; 5"."""
    assert save(data_entry, parts, ValueInput(parts["people"].pk, "9 / 5")).ok
    assert plain(format_value(value_of(parts["people"]))) == "9 osób / 5 rodzin"
    result = save(data_entry, parts, ValueInput(parts["places"].pk, "12"))
    assert not result.ok
    assert "nowoutworzone" in result.errors[parts["places"].pk]["part2"][0]


def test_parts_are_all_or_nothing_with_polish_messages_beside_the_part(parts, data_entry):
    result = save(data_entry, parts, ValueInput(parts["people"].pk, parts=["9", ""]),
                  ValueInput(parts["sexes"].pk, parts=["1,5", "2"]))
    assert not result.ok
    assert result.errors[parts["people"].pk]["part2"] == [
        "Wpisz także liczbę „rodzin”: części wpisuje się razem."]
    assert "bez części dziesiętnej" in result.errors[parts["sexes"].pk]["part1"][0]
    assert not IndicatorValue.objects.filter(year=YEAR).exists()  # nothing saved
    result = save(data_entry, parts, ValueInput(parts["people"].pk, parts=["-1", "2"]))
    assert "ujemna" in result.errors[parts["people"].pk]["part1"][0]
    result = save(data_entry, parts, ValueInput(parts["people"].pk, parts=["1", "2"],
                                                no_data=True, no_data_reason="x"))
    assert "nie jedno i drugie" in result.errors[parts["people"].pk]["value"][0]


def test_a_w_tym_part_cannot_exceed_its_whole(parts, data_entry):
    """"12, w tym 13 nowoutworzonych" is refused beside the "w tym" part; equal is allowed."""
    result = save(data_entry, parts, ValueInput(parts["places"].pk, parts=["12", "13"]))
    assert not result.ok
    assert result.errors[parts["places"].pk]["part2"] == [
        "„W tym nowoutworzone” (13) nie może przekraczać liczby „ogółem” (12): to jej część."]
    assert not IndicatorValue.objects.filter(year=YEAR).exists()
    assert save(data_entry, parts, ValueInput(parts["places"].pk, parts=["12", "12"])).ok


def test_no_data_and_clearing_work_for_an_indicator_with_parts(parts, data_entry):
    assert save(data_entry, parts, ValueInput(parts["people"].pk, parts=["", ""], no_data=True,
                                              no_data_reason="Brak sprawozdania")).ok
    value = value_of(parts["people"])
    assert value.no_data and value.part_numbers == [] and value.number is None
    assert save(data_entry, parts, ValueInput(parts["people"].pk, parts=["", ""],
                                              version=1)).ok
    assert not IndicatorValue.objects.filter(indicator=parts["people"], year=YEAR).exists()


def test_judged_on_the_part_the_target_names(parts, data_entry):
    # More persons but fewer families than the year before (10 / 6): the increase is not met.
    save(data_entry, parts, ValueInput(parts["people"].pk, parts=["20", "5"]),
         ValueInput(parts["sexes"].pk, parts=["6", "5"]))
    judged = judge_indicators([parts["people"], parts["sexes"]], YEAR)
    assert judged[parts["people"].pk].status == Status.NOT_MET
    assert judged[parts["people"].pk].comparison_value == 6
    assert judged[parts["sexes"].pk].status == Status.MET  # 11 ≥ 10, the sum
    assert plain(format_target(parts["sexes"])) == "10"
    people = parts["people"]
    people.target_value = Decimal(8)
    assert plain(format_target(people)) == "8 rodzin / wzrost"


def test_typo_guard_applies_to_the_judged_number(parts, data_entry):
    result = save(data_entry, parts, ValueInput(parts["people"].pk, parts=["10", "60"]))
    assert parts["people"].pk in result.needs_confirmation
    assert save(data_entry, parts, ValueInput(parts["people"].pk, parts=["10", "60"],
                                              confirmed=True)).ok


def test_history_shows_the_parts(parts, data_entry, client):
    save(data_entry, parts, ValueInput(parts["people"].pk, parts=["9", "5"]))
    save(data_entry, parts, ValueInput(parts["people"].pk, parts=["9", "6"], version=1))
    client.force_login(data_entry)
    url = reverse("value_history", args=[parts["programme"].slug, YEAR, parts["people"].pk])
    page = plain(client.get(url).text)
    assert "9 osób / 5 rodzin" in page and "9 osób / 6 rodzin" in page


def test_entry_page_has_one_labelled_input_per_part(parts, data_entry, client):
    client.force_login(data_entry)
    people = parts["people"]
    page = client.get(entry_url(parts)).text
    assert f'name="v{people.pk}-part1"' in page and f'name="v{people.pk}-part2"' in page
    assert f'name="v{people.pk}-value"' not in page
    assert f'<label for="id_v{people.pk}-part2">rodzin</label>' in page
    assert f'<label for="id_v{parts["places"].pk}-part2">w tym nowoutworzone</label>' in page
    assert f'<label for="id_v{parts["places"].pk}-part1">ogółem</label>' in page
    assert "Wartość jest sumą części." in page


def test_entry_form_saves_parts_and_shows_errors_beside_the_part(parts, data_entry, client):
    client.force_login(data_entry)
    people, places = parts["people"], parts["places"]

    def row(indicator, *numbers, version=0):
        data = {f"v{indicator.pk}-version": version, f"v{indicator.pk}-fingerprint": "x",
                f"v{indicator.pk}-value": ""}
        data.update({f"v{indicator.pk}-part{n}": text for n, text in enumerate(numbers, 1)})
        return data

    response = client.post(entry_url(parts), {**row(people, "1 209", "7"),
                                              **row(places, "12", "1,5")})
    assert response.status_code == 200
    page = response.text
    assert f'id="err-v{places.pk}-part2"' in page
    assert "bez części dziesiętnej" in page
    assert 'value="1 209"' in page  # what was typed stays
    assert f'href="#id_v{places.pk}-part2"' in page  # the summary links to the part
    assert not IndicatorValue.objects.filter(year=YEAR).exists()
    response = client.post(entry_url(parts), {**row(people, "1 209", "7"),
                                              **row(places, "12", "3")})
    assert response.status_code == 302
    assert value_of(people).part_numbers == ["1209", "7"]
    page = client.get(entry_url(parts)).text
    assert f'id="id_v{people.pk}-part1" value="1\u00a0209"' in page
    # An untouched row is not sent to the service again (no new version).
    data = {**row(people, "1\u00a0209", "7", version=1)}
    from indicators.forms import initial_for

    data[f"v{people.pk}-fingerprint"] = initial_for(value_of(people), people)["fingerprint"]
    assert client.post(entry_url(parts), data).status_code == 302
    assert value_of(people).version == 1


def test_value_check_uses_the_part_unit(parts, data_entry, client):
    client.force_login(data_entry)
    url = reverse("value_check")
    response = client.get(url, {"indicator": parts["people"].pk, "text": "-1", "part": "2"})
    assert response.json()["ok"] is False


def test_entry_page_queries_do_not_grow_with_parts(client, data_entry, organisation,
                                                   django_assert_max_num_queries):
    """Parts are stored on the indicator and the value: the page reads no more for them."""
    from programs.models import ReportingYear

    counts = []
    for slug, with_parts in (("bez-czesci", False), ("z-czesciami", True)):
        programme, _task = make_programme(organisation, slug=slug, indicators=30)
        if with_parts:
            Indicator.objects.filter(objective__programme=programme).update(
                parts=PERSONS_FAMILIES)
            IndicatorValue.objects.filter(indicator__objective__programme=programme).update(
                part_numbers=["200", "100"])
        ReportingYear.objects.create(programme=programme, year=YEAR)
        client.force_login(data_entry)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url = reverse("value_entry", args=[programme.slug, YEAR])
        client.get(url)  # the session's first save, the cache of rows
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert "200 osób / 100 rodzin" in plain(response.text)


def test_the_administration_edits_parts_as_one_line(client, admin_user, parts):
    indicator = parts["places"]
    client.force_login(admin_user)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="w tym nowoutworzone (liczba)"' in page.text or \
        "w tym nowoutworzone" in page.text
    data = {
        "objective": indicator.objective_id, "name": indicator.name, "position": 2,
        "unit": "count", "value_kind": "integer", "direction": "", "target_value": "",
        "target_year": "", "baseline_value": "", "baseline_year": "", "expected_result": "",
        "monitoring_method": "", "reporting_organisation": indicator.reporting_organisation_id,
        "parts": "placówek (liczba); w tym nowoutworzone; w tym prowadzone przez NGO",
        "target_part": "", "entered_values-TOTAL_FORMS": 0, "entered_values-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert [part["label"] for part in indicator.parts] == [
        "placówek", "nowoutworzone", "prowadzone przez NGO"]
    assert indicator.parts[0]["unit"] == Unit.COUNT and indicator.parts[2]["within"]
    response = client.post(url, {**data, "parts": "placówek", "target_part": "5"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "co najmniej dwie" in str(errors["parts"])


def test_the_review_page_shows_the_parts(parts, data_entry, coordinator, client):
    save(data_entry, parts, ValueInput(parts["people"].pk, parts=["9", "5"]))
    IndicatorValue.objects.filter(year=YEAR).update(state=IndicatorValue.State.SUBMITTED)
    client.force_login(coordinator)
    page = plain(client.get(reverse("year_review", args=[parts["programme"].slug, YEAR])).text)
    assert "9 osób / 5 rodzin" in page and "10 osób / 6 rodzin" in page  # and the year before
