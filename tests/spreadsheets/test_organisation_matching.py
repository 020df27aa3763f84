"""Organisation matching in the programme import is never silent: only a known body's name or
one of its declared other names (in the database or on the file's Organisations sheet) is
matched without asking; a short name ("PUP", "Urząd Miejski") or a similar spelling is shown in
the preview for the user to confirm, and without an answer it becomes a new body. The counts
say truthfully what is to be created and to be changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from programs.models import Objective, Organisation, Programme
from spreadsheets import services

from .builders import programme_file

pytestmark = pytest.mark.django_db

IMPORT = reverse("spreadsheets:programme_import")
PUP = "Powiatowy Urząd Pracy w Białymstoku"
UM = "Urząd Miejski w Białymstoku"
MOPR = "Miejski Ośrodek Pomocy Rodzinie w Białymstoku"


def rows(coordinator="", implementers="", reporting=MOPR):
    return [
        {"level": 1, "code": "1", "title": "Cel pierwszy"},
        {"level": 2, "code": "1.1", "title": "Zadanie 1.1", "coordinator": coordinator,
         "implementers": implementers},
        {"indicator": "Liczba osób", "unit": "osoby", "value_kind": "liczba całkowita",
         "direction": "wzrost", "reporting_organisation": reporting},
    ]


def a_file(**kwargs) -> bytes:
    organisations = kwargs.pop("organisations", ())
    return programme_file(programme={"coordinator": MOPR}, rows=rows(**kwargs),
                          organisations=organisations)


def task(slug="program-testowy-arkusz"):
    return Objective.objects.get(programme__slug=slug, code="1.1")


def test_a_short_name_is_asked_about_not_matched():
    preview = services.programme_preview(content=a_file(coordinator="Urząd Miejski",
                                                        implementers="PUP"))
    questions = {question.name: question for question in preview.questions}
    assert set(questions) == {"Urząd Miejski", "PUP"}
    assert [c.name for c in questions["Urząd Miejski"].candidates] == [UM]
    assert [c.name for c in questions["PUP"].candidates] == [PUP]
    assert {q.reason for q in questions.values()} == {"short_name"}
    assert all(match.organisation.name == MOPR for match in preview.matched)
    assert {match.name for match in preview.new} == {"Urząd Miejski", "PUP"}
    assert preview.unanswered == preview.questions


def test_without_an_answer_the_import_makes_new_bodies_never_a_guessed_match():
    services.programme_import(content=a_file(coordinator="Urząd Miejski", implementers="PUP"))
    node = task()
    assert node.coordinator.name == "Urząd Miejski" and node.coordinator.name != UM
    assert [link.organisation.name for link in node.objectiveimplementer_set.all()] == ["PUP"]
    assert "PUP" not in Organisation.objects.get(name=PUP).aliases


def test_a_confirmed_match_is_used_and_remembered_as_another_name():
    content = a_file(implementers="PUP")
    question = services.programme_preview(content=content).questions[0]
    services.programme_import(content=content, answers={question.field_name: str(
        question.candidates[0].pk)})
    assert [link.organisation.name for link in task().objectiveimplementer_set.all()] == [PUP]
    assert "PUP" in Organisation.objects.get(name=PUP).aliases
    # The next import of the same file asks nothing: "PUP" is now a declared other name.
    again = services.programme_preview(content=content)
    assert again.questions == [] and again.stats.updated == 0


def test_answering_new_makes_a_new_body():
    content = a_file(implementers="PUP")
    question = services.programme_preview(content=content).questions[0]
    services.programme_import(content=content, answers={question.field_name: services.NEW})
    assert [link.organisation.name for link in task().objectiveimplementer_set.all()] == ["PUP"]


def test_exact_names_and_declared_other_names_are_matched_without_asking():
    preview = services.programme_preview(content=a_file(
        coordinator="powiatowy  urząd pracy",  # another name of the labour office, any case
        implementers=f"{UM}; UM Przykładowo",
        organisations=[[UM, "", "", "UM Przykładowo", ""]]))
    assert preview.questions == []
    how = {match.name: (match.organisation.name, match.how) for match in preview.matched}
    assert how["powiatowy urząd pracy"] == (PUP, "alias")
    assert how[MOPR] == (MOPR, "name")
    assert how[UM] == (UM, "declared")
    services.programme_import(content=a_file(
        coordinator="powiatowy urząd pracy", implementers="UM Przykładowo",
        organisations=[[UM, "", "", "UM Przykładowo", ""]]))
    node = task()
    assert node.coordinator.name == PUP
    assert [link.organisation.name for link in node.objectiveimplementer_set.all()] == [UM]


def test_a_similar_spelling_is_asked_about_and_not_matched():
    preview = services.programme_preview(content=a_file(
        reporting="Miejski Ośrodek Pomocy Rodzinie w Białymstok"))
    question = preview.questions[0]
    assert question.reason == "similar" and question.candidates[0].name == MOPR


def test_a_new_programmes_counts_say_nothing_is_to_be_changed():
    preview = services.programme_preview(content=a_file(implementers=MOPR))
    assert preview.existing is None
    assert preview.stats.created > 0 and preview.stats.updated == 0


def test_the_preview_page_asks_and_the_import_waits_for_the_answers(client, coordinator):
    client.force_login(coordinator)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("p.xlsx", a_file(
        coordinator="Urząd Miejski", implementers="PUP"))})
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "Organizacje do potwierdzenia" in page
    assert "„PUP” to skrócona nazwa znanej organizacji" in page
    assert f"Tak: {PUP}" in page and "Nie: nowa organizacja „PUP”" in page
    assert "do zmiany: 0" in page
    refused = client.post(url, {"organisation-1": services.NEW})
    assert refused.status_code == 400 and 'id="questions-error"' in refused.content.decode()
    assert not Programme.objects.filter(slug="program-testowy-arkusz").exists()
    questions = {q.name: q for q in refused.context["preview"].questions}
    done = client.post(url, {questions["Urząd Miejski"].field_name: services.NEW,
                             questions["PUP"].field_name: questions["PUP"].candidates[0].pk})
    assert done.status_code == 302
    node = task()
    assert node.coordinator.name == "Urząd Miejski"
    assert [link.organisation.name for link in node.objectiveimplementer_set.all()] == [PUP]


def test_the_command_line_says_what_it_did_not_match(tmp_path, capsys):
    path = tmp_path / "p.xlsx"
    path.write_bytes(a_file(implementers="PUP"))
    call_command("import_programme", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert f"? PUP: nie dopasowano do: {PUP}" in out


def test_the_former_label_of_the_coordinating_kind_is_still_read():
    preview = services.programme_preview(content=a_file(
        implementers="Ośrodek Nowy", organisations=[["Ośrodek Nowy", "", "MOPR lub jego dział",
                                                      "", ""]]), dry_run=False)
    spec = next(s for s in preview.data["organisations"] if s["name"] == "Ośrodek Nowy")
    assert spec["kind"] == Organisation.Kind.MOPR
