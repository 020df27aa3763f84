"""The word diff of a proposal: right on ordinary amendments, and never quadratic on
repetitive text."""

import time

import pytest

from consultations.diff import DELETED, EQUAL, INSERTED, change_counts, side_by_side


def marked(segments, kind):
    return [segment.text.strip() for segment in segments if segment.kind == kind]


def test_a_changed_word_inside_a_text_is_marked_on_both_sides():
    left, right = side_by_side("Wsparcie dla 120 rodzin w roku.", "Wsparcie dla 150 rodzin w roku.")
    assert marked(left, DELETED) == ["120"] and marked(right, INSERTED) == ["150"]
    assert "".join(s.text for s in left) == "Wsparcie dla 120 rodzin w roku."
    assert "".join(s.text for s in right) == "Wsparcie dla 150 rodzin w roku."


def test_added_and_removed_words_are_counted():
    left, right = side_by_side("a b c d", "a x c d e")
    assert change_counts(left, right) == (1, 2)


def test_identical_and_empty_texts():
    left, right = side_by_side("tak samo", "tak samo")
    assert [s.kind for s in left + right] == [EQUAL, EQUAL]
    assert side_by_side("", "") == ([], [])
    left, right = side_by_side("", "nowy tekst")
    assert marked(right, INSERTED) == ["nowy tekst"]


@pytest.mark.parametrize("proposed", [
    "słowo " * 4_999 + "inne " + "słowo " * 5_000,  # one word changed in the middle
    "inne słowo " * 5_000,  # every other word changed: no common start or end to set aside
])
def test_ten_thousand_repeated_words_take_well_under_a_second(proposed):
    current = "słowo " * 10_000
    started = time.perf_counter()
    left, right = side_by_side(current, proposed)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert "".join(s.text for s in left) == current
    assert "".join(s.text for s in right) == proposed
