"""The platform's xAPI vocabulary: verbs, activity types, extensions and IRI scheme.

One place for every IRI the platform writes, documented in docs/XAPI.md. ADL verbs are used
where one fits; verbs of the training-plan world belong to the platform's own profile under
``<IRI base>xapi/profile/``. Activity IRIs live under the configurable, stable IRI base
(``LMS_XAPI_IRI_BASE``): changing the base later splits the history, so it is set once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"


@dataclass(frozen=True)
class Verb:
    """An xAPI verb: its IRI and German/English display."""

    iri: str
    de: str
    en: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.iri, "display": {"de-DE": self.de, "en-US": self.en}}


def profile_iri(path: str = "") -> str:
    """An IRI inside the platform's own xAPI profile."""
    return f"{iri_base()}xapi/profile/{path}"


def iri_base() -> str:
    """The stable IRI base (always ends with a slash)."""
    return current_app.config["XAPI_IRI_BASE"]


class Verbs:
    """ADL verbs used by the platform."""

    INITIALIZED = Verb(ADL + "initialized", "hat begonnen", "initialized")
    EXPERIENCED = Verb(ADL + "experienced", "hat angesehen", "experienced")
    ANSWERED = Verb(ADL + "answered", "hat beantwortet", "answered")
    ATTEMPTED = Verb(ADL + "attempted", "hat versucht", "attempted")
    PASSED = Verb(ADL + "passed", "hat bestanden", "passed")
    FAILED = Verb(ADL + "failed", "hat nicht bestanden", "failed")
    COMPLETED = Verb(ADL + "completed", "hat abgeschlossen", "completed")
    PROGRESSED = Verb(ADL + "progressed", "hat Fortschritt gemacht", "progressed")
    COMMENTED = Verb(ADL + "commented", "hat kommentiert", "commented")
    VOIDED = Verb(ADL + "voided", "hat ungültig gemacht", "voided")


# Verbs of the platform profile; their IRIs depend on the configured base, so they are built
# on demand: profile_verb("assigned").
PROFILE_VERBS: dict[str, tuple[str, str]] = {
    "reflected": ("hat reflektiert", "reflected"),
    "committed": ("hat sich vorgenommen", "committed"),
    "reported": ("hat berichtet", "reported"),
    "assigned": ("hat zugewiesen", "assigned"),
    "started-step": ("hat Schritt begonnen", "started step"),
    "documented": ("hat dokumentiert", "documented"),
    "submitted": ("hat eingereicht", "submitted"),
    "approved": ("hat freigegeben", "approved"),
    "returned": ("hat zurückgegeben", "returned"),
    "reviewed": ("hat geprüft", "reviewed"),
    "self-assessed": ("hat sich selbst eingeschätzt", "self-assessed"),
    "assessed": ("hat eingeschätzt", "assessed"),
    "earned": ("hat erhalten", "earned"),
    "revised": ("hat korrigiert", "revised"),
}


def profile_verb(name: str) -> Verb:
    """A verb of the platform profile, e.g. ``profile_verb("approved")``."""
    de, en = PROFILE_VERBS[name]
    return Verb(profile_iri(f"verbs/{name}"), de, en)


# Activity types: ADL types where one fits, else profile types.
ACTIVITY_TYPES: dict[str, str] = {
    "module": ADL_ACTIVITY + "course",
    "unit": ADL_ACTIVITY + "lesson",
    "question": ADL_ACTIVITY + "cmi.interaction",
    "assessment": ADL_ACTIVITY + "assessment",
    "reflection": "profile:reflection",
    "transfer-task": "profile:transfer-task",
    "certificate": "profile:certificate",
    "framework-position": "profile:framework-position",
    "framework-item": "profile:framework-item",
    "task": "profile:company-task",
    "task-step": "profile:company-task-step",
    "record-week": "profile:training-record-week",
}


def activity_type(kind: str) -> str:
    """The activity type IRI for a kind of activity of the platform."""
    value = ACTIVITY_TYPES[kind]
    return profile_iri("activity-types/" + value.removeprefix("profile:")) if value.startswith("profile:") else value


def activity_iri(kind: str, *parts: str | int) -> str:
    """The stable IRI of a platform activity, e.g. ``activity_iri("unit", "lernbegleitung", "rolle")``."""
    tail = "/".join(str(p) for p in parts)
    return f"{iri_base()}activities/{kind}/{tail}"


def activity(
    kind: str,
    *parts: str | int,
    name: str | None = None,
    description: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An Activity object with id, type and a German name."""
    definition: dict[str, Any] = {"type": activity_type(kind)}
    if name:
        definition["name"] = {"de-DE": name}
    if description:
        definition["description"] = {"de-DE": description}
    definition.update(extra or {})
    return {"objectType": "Activity", "id": activity_iri(kind, *parts), "definition": definition}


def actor_account(public_id: str) -> dict[str, Any]:
    """The xAPI actor for a person: an opaque account, never an e-mail or a name."""
    return {"objectType": "Agent", "account": {"homePage": iri_base(), "name": str(public_id)}}


def platform_authority() -> dict[str, Any]:
    """The authority of statements the platform itself records."""
    return {"objectType": "Agent", "account": {"homePage": iri_base(), "name": "lms-platform"}}


def extension_iri(name: str) -> str:
    """An extension key of the platform profile, e.g. ``extension_iri("step")``."""
    return profile_iri(f"extensions/{name}")


# Extensions of the platform profile (name -> German/English description), published in the
# JSON-LD profile at /xapi/profile. Add a line when a feature starts writing a new extension.
EXTENSIONS: dict[str, tuple[str, str]] = {
    "module-version": ("Version des Lernmoduls", "version of the learning module"),
    "unit-hash": ("Inhalts-Prüfsumme der Lerneinheit", "content hash of the learning unit"),
    "attempt": ("Nummer des Versuchs", "attempt number"),
    "drawn-questions": ("Gezogene Fragen eines Versuchs", "questions drawn for an attempt"),
    "due-date": ("Fälligkeitsdatum", "due date"),
    "certificate-code": ("Prüfcode des Zertifikats", "verification code of the certificate"),
    "apprentice": ("Betroffene:r Auszubildende:r", "apprentice concerned"),
    "plan-approved": ("Ausbildungsplan freigegeben", "training plan approved"),
    "state": ("Neuer Zustand", "new state"),
    "step": ("Schritt einer Aufgabe", "step of a task"),
    "items": ("Vermittelte Punkte des Ausbildungsrahmenplans", "framework-plan items taught"),
    "hours": ("Angerechnete Stunden", "hours credited"),
}
