"""Fixtures of the learning tests: the example module from tests/fixtures/courses, loaded per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from lms.auth.models import Role
from lms.learning.models import CourseModule
from lms.learning.services import get_module
from lms.learning.sync import sync_courses
from tests.factories import make_company, make_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COURSES = FIXTURES / "courses"
SLUG = "beispielmodul"


@pytest.fixture()
def courses_dir(app: Flask) -> Iterator[Path]:
    """Point the COURSES_DIR setting at the test fixtures for the duration of a test."""
    previous = app.config["COURSES_DIR"]
    app.config["COURSES_DIR"] = str(COURSES)
    yield COURSES
    app.config["COURSES_DIR"] = previous


@pytest.fixture()
def module(courses_dir: Path) -> CourseModule:
    """The example module, synced inside the test's rolled-back transaction."""
    sync_courses(courses_dir)
    loaded = get_module(SLUG)
    assert loaded is not None
    return loaded


@pytest.fixture()
def module_copy(tmp_path: Path) -> Path:
    """A writable copy of the example module folder (inside a courses folder) to break on purpose."""
    target = tmp_path / "courses" / SLUG
    shutil.copytree(COURSES / SLUG, target)
    return target


@pytest.fixture()
def company():
    return make_company("Heizung Lehmann")


@pytest.fixture()
def trainer(company):
    return make_user(Role.TRAINER, company, name="Petra Müller-Lüdenscheidt")
