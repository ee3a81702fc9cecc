"""Completion rules: all units seen + test passed + reflection written (by the manifest), and versions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from lms.learning import completion, services
from lms.learning.sync import sync_courses
from tests.learning.conftest import SLUG
from tests.learning.helpers import at, complete, pass_test, see_all_units


def test_rule_needs_every_requirement(module, trainer):
    """Does the module complete only once units, test and reflection are all done, in any order?"""
    pass_test(trainer, module)
    enrolment = services.enrolment_of(trainer, SLUG)
    assert completion.requirements(module, enrolment) == {
        "all_units_seen": False,
        "final_test_passed": True,
        "reflection_written": False,
    }
    see_all_units(trainer, module)
    assert enrolment.completed_at is None
    services.save_reflection(trainer, module, "naechster-schritt", "Eine Liste an die Tür.", at(6))
    assert enrolment.completed_at == at(6)
    assert enrolment.certificate_code and enrolment.certificate_issued_at == at(6)


def test_rule_from_manifest_can_drop_requirements(module, trainer):
    """Does a manifest rule without test and reflection complete after the units alone?"""
    module = dataclasses.replace(
        module, manifest={**module.manifest, "completion": {"final_test_passed": False, "reflection_written": False}}
    )
    see_all_units(trainer, module)
    assert services.enrolment_of(trainer, SLUG).completed_at is not None


def test_empty_reflection_does_not_count(module, trainer):
    """Is an empty reflection refused (400) and not counted?"""
    import pytest

    with pytest.raises(services.LearningError) as error:
        services.save_reflection(trainer, module, "eigene-werkstatt", "   ")
    assert error.value.status == 400
    assert services.enrolment_of(trainer, SLUG) is None


def test_completion_is_recorded_once(module, trainer):
    """Does more activity after completion leave the completion date and certificate unchanged?"""
    complete(trainer, module)
    enrolment = services.enrolment_of(trainer, SLUG)
    completed, code = enrolment.completed_at, enrolment.certificate_code
    pass_test(trainer, module, day=9)
    services.mark_seen(trainer, module, module.units[0], at(9, 30))
    assert (enrolment.completed_at, enrolment.certificate_code) == (completed, code)


def test_new_module_version_keeps_progress_on_unchanged_units(module, trainer, module_copy: Path):
    """After a changed unit is synced, does only that unit need to be seen again?"""
    see_all_units(trainer, module)
    enrolment = services.enrolment_of(trainer, SLUG)
    assert completion.seen_units(module, enrolment) == {u.key for u in module.units}
    unit_file = module_copy / "units" / "liste-fuehren.md"
    unit_file.write_text(unit_file.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    report = sync_courses(module_copy.parent)
    assert report.updated == [SLUG]
    module = services.get_module(SLUG)
    assert module.version == 2
    assert completion.seen_units(module, enrolment) == {"ausgabe-planen", "rueckgabe-pruefen"}
    assert services.progress(module, enrolment).resume_key == "liste-fuehren"
    assert sync_courses(module_copy.parent).unchanged == [SLUG]  # idempotent
