"""Does a rebuild of every projection give exactly the live tables? (row for row, any scale)

Usage::

    .venv/bin/python bench/stats_rebuild_check.py --database-url sqlite:////tmp/stats_scale.db

Snapshots every projection table (learning: enrolments, unit progress, test attempts; plans:
task state, item progress, position progress; records: week status), runs ``lms.xapi.projection.rebuild()`` (what
``flask lms xapi rebuild-progress`` does) in the same transaction, snapshots again and compares
row for row. Surrogate keys that a rebuild renumbers (``learning_enrolment.id``) are replaced by
the enrolment's registration. The transaction is rolled back unless ``--commit`` is given, so
the database is left as it was. Exit status 1 if anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from lms import create_app
from lms.db import db

EXPECTED_PROJECTIONS = {"learning", "plans", "records"}


def _tables():
    """(name, select) of every projection table, surrogate enrolment ids replaced by registrations."""
    from lms.learning.models import Enrolment, TestAttempt, UnitProgress
    from lms.plans.models import ItemProgress, PositionProgress
    from lms.plans.task_models import TaskState
    from lms.records.models import TrainingRecordWeekStatus

    def columns(model, *skip):
        return [c for c in model.__table__.columns if c.name not in skip]

    by_registration = Enrolment.registration.label("enrolment_registration")
    return [
        ("learning_enrolment", select(*columns(Enrolment, "id"))),
        ("learning_unit_progress", select(by_registration, *columns(UnitProgress, "id", "enrolment_id"))
         .join(Enrolment, Enrolment.id == UnitProgress.enrolment_id)),
        ("learning_test_attempt", select(by_registration, *columns(TestAttempt, "id", "enrolment_id"))
         .join(Enrolment, Enrolment.id == TestAttempt.enrolment_id)),
        ("plan_item_progress", select(*columns(ItemProgress))),
        ("plan_position_progress", select(*columns(PositionProgress))),
        ("task_state", select(*columns(TaskState))),
        ("record_week_status", select(*columns(TrainingRecordWeekStatus))),
    ]  # fmt: skip


def _key(row) -> str:
    return json.dumps([v if isinstance(v, int | float | str | None) else str(v) for v in row], sort_keys=True)


def snapshot() -> dict[str, list]:
    """Every projection table as a sorted list of rows (values made comparable as JSON text)."""
    return {name: sorted(map(_key, db.session.execute(query).all())) for name, query in _tables()}


def compare(before: dict[str, list], after: dict[str, list]) -> bool:
    """Print per table: rows live, rows rebuilt, rows only on one side; True if all equal."""
    same = True
    print("\n| table | rows live | rows rebuilt | only live | only rebuilt |\n|---|---:|---:|---:|---:|")
    for name in before:
        live, rebuilt = set(before[name]), set(after[name])
        only_live, only_rebuilt = sorted(live - rebuilt), sorted(rebuilt - live)
        print(f"| {name} | {len(before[name])} | {len(after[name])} | {len(only_live)} | {len(only_rebuilt)} |")
        if only_live or only_rebuilt or len(before[name]) != len(after[name]):
            same = False
            for row in only_live[:3]:
                print(f"    live only:    {row}")
            for row in only_rebuilt[:3]:
                print(f"    rebuilt only: {row}")
    return same


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--commit", action="store_true", help="keep the rebuilt tables")
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.database_url, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        from lms.learning import projection as _learning  # noqa: F401 (registers the projection)
        from lms.plans import projection as _plans  # noqa: F401 (registers the projection)
        from lms.records import projection as _records  # noqa: F401 (registers the projection)
        from lms.xapi.models import Statement
        from lms.xapi.projection import projections, rebuild

        names = {p.name for p in projections()}
        if names != EXPECTED_PROJECTIONS:
            raise SystemExit(
                f"projections registered: {sorted(names)}; this check knows {sorted(EXPECTED_PROJECTIONS)}"
            )
        count = db.session.scalar(select(func.count(Statement.id)))
        print(f"database: {db.engine.dialect.name}; statements {count}")
        started = time.perf_counter()
        before = snapshot()
        print(f"snapshot: {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        replayed = rebuild()
        db.session.flush()
        db.session.expire_all()
        print(f"rebuild: {replayed} statements replayed in {time.perf_counter() - started:.1f}s")
        same = compare(before, snapshot())
        print(f"\nprojection equals rebuild: {same}")
        if args.commit:
            db.session.commit()
        else:
            db.session.rollback()
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
