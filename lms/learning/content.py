"""Reading a module folder (see docs/COURSES.md) into plain objects, checking it on the way.

:func:`read_module` returns the parsed module and every problem found, each as
``file:line: message`` relative to the courses folder. A module with problems is not loaded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from lms.learning import rules
from lms.learning import units as unit_reader
from lms.learning.sources import ModuleSource, Problem, Reader


def read_module(folder: Path) -> tuple[ModuleSource | None, list[Problem]]:
    """Parse and check one module folder; the module is None when the manifest is unusable."""
    reader = Reader(folder)
    text = reader.text("module.yaml")
    manifest = reader.yaml("module.yaml", text) if text is not None else None
    if manifest is None or not reader.keys(
        "module.yaml", manifest, rules.MANIFEST_KEYS, rules.MANIFEST_REQUIRED, "module.yaml"
    ):
        return None, reader.problems
    module = ModuleSource(slug=str(manifest.get("slug", "")), folder=folder, manifest=manifest)
    rules.check_manifest(reader, manifest)
    unit_keys = unit_reader.read_units(reader, module)
    seen_ids: dict[str, str] = {}
    checks_text = reader.text("checks.yaml", required=False)
    if checks_text is not None:
        rules.read_checks(reader, reader.yaml("checks.yaml", checks_text), unit_keys, module, seen_ids)
    needs_test = (manifest.get("completion") or {}).get("final_test_passed", True)
    final_text = reader.text("final_test.yaml", required=bool(needs_test))
    if final_text is not None:
        rules.read_final_test(reader, reader.yaml("final_test.yaml", final_text), module, seen_ids)
    module.takeaway = unit_reader.read_takeaway(reader)
    module.content_hash = folder_hash(folder)
    return module, reader.problems


def folder_hash(folder: Path) -> str:
    """A SHA-256 over every file's relative path and bytes (the module's content version)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def module_folders(courses_dir: Path) -> list[Path]:
    """Every sub-folder of the courses folder (each should be a module)."""
    if not courses_dir.is_dir():
        return []
    return sorted(p for p in courses_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def read_all(courses_dir: Path) -> list[tuple[Path, ModuleSource | None, list[Problem]]]:
    """Read every module folder of ``courses_dir``."""
    return [(folder, *read_module(folder)) for folder in module_folders(courses_dir)]
