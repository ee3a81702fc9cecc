"""The workflow module alone: every legal and every illegal transition of the complete action."""

from __future__ import annotations

import pytest

from lms.plans import workflow
from lms.plans.workflow import ASSIGNED, DONE, IN_REVIEW, RETURNED, STATES, STEPS, Action, IllegalTransition, Side

EXPECTED = {
    (ASSIGNED, Action.START): "informieren",
    ("informieren", Action.COMPLETE_STEP): "planen",
    ("planen", Action.COMPLETE_STEP): "entscheiden",
    ("entscheiden", Action.COMPLETE_STEP): "ausfuehren",
    ("ausfuehren", Action.COMPLETE_STEP): "kontrollieren",
    ("kontrollieren", Action.COMPLETE_STEP): "bewerten",
    ("entscheiden", Action.APPROVE_PLAN): "entscheiden",
    ("bewerten", Action.SUBMIT): IN_REVIEW,
    (IN_REVIEW, Action.RETURN): RETURNED,
    (RETURNED, Action.RESUBMIT): IN_REVIEW,
    (IN_REVIEW, Action.APPROVE): DONE,
}


@pytest.mark.parametrize(("state", "action"), sorted(EXPECTED, key=str))
def test_legal_transition(app, state, action):
    """Does every legal transition lead to the expected state?"""
    assert workflow.target_state(state, action) == EXPECTED[(state, action)]


ILLEGAL = [(s, a) for s in STATES for a in Action if (s, a) not in EXPECTED]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transition(app, state, action):
    """Is every other (state, action) pair refused with a German message?"""
    with pytest.raises(IllegalTransition) as raised:
        workflow.target_state(state, action)
    assert "nicht möglich" in str(raised.value)


def test_plan_may_be_approved_only_once(app):
    """Is a second plan approval in "Entscheiden" an illegal transition?"""
    with pytest.raises(IllegalTransition):
        workflow.target_state("entscheiden", Action.APPROVE_PLAN, plan_approved=True)


def test_unknown_action_is_illegal(app):
    """Does an unknown action name count as an illegal transition (409), not a crash?"""
    with pytest.raises(IllegalTransition):
        workflow.parse_action("skip-to-done")


def test_allowed_actions_per_side(app):
    """Do the buttons offered match the sides: apprentice works, trainer reviews?"""
    assert workflow.allowed_actions(ASSIGNED, Side.APPRENTICE) == [Action.START]
    assert workflow.allowed_actions(ASSIGNED, Side.TRAINER) == []
    assert workflow.allowed_actions("entscheiden", Side.TRAINER) == [Action.APPROVE_PLAN]
    assert workflow.allowed_actions("entscheiden", Side.TRAINER, plan_approved=True) == []
    assert set(workflow.allowed_actions(IN_REVIEW, Side.TRAINER)) == {Action.RETURN, Action.APPROVE}
    assert workflow.allowed_actions(DONE, Side.APPRENTICE) == []
    assert len(STEPS) == 6
