"""Plain objects for a module read from its folder, and the reader that collects problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lms.learning.yamlines import line_of, load_with_lines


@dataclass(frozen=True)
class Problem:
    """One content problem at a place in a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class UnitSource:
    key: str
    title: str
    minutes: int
    body: str
    video: dict[str, str] | None
    content_hash: str


@dataclass
class QuestionSource:
    key: str
    bank: str  # "check" | "final"
    unit_key: str | None
    kind: str
    text: str
    options: list[dict[str, Any]]


@dataclass
class ModuleSource:
    slug: str
    folder: Path
    manifest: dict[str, Any]
    units: list[UnitSource] = field(default_factory=list)
    questions: list[QuestionSource] = field(default_factory=list)
    takeaway: str = ""
    content_hash: str = ""


class Reader:
    """Collects problems while reading one module folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []

    def report(self, relative: str, line: int, message: str) -> None:
        self.problems.append(Problem(f"{self.folder.name}/{relative}", line, message))

    def text(self, relative: str, required: bool = True) -> str | None:
        path = self.folder / relative
        if not path.is_file():
            if required:
                self.report(relative, 1, "file is missing")
            return None
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.report(relative, 1, "file is not UTF-8")
            return None

    def yaml(self, relative: str, text: str, first_line: int = 1) -> Any:
        try:
            return load_with_lines(text, first_line)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = (mark.line + first_line) if mark else first_line
            self.report(relative, line, f"YAML syntax error: {getattr(error, 'problem', None) or error}")
            return None

    def keys(self, relative: str, data: Any, allowed: set[str], required: set[str], what: str) -> bool:
        """Report unknown and missing keys of a mapping; False if ``data`` is not a mapping."""
        if not isinstance(data, dict):
            self.report(relative, line_of(data), f"{what} must be a mapping")
            return False
        for key in data:
            if key not in allowed:
                self.report(relative, line_of(data, key), f"unknown key '{key}' in {what}")
        for key in sorted(required - set(data)):
            self.report(relative, line_of(data), f"missing key '{key}' in {what}")
        return True
