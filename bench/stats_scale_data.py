"""Scale data for the statistics benchmark: 40 companies, 400 trainers, 1,600 apprentices, 1M statements.

Usage (on a fresh database; SQLite or PostgreSQL)::

    .venv/bin/python bench/stats_scale_data.py --database-url sqlite:////tmp/stats_scale.db
    .venv/bin/python bench/stats_scale_data.py --database-url postgresql+psycopg://postgres@127.0.0.1/stats_scale

Everything that changes a projection is recorded through the features' own event functions and
services (``lms.learning.events``, ``lms.plans.tasks.perform``, ``lms.plans.services.trainer_assess``),
so the projection tables come from the funnel exactly as in production. The rest of the statement
volume is the bulk path: self-check ``answered`` statements stored with ``lms.xapi.store.store_batch``
without projecting. Their timestamps lie inside their enrolment's activity window, and the learning
projection only moves ``last_activity_at`` forward for them, so a ``rebuild`` gives the same tables
(``--verify`` checks that by rebuilding and comparing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from lms import create_app
from lms.db import db

OCCUPATIONS = ("anlagenmechaniker_shk_2016", "mechatroniker_2018", "dachdecker_2016")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--companies", type=int, default=40)
    parser.add_argument("--trainers", type=int, default=400)
    parser.add_argument("--apprentices", type=int, default=1600)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--plan-share",
        type=float,
        default=1.0,
        help="share of apprentices whose tasks/assessments are recorded through the services",
    )
    parser.add_argument("--verify", action="store_true", help="rebuild the projections and compare")
    return parser.parse_args(argv)


def log(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:7.1f}s] {message}", flush=True)


def people(args: argparse.Namespace, rng: random.Random) -> tuple[list, dict[int, list], dict[int, list]]:
    """Companies, one lead each, trainers and apprentices (accounts without passwords)."""
    from lms.auth.models import Role
    from lms.auth.services import create_user
    from lms.orgs.models import Company, CompanyOccupation, FederalState
    from lms.orgs.services import the_cluster

    companies, trainers, apprentices = [], {}, {}
    for n in range(args.companies):
        occupation = OCCUPATIONS[n % len(OCCUPATIONS)]
        company = Company(
            cluster_id=the_cluster().id, name=f"Skalenbetrieb {n + 1:02d}", town="Cottbus",
            state=FederalState.BRANDENBURG if n % 2 else FederalState.SACHSEN, is_new_to_training=n % 4 == 0,
            joined_on=dt.date(2025, 1, 1) + dt.timedelta(days=n * 7),
            occupations=[CompanyOccupation(occupation_code=occupation)],
        )  # fmt: skip
        db.session.add(company)
        db.session.flush()
        companies.append((company, occupation))
        create_user(email=f"lead{n}@scale.example", name=f"Leitung {n}", role=Role.COMPANY_LEAD, password=None,
                    company_id=company.id)  # fmt: skip
    for n in range(args.trainers):
        company, _occ = companies[n % len(companies)]
        user = create_user(email=f"trainer{n}@scale.example", name=f"Ausbilder {n}", role=Role.TRAINER, password=None,
                           company_id=company.id)  # fmt: skip
        trainers.setdefault(company.id, []).append(user)
    today = dt.date.today()
    for n in range(args.apprentices):
        company, occupation = companies[rng.randrange(len(companies))] if n >= len(companies) else companies[n]
        start = dt.date(today.year - rng.randrange(0, 3), 8, 1)
        details = {"occupation_code": occupation, "training_start": start,
                   "training_end": start + dt.timedelta(days=365 * 3 + 180)}  # fmt: skip
        if rng.random() < 0.6:
            details["exam_part1_date"] = start + dt.timedelta(days=540)
        user = create_user(email=f"azubi{n}@scale.example", name=f"Azubi {n}", role=Role.APPRENTICE, password=None,
                           company_id=company.id, apprentice=details)  # fmt: skip
        apprentices.setdefault(company.id, []).append(user)
    db.session.commit()
    return companies, trainers, apprentices


def learning(trainers: dict[int, list], rng: random.Random) -> None:
    """Module runs of every trainer through the learning engine's event functions."""
    from lms.learning import events
    from lms.learning.models import CourseModule

    modules = list(db.session.scalars(select(CourseModule).where(CourseModule.active.is_(True))))
    now = dt.datetime.now(dt.UTC)
    for staff in trainers.values():
        for trainer in staff:
            for module in rng.sample(modules, rng.randint(0, min(len(modules), 6))):
                start = now - dt.timedelta(days=rng.uniform(5, 540))
                reg, at = uuid.uuid4(), start
                events.module_initialized(trainer.public_id, reg, module, at)
                depth = rng.randint(0, len(module.units))
                for unit in module.units[:depth]:
                    at += dt.timedelta(hours=rng.uniform(1, 72))
                    events.unit_experienced(trainer.public_id, reg, module, unit, at)
                if depth == len(module.units) and rng.random() < 0.8:
                    at += dt.timedelta(hours=rng.uniform(1, 48))
                    correct = rng.randint(5, 10)
                    events.final_test_started(trainer.public_id, reg, module, 1, ["q"], at)
                    events.final_test_finished(trainer.public_id, reg, module, 1, correct, 10, correct >= 7, at)
                    if correct >= 7 and at < now:
                        events.module_completed(trainer.public_id, reg, module, at)
                        events.certificate_earned(trainer.public_id, reg, module, uuid.uuid4().hex[:16].upper(), at)
            db.session.commit()


