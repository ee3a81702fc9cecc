"""Grading: single, multiple (all-or-nothing), true/false; pass mark; drawing questions."""

from __future__ import annotations

import random

from lms.learning.grading import draw_questions, grade, parse_response, passed, response_string

SINGLE = [
    {"id": "a", "text": "A", "correct": True, "feedback": "weil A"},
    {"id": "b", "text": "B", "correct": False, "feedback": "nicht B"},
    {"id": "c", "text": "C", "correct": False, "feedback": "nicht C"},
]
MULTIPLE = [
    {"id": "a", "text": "A", "correct": True, "feedback": "fa"},
    {"id": "b", "text": "B", "correct": True, "feedback": "fb"},
    {"id": "c", "text": "C", "correct": False, "feedback": "fc"},
]


def test_single_choice():
    """Is a single-choice answer right only with the one correct option, with the chosen option's feedback?"""
    assert grade(SINGLE, ["a"]).correct
    wrong = grade(SINGLE, ["b"])
    assert not wrong.correct and wrong.feedback == (("B", "nicht B"),)
    assert not grade(SINGLE, []).correct


def test_multiple_choice_is_all_or_nothing():
    """Does a multiple-choice answer need exactly the correct set (no partial credit)?"""
    assert grade(MULTIPLE, ["b", "a"]).correct
    assert not grade(MULTIPLE, ["a"]).correct
    assert not grade(MULTIPLE, ["a", "b", "c"]).correct


def test_unknown_options_are_ignored():
    """Are option ids that do not exist ignored rather than counted?"""
    assert grade(SINGLE, ["a", "zzz"]).chosen == ("a",)


def test_true_false():
    """Is a true/false question graded like a single choice?"""
    options = [
        {"id": "wahr", "text": "Wahr", "correct": False, "feedback": "x"},
        {"id": "falsch", "text": "Falsch", "correct": True, "feedback": "y"},
    ]
    assert grade(options, ["falsch"]).correct and not grade(options, ["wahr"]).correct


def test_pass_mark_is_inclusive():
    """Is 7 of 10 a pass at 70 %, and 2 of 3 (66 %) a fail?"""
    assert passed(7, 10, 70)
    assert not passed(6, 10, 70)
    assert not passed(2, 3, 70)
    assert passed(3, 3, 70)
    assert not passed(0, 0, 70)


def test_response_round_trip():
    """Is the xAPI choice response 'a[,]b' and parsed back?"""
    assert response_string(["b", "a"]) == "a[,]b"
    assert parse_response("a[,]b") == ("a", "b")
    assert parse_response("") == ()


def test_draw_is_distinct_and_bounded():
    """Does a draw give distinct questions and never more than the bank holds?"""
    keys = [f"q{i}" for i in range(20)]
    drawn = draw_questions(keys, 12, random.Random(1))
    assert len(drawn) == len(set(drawn)) == 12 and set(drawn) <= set(keys)
    assert sorted(draw_questions(keys[:3], 12)) == keys[:3]
