"""Scale data for the statistics benchmark: 40 companies, 400 trainers, 1,600 apprentices, 1M statements.

Usage (on a fresh database; SQLite or PostgreSQL)::

    .venv/bin/python bench/stats_scale_data.py --database-url sqlite:////tmp/stats_scale.db
    .venv/bin/python bench/stats_scale_data.py --database-url postgresql+psycopg://postgres@127.0.0.1/stats_scale

Two years of a cluster, every statement projected:

* Module runs (trainers and leads take the staff modules over the company's time on the
  platform, most apprentices the apprentice module): units, self-checks, final tests,
  reflections, transfer tasks, completions, certificates — built in the shapes of
  ``lms.learning.events`` and stored through ``lms.xapi.funnel.ingest_batch`` (validated,
  stored, projected, enqueued; see bench/stats_scale_learning.py).
* Every apprentice's tasks, assessments and record weeks through the plans and records services
  with historic times (bench/stats_scale_work.py).
* The rest up to ``--statements``: later sessions of started runs (a unit looked at again, its
  self-checks retried), also through ``ingest_batch``.

``bench/stats_rebuild_check.py`` then proves that a rebuild gives the same projection tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from lms import create_app
from lms.db import db, utcnow

OCCUPATIONS = ("anlagenmechaniker_shk_2016", "mechatroniker_2018", "dachdecker_2016")
DAY = dt.timedelta(days=1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--companies", type=int, default=40)
    parser.add_argument("--trainers", type=int, default=400)
    parser.add_argument("--apprentices", type=int, default=1600)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--extend", action="store_true", help="add later sessions of existing runs up to --statements (resume)"
    )
    return parser.parse_args(argv)


class Log:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f}s] {message}", flush=True)


def statement_count() -> int:
    from lms.xapi.models import Statement

    return db.session.scalar(select(func.count(Statement.id))) or 0


def people(args: argparse.Namespace, rng: random.Random, now: dt.datetime):
    """Companies joined over the last two years, a lead each, trainers, apprentices in 3 cohorts."""
    from lms.auth.models import Role
    from lms.auth.services import create_user
    from lms.orgs.models import Company, CompanyOccupation, FederalState
    from lms.orgs.services import the_cluster

    companies, staff, apprentices = [], {}, {}
    span = 600 // max(1, args.companies)
    for n in range(args.companies):
        occupation = OCCUPATIONS[n % len(OCCUPATIONS)]
        joined = now.date() - dt.timedelta(days=730 - n * span)
        company = Company(
            cluster_id=the_cluster().id, name=f"Skalenbetrieb {n + 1:02d}", town="Cottbus",
            state=FederalState.BRANDENBURG if n % 2 else FederalState.SACHSEN, is_new_to_training=n % 4 == 0,
            joined_on=joined, occupations=[CompanyOccupation(occupation_code=occupation)],
        )  # fmt: skip
        db.session.add(company)
        db.session.flush()
        companies.append((company, occupation))
        lead = create_user(email=f"lead{n}@scale.example", name=f"Leitung {n}", role=Role.COMPANY_LEAD,
                           password=None, company_id=company.id)  # fmt: skip
        staff[company.id] = {"lead": lead, "trainers": []}
    for n in range(args.trainers):
        company, _occ = companies[n % len(companies)]
        user = create_user(email=f"trainer{n}@scale.example", name=f"Ausbilder {n}", role=Role.TRAINER,
                           password=None, company_id=company.id, is_without_aevo=n % 5 == 4)  # fmt: skip
        staff[company.id]["trainers"].append(user)
    for n in range(args.apprentices):
        company, occupation = companies[n % len(companies)] if n < len(companies) else rng.choice(companies)
        start = dt.date(now.year - rng.randint(1, 3), 8, 1)
        details = {"occupation_code": occupation, "training_start": start,
                   "training_end": start + dt.timedelta(days=365 * 3 + 180)}  # fmt: skip
        if start.year <= now.year - 2:
            details["exam_part1_date"] = start + dt.timedelta(days=600)
        user = create_user(email=f"azubi{n}@scale.example", name=f"Azubi {n}", role=Role.APPRENTICE,
                           password=None, company_id=company.id, apprentice=details)  # fmt: skip
        apprentices.setdefault(company.id, []).append(user)
    db.session.commit()
    return companies, staff, apprentices


def joined_at(company) -> dt.datetime:
    return dt.datetime.combine(company.joined_on, dt.time(8), dt.UTC)


def learning(companies, staff, apprentices, rng: random.Random, sink, now: dt.datetime) -> list:
    """Module runs of staff (0–7 modules each over their time) and apprentices (their module)."""
    from stats_scale_learning import module_run

    from lms.learning.content_cache import active_slugs, module_view

    modules = [module_view(slug) for slug in active_slugs()]
    for_staff = [m for m in modules if "trainer" in m.audience]
    for_leads = [m for m in modules if "company_lead" in m.audience]
    for_apprentices = [m for m in modules if "apprentice" in m.audience]
    runs = []
    for company, _occupation in companies:
        start = joined_at(company)
        plans = [
            (u, rng.sample(for_staff, rng.choice((0, 1, 2, 3, 3, 4, 5, 6, 7)))) for u in staff[company.id]["trainers"]
        ]
        plans.append((staff[company.id]["lead"], rng.sample(for_leads, rng.randint(0, len(for_leads)))))
        plans += [(a, for_apprentices if rng.random() < 0.8 else []) for a in apprentices.get(company.id, [])]
        for person, chosen in plans:
            for module in chosen:
                run = module_run(person.public_id, module, start + (now - start) * rng.random() ** 1.3, rng)
                sink.add(run.statements)
                run.statements = []
                runs.append(run)
    sink.flush()
    db.session.commit()
    return runs


def work(companies, staff, apprentices, rng: random.Random, now: dt.datetime, log: Log) -> None:
    """Company plans, task templates; per apprentice tasks, assessments and record weeks (services)."""
    from stats_scale_work import Apprenticeship, assessments, record_weeks, tasks

    from lms.plans.company_plan import ensure_company_plan
    from lms.plans.models import FrameworkItem, FrameworkPlan, FrameworkPosition
    from lms.plans.task_models import TaskTemplate
    from lms.plans.tasks import create_template

    totals = {"tasks": 0, "assessments": 0, "weeks": 0}
    for n, (company, occupation) in enumerate(companies):
        items = list(db.session.scalars(select(FrameworkItem).join(FrameworkPosition).join(FrameworkPlan)
                                        .where(FrameworkPlan.code == occupation)))  # fmt: skip
        trainers = staff[company.id]["trainers"]
        if rng.random() < 0.9:
            ensure_company_plan(company.id, occupation, None)
        seeded = db.session.scalars(select(TaskTemplate).where(TaskTemplate.slug.is_not(None),
                                                               TaskTemplate.occupation_code == occupation))  # fmt: skip
        templates = list(seeded) + [
            create_template(trainers[0], occupation_code=occupation, title=f"Kundenauftrag {k + 1}",
                            situation="Ein Kunde ruft an.", assignment="Planen und ausführen.",
                            item_ids=[i.id for i in rng.sample(items, 4)], company_id=company.id)
            for k in range(3)
        ]  # fmt: skip
        for apprentice in apprentices.get(company.id, []):
            if rng.random() < 0.05:  # a few never use the platform
                continue
            profile = apprentice.apprentice_profile
            begin = max(joined_at(company), dt.datetime.combine(profile.training_start, dt.time(8), dt.UTC))
            life = Apprenticeship(apprentice, trainers, items, templates, begin, now)
            totals["tasks"] += tasks(life, rng)
            totals["assessments"] += assessments(life, rng)
            totals["weeks"] += record_weeks(life, rng)
        db.session.commit()
        log(f"company {n + 1}/{len(companies)}: {totals}, statements {statement_count()}")


def existing_runs() -> list:
    """The runs already projected (for --extend): registration, module, last activity, units seen."""
    from stats_scale_learning import Run

    from lms.auth.models import User
    from lms.learning.content_cache import module_view
    from lms.learning.models import Enrolment, UnitProgress

    seen = dict(
        db.session.execute(select(UnitProgress.enrolment_id, func.count()).group_by(UnitProgress.enrolment_id)).all()
    )
    query = select(
        Enrolment.id, User.public_id, Enrolment.module_slug, Enrolment.registration, Enrolment.last_activity_at
    )
    views, runs = {}, []
    for pk, actor, slug, registration, last in db.session.execute(query.join(User, User.id == Enrolment.user_id)):
        module = views.setdefault(slug, module_view(slug))
        if module is not None:
            runs.append(Run(actor, module, last, registration, units_seen=seen.get(pk, 0)))
    return runs


def revisits(runs: list, target: int, rng: random.Random, sink, now: dt.datetime) -> None:
    """Later sessions of started runs until ``target`` statements are stored."""
    from stats_scale_learning import revisit

    missing = target - statement_count() - len(sink.pending)
    while missing > 0 and runs:
        missing -= sink.add(revisit(rng.choice(runs), rng, now), limit=missing)
    sink.flush()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    rng, log, now = random.Random(args.seed), Log(), utcnow()
    app = create_app(
        {"DATABASE_URL": args.database_url, "MAIL_DIR": tempfile.mkdtemp(prefix="scale-mail-"), "LOG_LEVEL": "WARNING"}
    )
    with app.app_context():
        from stats_scale_learning import Sink

        from lms.cli import migrate, run_init_steps
        from lms.learning import projection as _learning  # noqa: F401 (registers the projection)
        from lms.plans import projection as _plans  # noqa: F401 (registers the projection)
        from lms.plans.loader import load_framework_plans, plan_by_code
        from lms.records import projection as _records  # noqa: F401 (registers the projection)

        migrate()
        run_init_steps()
        if plan_by_code(OCCUPATIONS[0]) is None:
            load_framework_plans()
            db.session.commit()
        sink = Sink(now, log=log)
        if args.extend:
            runs = existing_runs()
        else:
            companies, staff, apprentices = people(args, rng, now)
            log(f"people: {args.companies} companies, {args.trainers} trainers, {args.apprentices} apprentices")
            runs = learning(companies, staff, apprentices, rng, sink, now)
            log(f"module runs: {len(runs)}, statements {statement_count()}")
            work(companies, staff, apprentices, rng, now, log)
        revisits(runs, args.statements, rng, sink, now)
        log(f"statements total: {statement_count()}")


if __name__ == "__main__":
    main()