def plans(companies, trainers, apprentices, rng: random.Random, share: float) -> None:
    """Company plans, tasks walked through the workflow, trainer assessments (plans services)."""
    from lms.plans.company_plan import ensure_company_plan
    from lms.plans.models import FrameworkItem, FrameworkPlan, FrameworkPosition
    from lms.plans.services import trainer_assess
    from lms.plans.tasks import assign_task, create_template, perform
    from lms.plans.workflow import STEPS

    items = {
        code: list(db.session.scalars(select(FrameworkItem).join(FrameworkPosition).join(FrameworkPlan)
                                      .where(FrameworkPlan.code == code)))
        for code in OCCUPATIONS
    }  # fmt: skip
    for company, occupation in companies:
        if rng.random() < 0.85:
            ensure_company_plan(company.id, occupation, None)
        staff = trainers.get(company.id) or []
        if not staff:
            continue
        template = create_template(staff[0], occupation_code=occupation, title="Kundenauftrag", situation="Situation",
                                   assignment="Auftrag", item_ids=[i.id for i in rng.sample(items[occupation], 3)],
                                   company_id=company.id)  # fmt: skip
        for apprentice in apprentices.get(company.id, []):
            if rng.random() >= share:
                continue
            trainer = rng.choice(staff)
            for item in rng.sample(items[occupation], rng.randint(0, 12)):
                trainer_assess(trainer, apprentice, item, rng.randint(1, 4))
            for _n in range(rng.randint(0, 3)):
                task = assign_task(trainer, template, [apprentice], None)[0]
                depth = rng.randint(0, len(STEPS) + 2)
                if not depth:
                    continue
                perform(task, apprentice, "start")
                for _step in STEPS[: min(depth, len(STEPS)) - 1]:
                    perform(task, apprentice, "complete_step", text="dokumentiert")
                if depth > len(STEPS):
                    perform(task, apprentice, "submit", text="eingereicht")
                    perform(task, trainer, "approve", level=rng.randint(2, 4))
        db.session.commit()


def filler(target: int, rng: random.Random, started: float) -> None:
    """Self-check answers (bulk path, not projected) up to ``target`` statements in total."""
    from lms.auth.models import User
    from lms.learning.models import CourseModule, Enrolment
    from lms.xapi import vocabulary as vocab
    from lms.xapi.funnel import build_statement
    from lms.xapi.models import Statement
    from lms.xapi.store import store_batch

    missing = target - (db.session.scalar(select(func.count(Statement.id))) or 0)
    runs = db.session.execute(
        select(User.public_id, Enrolment.registration, Enrolment.module_slug, Enrolment.started_at,
               Enrolment.last_activity_at).join(User, User.id == Enrolment.user_id)
    ).all()  # fmt: skip
    titles = dict(db.session.execute(select(CourseModule.slug, CourseModule.title)).all())
    authority, batch, done = vocab.platform_authority(), [], 0
    while done < missing and runs:
        public_id, reg, slug, first, last = rng.choice(runs)
        at = first + (last - first) * rng.random()
        module = vocab.activity("module", slug, name=titles.get(slug, slug))
        question = vocab.activity("question", slug, f"check-{rng.randint(1, 12)}", name="Selbstcheck")
        batch.append(build_statement(public_id, vocab.Verbs.ANSWERED, question, registration=reg, parent=module,
                                     grouping=module, timestamp=at,
                                     result={"response": "a", "success": rng.random() < 0.7}))  # fmt: skip
        done += 1
        if len(batch) == 5000 or done == missing:
            store_batch(batch, authority, outbox=False)
            db.session.commit()
            batch = []
            if done % 100_000 == 0:
                log(f"bulk statements: {done}", started)


def snapshot() -> dict[str, list]:
    """The projection tables' contents (for --verify)."""
    from lms.learning.models import Enrolment, TestAttempt, UnitProgress
    from lms.plans.models import ItemProgress
    from lms.plans.task_models import TaskState

    result = {}
    for model in (Enrolment, UnitProgress, TestAttempt, ItemProgress, TaskState):
        columns = [c for c in model.__table__.columns if c.name != "id" and not c.name.endswith("enrolment_id")]
        result[model.__tablename__] = sorted(map(repr, db.session.execute(select(*columns)).all()))
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    rng, started = random.Random(args.seed), time.perf_counter()
    app = create_app(
        {"DATABASE_URL": args.database_url, "MAIL_DIR": tempfile.mkdtemp(prefix="scale-mail-"), "LOG_LEVEL": "WARNING"}
    )
    with app.app_context():
        from lms.cli import migrate, run_init_steps
        from lms.learning import projection as _learning  # noqa: F401 (registers the projection)
        from lms.plans import projection as _plans  # noqa: F401 (registers the projection)
        from lms.plans.loader import load_framework_plans, plan_by_code
        from lms.xapi.models import Statement

        migrate()
        run_init_steps()
        if plan_by_code(OCCUPATIONS[0]) is None:
            load_framework_plans()
            db.session.commit()
        companies, trainers, apprentices = people(args, rng)
        log(f"people: {args.companies} companies, {args.trainers} trainers, {args.apprentices} apprentices", started)
        learning(trainers, rng)
        log(f"learning events stored: {db.session.scalar(select(func.count(Statement.id)))}", started)
        plans(companies, trainers, apprentices, rng, args.plan_share)
        log(f"plan events stored: {db.session.scalar(select(func.count(Statement.id)))}", started)
        filler(args.statements, rng, started)
        log(f"statements total: {db.session.scalar(select(func.count(Statement.id)))}", started)
        if args.verify:
            from lms.xapi.projection import rebuild

            before = snapshot()
            rebuild()
            after = snapshot()
            db.session.commit()
            same = before == after
            log(f"projection equals rebuild: {same}", started)
            if not same:
                raise SystemExit(1)


if __name__ == "__main__":
    main()
