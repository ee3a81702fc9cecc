"""Content validation: every class of problem is reported as ``file:line: message``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lms.learning.content import read_module
from tests.learning.conftest import COURSES, FIXTURES, SLUG


def problems(folder: Path) -> list[str]:
    return [str(p) for p in read_module(folder)[1]]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_example_module_is_valid():
    """Is the shipped example module free of problems?"""
    module, found = read_module(COURSES / SLUG)
    assert found == []
    assert module is not None and [u.key for u in module.units] == [
        "ausgabe-planen",
        "liste-fuehren",
        "rueckgabe-pruefen",
    ]
    assert {q.bank for q in module.questions} == {"check", "final"}


def test_problem_format_is_file_line_message(module_copy):
    """Does each problem read ``<module>/<file>:<line>: <message>``?"""
    edit(module_copy / "module.yaml", "duration_minutes: 45", "duration_minutes: 45\ncolour: blau")
    assert problems(module_copy) == ["beispielmodul/module.yaml:7: unknown key 'colour' in module.yaml"]


CASES = [
    # (file, old, new, expected "file:line: message" regex)
    (
        "module.yaml",
        "theme: digitalisierung",
        "theme: digitalisierung\ntheme2: x",
        r"module\.yaml:5: unknown key 'theme2' in module\.yaml",
    ),
    (
        "module.yaml",
        'title: "Beispielmodul: Werkzeugausgabe mit Übersicht"\n',
        "",
        r"module\.yaml:1: missing key 'title' in module\.yaml",
    ),
    (
        "module.yaml",
        "slug: beispielmodul",
        "slug: anderes-modul",
        r"module\.yaml:1: slug must equal the folder name 'beispielmodul'",
    ),
    ("module.yaml", "theme: digitalisierung", "theme: kochen", r"module\.yaml:4: unknown theme 'kochen'"),
    ("module.yaml", "  draw: 3", "  draw: 9", r"module\.yaml:\d+: final_test\.draw is 9 but the bank has 4 questions"),
    (
        "module.yaml",
        "  - liste-fuehren\n",
        "  - liste-fuehren\n  - liste-fuehren\n",
        r"module\.yaml:15: duplicate unit id 'liste-fuehren'",
    ),
    (
        "module.yaml",
        "  - rueckgabe-pruefen\n",
        "  - rueckgabe-pruefen\n  - gibt-es-nicht\n",
        r"module\.yaml:16: unit 'gibt-es-nicht' has no file units/gibt-es-nicht\.md",
    ),
    (
        "checks.yaml",
        '        feedback: "Nein: Mit Strom hat die Ausgabe nichts zu tun."\n',
        "",
        r"checks\.yaml:10: option 'b' of question 'ap-1' has no feedback",
    ),
    (
        "final_test.yaml",
        "  - id: ft-4",
        "  - id: ft-1",
        r"final_test\.yaml:46: duplicate question id 'ft-1' \(first used at final_test\.yaml:2\)",
    ),
    (
        "checks.yaml",
        "  - id: lf-1",
        "  - id: ap-1",
        r"checks\.yaml:19: duplicate question id 'ap-1' \(first used at checks\.yaml:2\)",
    ),
    (
        "checks.yaml",
        '        correct: false\n        feedback: "Nein: Mit Strom',
        '        correct: true\n        feedback: "Nein: Mit Strom',
        r"checks\.yaml:\d+: a single question needs exactly one correct option, 'ap-1' has 2",
    ),
    (
        "checks.yaml",
        "      - id: wahr",
        "      - id: ja",
        r"checks\.yaml:\d+: a truefalse question has the options 'wahr' and 'falsch'",
    ),
    ("checks.yaml", "    type: multiple", "    type: essay", r"checks\.yaml:20: unknown question type 'essay'"),
    ("checks.yaml", "liste-fuehren:", "liste-fuehren-alt:", r"checks\.yaml:18: unknown unit 'liste-fuehren-alt'"),
    (
        "units/ausgabe-planen.md",
        "images/koffer.svg",
        "images/fehlt.svg",
        r"units/ausgabe-planen\.md:10: broken image link 'images/fehlt\.svg': file not found",
    ),
    (
        "units/ausgabe-planen.md",
        "![Werkzeugkoffer mit nummerierten Fächern]",
        "![]",
        r"units/ausgabe-planen\.md:10: image 'images/koffer\.svg' has no alt text",
    ),
    (
        "units/ausgabe-planen.md",
        "images/koffer.svg",
        "https://example.org/k.svg",
        r"units/ausgabe-planen\.md:10: image 'https://example\.org/k\.svg' must be a file of the module",
    ),
    (
        "units/ausgabe-planen.md",
        "images/koffer.svg",
        "images/../module.yaml",
        r"units/ausgabe-planen\.md:10: image 'images/\.\./module\.yaml' must lie in images/",
    ),
    ("units/liste-fuehren.md", "id: liste-fuehren", "id: liste", r"units/liste-fuehren\.md:2: front matter id 'liste'"),
    (
        "units/liste-fuehren.md",
        "minutes: 10",
        "minutes: 10\nautor: X",
        r"units/liste-fuehren\.md:5: unknown key 'autor' in front matter",
    ),
    (
        "units/liste-fuehren.md",
        "## Die Ausgabeliste",
        "# Die Ausgabeliste",
        r"units/liste-fuehren\.md:6: headings in units start at level 2",
    ),
    (
        "units/liste-fuehren.md",
        'title: "Die Liste führen"',
        "title: Die Liste: führen",
        r"units/liste-fuehren\.md:3: YAML syntax error",
    ),
    ("takeaway.md", "# Checkliste", "Checkliste", r"takeaway\.md:1: takeaway\.md must start with a level-1 heading"),
    (
        "module.yaml",
        "    - id: naechster-schritt",
        "    - id: eigene-werkstatt",
        r"module\.yaml:27: duplicate reflection prompt id 'eigene-werkstatt'",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES, ids=[c[3][:40] for c in CASES])
def test_each_error_class_is_reported(module_copy, file, old, new, expected):
    """Is each kind of content problem reported with its file, line and a clear message?"""
    edit(module_copy / file, old, new)
    found = problems(module_copy)
    assert any(re.search(expected, p) for p in found), found
    assert all(p.startswith("beispielmodul/") for p in found)


def test_unlisted_unit_file_and_missing_takeaway(module_copy):
    """Are a stray unit file and a missing takeaway.md reported?"""
    (module_copy / "units" / "extra.md").write_text("---\nid: extra\ntitle: X\n---\nText\n", encoding="utf-8")
    (module_copy / "takeaway.md").unlink()
    found = problems(module_copy)
    assert "beispielmodul/units/extra.md:1: unit file is not listed in module.yaml units ('extra')" in found
    assert "beispielmodul/takeaway.md:1: file is missing" in found


def test_video_needs_captions(module_copy):
    """Does a video without a WebVTT captions file count as a problem?"""
    (module_copy / "media").mkdir()
    (module_copy / "media" / "clip.mp4").write_bytes(b"\0")
    edit(
        module_copy / "units" / "liste-fuehren.md",
        "minutes: 10",
        "minutes: 10\nvideo:\n  file: media/clip.mp4\n  captions: media/clip.de.vtt\n  title: Clip",
    )
    found = problems(module_copy)
    assert "beispielmodul/units/liste-fuehren.md:7: broken video link 'media/clip.de.vtt': file not found" in found


def test_cli_check_prints_problems_and_exits_1(app):
    """Does `flask lms courses check` print file:line: message and exit with 1 on problems?"""
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["lms", "courses", "check", "--dir", str(FIXTURES / "courses_invalid")])
    assert bad.exit_code == 1
    assert "kaputtes-modul/module.yaml:3: unknown key 'titel' in module.yaml" in bad.output
    assert "kaputtes-modul/checks.yaml:10: option 'b' of question 'k-1' has no feedback" in bad.output
    good = runner.invoke(args=["lms", "courses", "check", "--dir", str(COURSES)])
    assert good.exit_code == 0, good.output


def test_real_courses_folder_passes_the_check(app):
    """Do the modules in courses/ pass the checker (the authors' folders are read-only input)?"""
    result = app.test_cli_runner().invoke(args=["lms", "courses", "check"])
    assert result.exit_code == 0, result.output


def test_cli_sync_is_idempotent_and_skips_broken_modules(app, courses_dir):
    """Does `courses sync` load the module once, report it unchanged the second time, and skip broken ones?"""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["lms", "courses", "sync", "--dir", str(COURSES)])
    assert first.exit_code == 0 and "beispielmodul: new" in first.output
    second = runner.invoke(args=["lms", "courses", "sync", "--dir", str(COURSES)])
    assert second.exit_code == 0 and "beispielmodul: unchanged" in second.output
    broken = runner.invoke(args=["lms", "courses", "sync", "--dir", str(FIXTURES / "courses_invalid")])
    assert broken.exit_code == 1 and "kaputtes-modul: skipped" in broken.output
