"""The occupations the cluster trains in, with the specialisms their ordinances define.

Codes match the ``id`` of each occupation in ``data/framework_plans.yaml``. The full framework
plans (positions, items, guide values) are loaded by the training-plan feature; this small
catalogue is what forms and profiles need without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice


@dataclass(frozen=True)
class Occupation:
    code: str
    title: object  # lazy string
    duration_months: int
    specialism_label: object | None
    specialisms: tuple[str, ...]


OCCUPATIONS: dict[str, Occupation] = {
    o.code: o
    for o in (
        Occupation("mechatroniker_2018", _l("Mechatroniker/-in"), 42, None, ()),
        Occupation(
            "dachdecker_2016",
            _l("Dachdecker/-in"),
            36,
            _l("Schwerpunkt"),
            (
                "Dachdeckungstechnik",
                "Abdichtungstechnik",
                "Außenwandbekleidungstechnik",
                "Energietechnik an Dach und Wand",
                "Reetdachtechnik",
            ),
        ),
        Occupation(
            "anlagenmechaniker_shk_2016",
            _l("Anlagenmechaniker/-in SHK"),
            42,
            _l("Einsatzgebiet"),
            (
                "Sanitärtechnik",
                "Heizungstechnik",
                "Lüftungs- und Klimatechnik",
                "Erneuerbare Energien und Umwelttechnik",
            ),
        ),
    )
}


def occupation_choices() -> list[SelectChoice]:
    """The occupations (code, title) for select fields."""
    return [SelectChoice(o.code, str(o.title)) for o in OCCUPATIONS.values()]


def specialism_choices() -> list[SelectChoice]:
    """All specialisms of all occupations, labelled with their occupation, plus "none"."""
    choices = [SelectChoice("", str(_l("– keiner / noch offen –")))]
    for occupation in OCCUPATIONS.values():
        choices += [SelectChoice(s, f"{occupation.title}: {s}") for s in occupation.specialisms]
    return choices


def occupation_title(code: str | None) -> str:
    """The German title of an occupation code, or the code itself if unknown."""
    if code is None:
        return ""
    occupation = OCCUPATIONS.get(code)
    return str(occupation.title) if occupation else code
