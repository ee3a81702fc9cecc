"""Coverage math on the real framework plans of all three occupations (sums checked by hand)."""

from __future__ import annotations

import pytest
import yaml

from lms.plans import services, tasks
from lms.plans.company_plan import ensure_company_plan
from lms.plans.coverage import coverage_for
from lms.plans.loader import DATA_FILE
from lms.plans.workflow import Action
from tests.plans.helpers import assign, setup_company, work_to_review

# Worked out by hand from the ordinance tables in data/framework_plans.yaml:
# Mechatroniker: pos. 6 13, 7 8, 8 5, 9 3, 10 11, 11 6, 12 13, 13 8, 14 11, 15 13, 16 8, 17 20, 18 18, 19 16,
#   20 16, 21 13 = 182 weeks; before Teil 1 (y1 + y2a): 10+8+3+11+6+13+8+3+4+4+6+2 = 78.
# Dachdecker (Schwerpunkt Dachdeckungstechnik): A+G 76 (m1_18) + 58 (m19_36), B1-B3 10+10+6 = 26 -> 160
#   (the data file's warning: 4 weeks more than 3 years); before the Zwischenprüfung (m1_18): 76.
# SHK: A1 5, A2 14, A3 6, A4 8, A5 4, A7 7, A8 8, A9 4, A14 4, A16 2, B5 8, B6 8 = 78 in months 1-18 (12 positions)
#   + 104 in months 19-42 = 182.
CASES = [
    ("mechatroniker_2018", None, 182, 78, 21, 165),
    ("dachdecker_2016", "Dachdeckungstechnik", 160, 76, 31, None),
    ("anlagenmechaniker_shk_2016", "Heizungstechnik", 182, 78, 24, 175),
]


def test_data_file_column_sums_by_hand():
    """Do the guide values in the data file add up to the sums worked out by hand?"""
    data = {o["id"]: o for o in yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["occupations"]}

    def sums(code, keep=lambda p: True):
        totals: dict[str, float] = {}
        for position in filter(keep, data[code]["positions"]):
            for period, weeks in (position.get("weeks") or {}).items():
                totals[period] = totals.get(period, 0) + weeks
        return totals

    assert sums("mechatroniker_2018") == {"y1": 52, "y2a": 26, "y2b": 26, "y3_4": 78}
    assert sums("dachdecker_2016", lambda p: p["section"] in ("A", "G")) == {"m1_18": 76, "m19_36": 58}
    for schwerpunkt in "BCDEF":
        assert sums("dachdecker_2016", lambda p, s=schwerpunkt: p["section"] == s) == {"m19_36": 26}
    assert sums("anlagenmechaniker_shk_2016") == {"m1_18": 78, "m19_42": 104}


@pytest.mark.parametrize(("code", "specialism", "total", "before", "positions", "items"), CASES)
def test_guide_and_planned_weeks(app, code, specialism, total, before, positions, items):
    """Are guide weeks, weeks before Teil 1 and the default company plan right for each occupation?"""
    company, _trainer, apprentice, _lead = setup_company(code, specialism)
    coverage = coverage_for(apprentice)
    assert coverage.totals["guide_weeks"] == total
    assert coverage.totals["weeks_before_part1"] == before
    assert len(coverage.positions) == positions
    assert len(coverage.recommended) == 4
    if items is not None:
        assert coverage.totals["items_total"] == items
    assert coverage.totals["planned_weeks"] == 0
    assert all(p.status == "open" for p in coverage.positions)
    ensure_company_plan(company.id, code, specialism)
    planned = coverage_for(apprentice)
    assert planned.totals["planned_weeks"] == total
    assert all(p.planned_weeks == p.guide_weeks for p in planned.positions)


def test_dachdecker_other_schwerpunkte_are_left_out(app):
    """Does a Dachdecker apprentice see the A/G positions and only their own Schwerpunkt's B–F rows?"""
    _c, _t, apprentice, _l = setup_company("dachdecker_2016", "Abdichtungstechnik")
    numbers = [p.position.number for p in coverage_for(apprentice).positions]
    assert {"C1", "C2", "C3"} <= set(numbers)
    assert not any(n[0] in "BDEF" for n in numbers)
    assert len(numbers) == 18 + 10 + 3


def test_covered_tasks_hours_and_warnings_shk(app):
    """After one approved task and a trainer assessment: items, tasks, hours, averages, status, warnings."""
    _c, trainer, apprentice, _l = setup_company()
    assert len(coverage_for(apprentice).warnings) == 12  # the 12 SHK positions with weeks in months 1-18
    task = assign(trainer, apprentice)  # Waschtisch: A9 a,b,d,g + A14 a,c; 6 hours
    work_to_review(task, apprentice)
    tasks.perform(task, trainer, Action.APPROVE, level=3)
    by_number = {p.position.number: p for p in coverage_for(apprentice).positions}
    a9 = by_number["A9"]
    assert (a9.items_covered, a9.items_total, a9.tasks_done, a9.hours_done, a9.status) == (4, 14, 1, 6.0, "partial")
    assert (by_number["A14"].items_covered, by_number["A14"].hours_done) == (2, 6.0)
    a9_items = a9.position.items
    services.self_assess(apprentice, a9_items[0], 2)
    services.self_assess(apprentice, a9_items[1], 4)
    for item in by_number["A5"].position.items:
        services.trainer_assess(trainer, apprentice, item, 3)
    coverage = coverage_for(apprentice)
    by_number = {p.position.number: p for p in coverage.positions}
    assert by_number["A9"].self_avg == 3.0 and by_number["A9"].trainer_avg == 3.0
    assert by_number["A5"].status == "covered" and not by_number["A5"].warning
    assert len(coverage.warnings) == 11
    assert coverage.totals["tasks_done"] == 1 and coverage.totals["hours_done"] == 6.0
    assert coverage.totals["items_covered"] == 4 + 2 + len(by_number["A5"].position.items)


def test_coverage_page_is_printable(app, client, login_as):
    """Does the coverage page show the figures and carry a print stylesheet?"""
    _c, _t, apprentice, _l = setup_company()
    login_as(apprentice)
    page = client.get(f"/plan/a/{apprentice.id}/coverage").get_data(as_text=True)
    assert "182" in page and "78" in page and "Vorausschau" in page
    assert "plans.css" in page
