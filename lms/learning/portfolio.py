"""Read models for "Mein Lernportfolio", "Mein Lernen" and the company lead's completion overview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from lms.auth.models import Role, User
from lms.db import db
from lms.learning import services
from lms.learning.models import CourseModule, Enrolment, Reflection, TransferNote


@dataclass
class PortfolioSection:
    """One module's private texts of one person."""

    slug: str
    title: str
    reflections: list[tuple[str, Reflection]] = field(default_factory=list)  # (prompt text, answer)
    transfer: TransferNote | None = None
    transfer_title: str = ""


def sections(owner: User) -> list[PortfolioSection]:
    """The owner's reflections and transfer notes by module (queries scoped to ``owner``)."""
    modules = {m.slug: m for m in db.session.scalars(select(CourseModule))}
    result: dict[str, PortfolioSection] = {}

    def section(slug: str) -> PortfolioSection:
        module = modules.get(slug)
        if slug not in result:
            title = module.title if module else slug
            task = (module.manifest.get("transfer_task") or {}).get("title", "") if module else ""
            result[slug] = PortfolioSection(slug, title, transfer_title=str(task))
        return result[slug]

    for row in services.own_reflections(owner):
        module = modules.get(row.module_slug)
        prompt_texts = {p["id"]: p["text"] for p in services.prompts(module)} if module else {}
        section(row.module_slug).reflections.append((prompt_texts.get(row.prompt_key, row.prompt_key), row))
    for note in db.session.scalars(select(TransferNote).where(TransferNote.user_id == owner.id)):
        section(note.module_slug).transfer = note
    return sorted(result.values(), key=lambda s: s.title)


def export_markdown(owner: User) -> str:
    """The portfolio as a Markdown document for download."""
    lines = [f"# Mein Lernportfolio – {owner.name}", ""]
    for part in sections(owner):
        lines += [f"## {part.title}", ""]
        for prompt, reflection in part.reflections:
            lines += [f"### Reflexion: {prompt}", "", reflection.text, ""]
        if part.transfer is not None:
            lines += [f"### Transferaufgabe: {part.transfer_title}", ""]
            if part.transfer.plan_text:
                lines += ["**Vorhaben:**", "", part.transfer.plan_text, ""]
            if part.transfer.report_text:
                lines += ["**Bericht:**", "", part.transfer.report_text, ""]
    return "\n".join(lines).rstrip() + "\n"


def my_learning(user: User) -> dict[str, Any]:
    """Modules in progress and completed (from the projection)."""
    enrolments = services.enrolments_of(user)
    modules = {slug: services.get_module(slug) for slug in enrolments}
    running, done = [], []
    for slug, enrolment in sorted(enrolments.items(), key=lambda item: item[1].last_activity_at, reverse=True):
        module = modules.get(slug)
        if module is None:
            continue
        entry = (module, enrolment, services.progress(module, enrolment))
        (done if enrolment.completed_at else running).append(entry)
    return {"running": running, "done": done}


def company_completions(lead: User) -> dict[str, Any]:
    """Trainers of the lead's company × trainer modules: completion dates (tenant scope in the query)."""
    people = list(
        db.session.scalars(
            select(User)
            .where(User.company_id == lead.company_id, User.role == Role.TRAINER, User.active.is_(True))
            .order_by(User.name)
        )
    )
    modules = [m for m in services.catalogue() if "trainer" in m.audience]
    rows = db.session.execute(
        select(Enrolment.user_id, Enrolment.module_slug, Enrolment.completed_at)
        .join(User, User.id == Enrolment.user_id)
        .where(User.company_id == lead.company_id, User.role == Role.TRAINER)
    )
    status = {(user_id, slug): completed for user_id, slug, completed in rows}
    return {"people": people, "modules": modules, "status": status}
