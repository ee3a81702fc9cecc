"""The editorial minimums every qualification module in courses/ must meet.

These tests read the course folders directly (YAML and Markdown), independent of the loader,
so a module that is valid for the engine but too thin for trainers still fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

COURSES = Path(__file__).resolve().parents[2] / "courses"
REQUIRED_MODULES = {
    "lernbegleitung",
    "generation-z",
    "ki-in-der-ausbildung",
    "azubis-als-qualitaetsverantwortliche",
    "digitale-kommunikation",
    "ausbildung-4-0-nachhaltigkeit",
    "meine-ausbildung",
}
APPRENTICE_MODULES = {"meine-ausbildung"}
UNOBSERVABLE_VERBS = {"verstehen", "kennen", "wissen", "kennenlernen", "begreifen"}
OCCUPATION_MARKERS = {
    "Mechatronik": re.compile(r"mechatron", re.I),
    "Dachdecker": re.compile(r"dachdeck", re.I),
    "SHK": re.compile(r"\bSHK\b|sanitär|heizung", re.I),
}
PLACEHOLDERS = re.compile(r"\bTODO\b|lorem ipsum|\bTBD\b|platzhalter|XXX", re.I)


def module_dirs() -> list[Path]:
    return sorted(p for p in COURSES.iterdir() if (p / "module.yaml").is_file())


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def unit_body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    parts = text.split("---", 2)
    return parts[2] if text.startswith("---") and len(parts) == 3 else text


def word_count(markdown: str) -> int:
    return len([w for w in re.split(r"\s+", markdown) if re.search(r"[\wÄÖÜäöüß]", w)])


def all_questions(module: Path) -> list[dict]:
    checks = load(module / "checks.yaml") or {}
    final = (load(module / "final_test.yaml") or {}).get("questions", [])
    return [q for questions in checks.values() for q in questions] + final


def test_all_required_modules_exist():
    """Are all seven modules of the qualification programme present?"""
    present = {p.name for p in module_dirs()}
    assert present >= REQUIRED_MODULES, f"missing modules: {sorted(REQUIRED_MODULES - present)}"


@pytest.fixture(params=[p.name for p in module_dirs()])
def module(request) -> Path:
    return COURSES / request.param


def test_duration_and_unit_count(module):
    """Does the module take 45–90 minutes in 5–7 units?"""
    manifest = load(module / "module.yaml")
    assert 45 <= manifest["duration_minutes"] <= 90
    assert 5 <= len(manifest["units"]) <= 7


def test_unit_length(module):
    """Does every unit have 500–900 words (plain-language module: 300–600)?"""
    low, high = (300, 600) if module.name in APPRENTICE_MODULES else (500, 900)
    manifest = load(module / "module.yaml")
    for unit in manifest["units"]:
        words = word_count(unit_body(module / "units" / f"{unit}.md"))
        assert low <= words <= high, f"{module.name}/{unit}: {words} words, expected {low}-{high}"


def test_worked_examples_cover_all_three_occupations(module):
    """Does the module carry a worked example from each of the three occupations?"""
    manifest = load(module / "module.yaml")
    examples = ""
    for unit in manifest["units"]:
        body = unit_body(module / "units" / f"{unit}.md")
        examples += "\n".join(re.findall(r"^##+ Praxisbeispiel.*?(?=^## |\Z)", body, re.M | re.S))
    missing = [name for name, marker in OCCUPATION_MARKERS.items() if not marker.search(examples)]
    assert not missing, f"{module.name}: no 'Praxisbeispiel' section about {missing}"


def test_self_checks_per_unit_with_feedback(module):
    """Has every unit 3–5 self-check questions, with feedback on every option?"""
    manifest = load(module / "module.yaml")
    checks = load(module / "checks.yaml")
    for unit in manifest["units"]:
        assert 3 <= len(checks.get(unit, [])) <= 5, f"{module.name}/{unit}: {len(checks.get(unit, []))} checks"
    for question in all_questions(module):
        for option in question["options"]:
            assert option.get("feedback", "").strip(), f"{module.name}/{question['id']}/{option['id']}: no feedback"


def test_final_test_bank_and_draw(module):
    """Does the final-test bank hold at least 20 questions, with 10–15 drawn per attempt?"""
    manifest = load(module / "module.yaml")
    bank = load(module / "final_test.yaml")["questions"]
    assert len(bank) >= 20
    assert 10 <= manifest["final_test"]["draw"] <= min(15, len(bank))


def test_goals_reflection_transfer_takeaway(module):
    """3–5 observable goals, one reflection block, one transfer task, a printable take-away?"""
    manifest = load(module / "module.yaml")
    assert 3 <= len(manifest["goals"]) <= 5
    for goal in manifest["goals"]:
        words = set(re.findall(r"[a-zäöüß]+", goal.lower()))
        assert not words & UNOBSERVABLE_VERBS, f"{module.name}: goal not observable: {goal}"
    assert manifest["reflection"]["prompts"], "a reflection prompt is required"
    assert manifest["transfer_task"]["text"].strip()
    takeaway = (module / "takeaway.md").read_text(encoding="utf-8")
    assert takeaway.startswith("# ") and ("- [ ]" in takeaway or "|" in takeaway)


def test_further_reading_is_referenced(module):
    """Does the module name 3 or more real references with title and source?"""
    reading = load(module / "module.yaml").get("further_reading") or []
    assert len(reading) >= 3
    for entry in reading:
        assert entry.get("title", "").strip() and entry.get("source", "").strip()


def test_no_placeholders_or_remote_assets(module):
    """Is the module free of placeholders and of anything loaded from another host?"""
    for path in module.rglob("*"):
        if path.suffix not in {".md", ".yaml", ".yml"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert not PLACEHOLDERS.search(text), f"{path}: placeholder text"
        assert not re.search(r"!\[[^\]]*\]\(https?://", text), f"{path}: remote image"
        assert not re.search(r"<(img|script|iframe|video)[^>]+https?://", text, re.I), f"{path}: remote asset"


def test_question_ids_are_unique(module):
    """Are question ids unique across self-checks and final test?"""
    ids = [q["id"] for q in all_questions(module)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"{module.name}: duplicate question ids {sorted(duplicates)}"
