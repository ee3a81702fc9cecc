"""The platform's xAPI profile as JSON-LD (xAPI Profiles 1.0), generated from the vocabulary."""

from __future__ import annotations

from typing import Any

from flask import Response

from lms.xapi import vocabulary as vocab
from lms.xapi.api.http import bp, json_response

PROFILE_VERSION = "v1"


def profile_document() -> dict[str, Any]:
    """The profile with every platform verb, activity type and extension as a concept."""
    profile_id = vocab.profile_iri()
    concepts: list[dict[str, Any]] = []
    for name, (de, en) in vocab.PROFILE_VERBS.items():
        concepts.append(_concept(vocab.profile_iri(f"verbs/{name}"), "Verb", de, en, profile_id))
    for kind, value in vocab.ACTIVITY_TYPES.items():
        if value.startswith("profile:"):
            concepts.append(_concept(vocab.activity_type(kind), "ActivityType", kind, kind, profile_id))
    for name, (de, en) in vocab.EXTENSIONS.items():
        concept = _concept(vocab.extension_iri(name), "ContextExtension", name, name, profile_id)
        concept["definition"] = {"de": de, "en": en}
        concepts.append(concept)
    return {
        "@context": "https://w3id.org/xapi/profiles/context",
        "id": profile_id,
        "type": "Profile",
        "conformsTo": "https://w3id.org/xapi/profiles#1.0",
        "prefLabel": {"de": "Zukunftsmacher Lernplattform", "en": "Zukunftsmacher learning platform"},
        "definition": {
            "de": "Verben, Aktivitätstypen und Erweiterungen der Zukunftsmacher Lernplattform (Ausbildung).",
            "en": "Verbs, activity types and extensions of the Zukunftsmacher learning platform (apprenticeships).",
        },
        "author": {"type": "Organization", "name": "Zukunftsmacher"},
        "versions": [{"id": vocab.profile_iri(PROFILE_VERSION), "generatedAtTime": "2026-11-23T00:00:00Z"}],
        "concepts": concepts,
    }


def _concept(iri: str, kind: str, de: str, en: str, scheme: str) -> dict[str, Any]:
    return {
        "id": iri,
        "type": kind,
        "inScheme": vocab.profile_iri(PROFILE_VERSION),
        "prefLabel": {"de": de, "en": en},
        "definition": {"de": de, "en": en},
    }


@bp.route("/profile", methods=["GET", "HEAD"])
@bp.route("/profile.jsonld", methods=["GET", "HEAD"])
def profile() -> Response:
    """Public: the JSON-LD profile document."""
    response = json_response(profile_document())
    response.mimetype = "application/ld+json"
    return response
