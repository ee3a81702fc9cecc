"""The rules of the course format (docs/COURSES.md): manifest, questions, final test."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lms.learning import sources
from lms.learning.yamlines import line_of

if TYPE_CHECKING:
    from lms.learning.sources import ModuleSource, Reader

THEMES = ("selbstgesteuertes-lernen", "qualitaetsverantwortung", "digitalisierung")
AUDIENCE_ROLES = ("trainer", "apprentice", "company_lead")
MANIFEST_REQUIRED = {
    "slug",
    "title",
    "theme",
    "audience",
    "duration_minutes",
    "goals",
    "units",
    "reflection",
    "transfer_task",
    "takeaway",
}
MANIFEST_KEYS = MANIFEST_REQUIRED | {"subtitle", "version", "completion", "final_test", "further_reading"}
COMPLETION_KEYS = {"all_units_seen", "final_test_passed", "reflection_written"}
QUESTION_KINDS = {"single": (3, 5), "multiple": (3, 6), "truefalse": (2, 2)}
DEFAULT_PASS_PERCENT = 70
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
M = "module.yaml"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_manifest(reader: Reader, data: dict[str, Any]) -> None:
    """Check the manifest's values (keys were checked by the caller)."""
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or slug != reader.folder.name:
        reader.report(M, line_of(data, "slug"), f"slug must equal the folder name '{reader.folder.name}'")
    for key in ("title", "theme"):
        if key in data and not _text(data[key]):
            reader.report(M, line_of(data, key), f"'{key}' must be a non-empty text")
    if _text(data.get("theme")) and data["theme"] not in THEMES:
        reader.report(M, line_of(data, "theme"), f"unknown theme '{data['theme']}' (one of {', '.join(THEMES)})")
    audience = data.get("audience")
    if "audience" in data and (
        not isinstance(audience, list) or not audience or any(a not in AUDIENCE_ROLES for a in audience)
    ):
        reader.report(M, line_of(data, "audience"), f"audience must list roles from {', '.join(AUDIENCE_ROLES)}")
    if "duration_minutes" in data and (not _int(data["duration_minutes"]) or data["duration_minutes"] <= 0):
        reader.report(M, line_of(data, "duration_minutes"), "duration_minutes must be a positive whole number")
    goals = data.get("goals")
    if "goals" in data and (not isinstance(goals, list) or not 3 <= len(goals) <= 5 or not all(map(_text, goals))):
        reader.report(M, line_of(data, "goals"), "goals must list 3 to 5 texts")
    _check_sections(reader, data)


def _check_sections(reader: Reader, data: dict[str, Any]) -> None:
    completion = data.get("completion")
    if completion is not None and reader.keys(M, completion, COMPLETION_KEYS, set(), "completion"):
        for key, value in completion.items():
            if key in COMPLETION_KEYS and not isinstance(value, bool):
                reader.report(M, line_of(completion, key), f"completion.{key} must be true or false")
    final = data.get("final_test")
    if final is not None and reader.keys(M, final, {"draw", "pass_percent"}, set(), "final_test"):
        if "draw" in final and (not _int(final["draw"]) or final["draw"] < 1):
            reader.report(M, line_of(final, "draw"), "final_test.draw must be a positive whole number")
        percent = final.get("pass_percent", DEFAULT_PASS_PERCENT)
        if not _int(percent) or not 1 <= percent <= 100:
            reader.report(M, line_of(final, "pass_percent"), "final_test.pass_percent must be between 1 and 100")
    reflection = data.get("reflection")
    if reflection is not None and reader.keys(M, reflection, {"prompts"}, {"prompts"}, "reflection"):
        _check_prompts(reader, reflection.get("prompts"))
    task = data.get("transfer_task")
    task_ok = task is not None and reader.keys(M, task, {"title", "text", "days"}, {"title", "text"}, "transfer_task")
    if task_ok and "days" in task and (not _int(task["days"]) or task["days"] < 1):
        reader.report(M, line_of(task, "days"), "transfer_task.days must be a positive whole number")
    takeaway = data.get("takeaway")
    if takeaway is not None:
        reader.keys(M, takeaway, {"title"}, {"title"}, "takeaway")
    for index, entry in enumerate(data.get("further_reading") or []):
        reader.keys(M, entry, {"title", "source", "url"}, {"title", "source"}, f"further_reading item {index + 1}")


def _check_prompts(reader: Reader, prompts: Any) -> None:
    if not isinstance(prompts, list) or not prompts:
        reader.report(M, line_of(prompts), "reflection.prompts must list at least one prompt")
        return
    seen: set[str] = set()
    for prompt in prompts:
        if not reader.keys(M, prompt, {"id", "text"}, {"id", "text"}, "reflection prompt"):
            continue
        if prompt.get("id") in seen:
            reader.report(M, line_of(prompt, "id"), f"duplicate reflection prompt id '{prompt['id']}'")
        seen.add(prompt.get("id"))


