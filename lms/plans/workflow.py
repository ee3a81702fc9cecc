"""The complete action (vollständige Handlung) of a company task: every allowed transition.

State machine::

    assigned → informieren → planen → entscheiden → ausfuehren → kontrollieren → bewerten
             → in_review → done
                         ↘ returned → in_review (resubmit) …

In ``entscheiden`` the trainer may approve the apprentice's plan (once; the state stays).
This module is the ONLY place that knows which action may follow which state. It is pure:
:func:`target_state` answers the next state or raises :class:`IllegalTransition`, whose German
message the view shows with status 409. Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ASSIGNED = "assigned"
IN_REVIEW = "in_review"
RETURNED = "returned"
DONE = "done"
STEPS = ("informieren", "planen", "entscheiden", "ausfuehren", "kontrollieren", "bewerten")
STATES = (ASSIGNED, *STEPS, IN_REVIEW, RETURNED, DONE)

STATE_LABELS = {
    ASSIGNED: _l("Zugewiesen"),
    "informieren": _l("Informieren"),
    "planen": _l("Planen"),
    "entscheiden": _l("Entscheiden"),
    "ausfuehren": _l("Ausführen"),
    "kontrollieren": _l("Kontrollieren"),
    "bewerten": _l("Bewerten"),
    IN_REVIEW: _l("Prüfung durch Ausbilder/-in"),
    RETURNED: _l("Zurückgegeben"),
    DONE: _l("Abgeschlossen"),
}

# What the apprentice documents in each step (shown as the prompt of the step's form).
STEP_PROMPTS = {
    "informieren": _l("Was ist zu tun? Welche Informationen, Unterlagen und Vorschriften brauchst du?"),
    "planen": _l("Wie gehst du vor? Arbeitsschritte, Material, Werkzeug, Zeit."),
    "entscheiden": _l(
        "Für welchen Weg entscheidest du dich und warum? "
        "Was hast du mit deiner Ausbilderin oder deinem Ausbilder abgesprochen?"
    ),
    "ausfuehren": _l("Was hast du ausgeführt? Was lief anders als geplant?"),
    "kontrollieren": _l("Wie hast du dein Ergebnis geprüft (Messwerte, Sichtprüfung, Protokoll)?"),
    "bewerten": _l("Deine Selbstbewertung: Was ist gut gelungen, was machst du beim nächsten Mal anders?"),
}


class Side(StrEnum):
    """Who may trigger an action."""

    APPRENTICE = "apprentice"
    TRAINER = "trainer"


class Action(StrEnum):
    START = "start"
    COMPLETE_STEP = "complete_step"
    APPROVE_PLAN = "approve_plan"
    SUBMIT = "submit"
    RETURN = "return"
    RESUBMIT = "resubmit"
    APPROVE = "approve"


@dataclass(frozen=True)
class Transition:
    """One allowed action: its side, source states, xAPI verb and whether text is required."""

    action: Action
    side: Side
    sources: tuple[str, ...]
    verb: str
    needs_text: bool


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.START, Side.APPRENTICE, (ASSIGNED,), "started-step", False),
        Transition(Action.COMPLETE_STEP, Side.APPRENTICE, STEPS[:-1], "documented", True),
        Transition(Action.APPROVE_PLAN, Side.TRAINER, ("entscheiden",), "approved", False),
        Transition(Action.SUBMIT, Side.APPRENTICE, ("bewerten",), "submitted", True),
        Transition(Action.RETURN, Side.TRAINER, (IN_REVIEW,), "returned", True),
        Transition(Action.RESUBMIT, Side.APPRENTICE, (RETURNED,), "submitted", True),
        Transition(Action.APPROVE, Side.TRAINER, (IN_REVIEW,), "approved", False),
    )
}

ACTION_LABELS = {
    Action.START: _l("Aufgabe beginnen"),
    Action.COMPLETE_STEP: _l("Schritt abschließen"),
    Action.APPROVE_PLAN: _l("Planung freigeben"),
    Action.SUBMIT: _l("Zur Prüfung einreichen"),
    Action.RETURN: _l("Zur Überarbeitung zurückgeben"),
    Action.RESUBMIT: _l("Erneut einreichen"),
    Action.APPROVE: _l("Aufgabe abnehmen"),
}


class IllegalTransition(Exception):
    """The action is not allowed in the task's current state (HTTP 409); nothing was changed."""


def parse_action(name: str) -> Action:
    """The action named ``name``; unknown names are illegal transitions too."""
    try:
        return Action(name)
    except ValueError:
        raise IllegalTransition(_("Diese Aktion gibt es nicht.")) from None


def target_state(state: str, action: Action, *, plan_approved: bool = False) -> str:
    """The state after ``action`` in ``state``; raises :class:`IllegalTransition` if not allowed."""
    transition = TRANSITIONS[action]
    if state not in transition.sources:
        raise IllegalTransition(
            _(
                "„%(action)s“ ist im Stand „%(state)s“ nicht möglich. Die Aufgabe wurde nicht verändert.",
                action=ACTION_LABELS[action],
                state=STATE_LABELS.get(state, state),
            )
        )
    if action is Action.APPROVE_PLAN and plan_approved:
        raise IllegalTransition(_("Die Planung ist bereits freigegeben. Die Aufgabe wurde nicht verändert."))
    return _next(state, action)


def _next(state: str, action: Action) -> str:
    if action is Action.START:
        return STEPS[0]
    if action is Action.COMPLETE_STEP:
        return STEPS[STEPS.index(state) + 1]
    if action is Action.APPROVE_PLAN:
        return state
    if action in (Action.SUBMIT, Action.RESUBMIT):
        return IN_REVIEW
    if action is Action.RETURN:
        return RETURNED
    return DONE


def allowed_actions(state: str, side: Side, *, plan_approved: bool = False) -> list[Action]:
    """The actions ``side`` may take now (for showing buttons; the check is :func:`target_state`)."""
    actions = []
    for transition in TRANSITIONS.values():
        if transition.side is side and state in transition.sources:
            if transition.action is Action.APPROVE_PLAN and plan_approved:
                continue
            actions.append(transition.action)
    return actions


def step_of(state: str) -> str | None:
    """The step of the complete action the task is in (None outside the six steps)."""
    return state if state in STEPS else None
