import pytest

from consultations.wording import (
    bodies_phrase,
    late_opinions_sentence,
    number_in_words,
    opinions_submitted_sentence,
)

DRAFT = "projektu uchwały w sprawie przyjęcia Programu X"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"), (1, "jeden"), (2, "dwa"), (5, "pięć"), (12, "dwanaście"),
        (21, "dwadzieścia jeden"), (22, "dwadzieścia dwa"), (100, "sto"),
        (215, "dwieście piętnaście"), (1000, "1000"),
    ],
)
def test_number_in_words(number, words):
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("number", "phrase"),
    [
        (1, "jeden uprawniony podmiot"),
        (2, "dwa uprawnione podmioty"),
        (4, "cztery uprawnione podmioty"),
        (5, "pięć uprawnionych podmiotów"),
        (12, "dwanaście uprawnionych podmiotów"),
        (22, "dwadzieścia dwa uprawnione podmioty"),
        (25, "dwadzieścia pięć uprawnionych podmiotów"),
    ],
)
def test_bodies_phrase_agrees_with_the_number(number, phrase):
    assert bodies_phrase(number) == phrase


def test_no_opinion_sentence():
    assert opinions_submitted_sentence(0, DRAFT, with_annex=True) == (
        f"We wskazanym wyżej terminie nie wpłynęła żadna opinia na temat {DRAFT}."
    )


def test_one_opinion_sentence_matches_the_seed_wording():
    assert opinions_submitted_sentence(1, DRAFT, with_annex=True) == (
        f"We wskazanym wyżej terminie opinię na temat {DRAFT} złożył jeden uprawniony podmiot, "
        "którego propozycje dotyczące projektu uchwały znajdują się w załączniku nr 1 do Raportu."
    )


def test_two_and_five_opinions_use_plural_verb_and_noun():
    assert f"opinie na temat {DRAFT} złożyły dwa uprawnione podmioty, których propozycje" in (
        opinions_submitted_sentence(2, DRAFT, with_annex=True)
    )
    assert opinions_submitted_sentence(5, DRAFT, with_annex=False) == (
        f"We wskazanym wyżej terminie opinie na temat {DRAFT} złożyło pięć uprawnionych "
        "podmiotów."
    )


def test_late_opinions_sentence():
    assert late_opinions_sentence(1, DRAFT, considered=0).endswith(
        "złożył jeden podmiot; opinia nie była rozpatrywana."
    )
    assert late_opinions_sentence(3, DRAFT, considered=3).endswith(
        "złożyły trzy podmioty; opinie rozpatrzono."
    )