def read_checks(reader: Reader, data: Any, unit_keys: list[str], module: ModuleSource, seen: dict[str, str]) -> None:
    """Self-check questions per unit (``checks.yaml``)."""
    if data is None:
        return
    if not isinstance(data, dict):
        reader.report("checks.yaml", line_of(data), "checks.yaml must map unit ids to question lists")
        return
    for unit_key, questions in data.items():
        if unit_key not in unit_keys:
            reader.report("checks.yaml", line_of(data, unit_key), f"unknown unit '{unit_key}'")
            continue
        if not isinstance(questions, list):
            reader.report("checks.yaml", line_of(data, unit_key), f"'{unit_key}' must list questions")
            continue
        for question in questions:
            read_question(reader, "checks.yaml", question, "check", unit_key, module, seen)


def read_final_test(reader: Reader, data: Any, module: ModuleSource, seen: dict[str, str]) -> None:
    """The final-test bank (``final_test.yaml``) and its fit with ``final_test.draw``."""
    if data is None or not reader.keys("final_test.yaml", data, {"questions"}, {"questions"}, "final_test.yaml"):
        return
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        reader.report("final_test.yaml", line_of(data, "questions"), "questions must list at least one question")
        return
    for question in questions:
        read_question(reader, "final_test.yaml", question, "final", None, module, seen)
    final = module.manifest.get("final_test") or {}
    draw = final.get("draw", len(questions)) if isinstance(final, dict) else len(questions)
    if _int(draw) and draw > len(questions):
        reader.report(
            M, line_of(final, "draw"), f"final_test.draw is {draw} but the bank has {len(questions)} questions"
        )


def read_question(
    reader: Reader, relative: str, q: Any, bank: str, unit_key: str | None, module: ModuleSource, seen: dict[str, str]
) -> None:
    """Check one question; add it to the module when it is usable."""
    if not reader.keys(relative, q, {"id", "type", "text", "options"}, {"id", "type", "text", "options"}, "question"):
        return
    key = str(q.get("id", ""))
    where = f"{relative}:{line_of(q, 'id')}"
    if key in seen:
        reader.report(relative, line_of(q, "id"), f"duplicate question id '{key}' (first used at {seen[key]})")
    seen.setdefault(key, where)
    kind = q.get("type")
    if kind not in QUESTION_KINDS:
        reader.report(relative, line_of(q, "type"), f"unknown question type '{kind}' (single, multiple, truefalse)")
        return
    options = q.get("options")
    if not isinstance(options, list):
        reader.report(relative, line_of(q, "options"), f"question '{key}': options must be a list")
        return
    if _check_options(reader, relative, q, key, kind, options):
        module.questions.append(
            sources.QuestionSource(key, bank, unit_key, kind, str(q["text"]), [dict(o) for o in options])
        )


def _check_options(reader: Reader, relative: str, q: Any, key: str, kind: str, options: list[Any]) -> bool:
    ok = True
    ids: set[str] = set()
    for option in options:
        if not reader.keys(
            relative,
            option,
            {"id", "text", "correct", "feedback"},
            {"id", "text", "correct"},
            f"option of question '{key}'",
        ):
            ok = False
            continue
        if option.get("id") in ids:
            reader.report(relative, line_of(option, "id"), f"duplicate option id '{option['id']}' in question '{key}'")
            ok = False
        ids.add(option.get("id"))
        if not _text(option.get("feedback")):
            reader.report(relative, line_of(option), f"option '{option.get('id')}' of question '{key}' has no feedback")
            ok = False
        if not isinstance(option.get("correct"), bool):
            reader.report(
                relative, line_of(option, "correct"), f"option '{option.get('id')}': correct must be true/false"
            )
            ok = False
    low, high = QUESTION_KINDS[kind]
    correct = sum(1 for o in options if isinstance(o, dict) and o.get("correct") is True)
    message = None
    if not low <= len(options) <= high:
        message = f"a {kind} question needs {low} to {high} options, '{key}' has {len(options)}"
    elif kind in {"single", "truefalse"} and correct != 1:
        message = f"a {kind} question needs exactly one correct option, '{key}' has {correct}"
    elif kind == "multiple" and correct < 1:
        message = f"a multiple question needs at least one correct option, '{key}' has none"
    elif kind == "truefalse" and ids != {"wahr", "falsch"}:
        message = f"a truefalse question has the options 'wahr' and 'falsch', '{key}' has {sorted(map(str, ids))}"
    if message:
        reader.report(relative, line_of(q, "options"), message)
    return ok and message is None
