"""Shared helpers of the LRS benchmark scripts: realistic statements and an HTTP client."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import requests

VERBS = ["completed", "passed", "failed", "experienced", "answered", "attempted", "progressed", "initialized"]
BASE = "https://lms.zukunftsmacher.example/"


class Population:
    """Apprentices, activities and registrations the generated statements are drawn from."""

    def __init__(self, people: int = 2000, activities: int = 5000, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.people = [str(uuid.UUID(int=self.random.getrandbits(128))) for _ in range(people)]
        self.activities = [f"{BASE}activities/unit/modul-{i // 20}/einheit-{i % 20}" for i in range(activities)]
        self.registrations = [str(uuid.UUID(int=self.random.getrandbits(128))) for _ in range(people // 2)]

    def statement(self, moment: dt.datetime | None = None) -> dict[str, Any]:
        r = self.random
        verb = r.choice(VERBS)
        activity = r.choice(self.activities)
        statement: dict[str, Any] = {
            "id": str(uuid.UUID(int=r.getrandbits(128), version=4)),
            "actor": {"objectType": "Agent", "account": {"homePage": BASE, "name": r.choice(self.people)}},
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"de-DE": verb, "en-US": verb}},
            "object": {
                "objectType": "Activity",
                "id": activity,
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/lesson",
                    "name": {"de-DE": activity.rsplit("/", 1)[-1]},
                },
            },
            "context": {
                "registration": r.choice(self.registrations),
                "platform": "Zukunftsmacher Lernplattform",
                "language": "de-DE",
                "contextActivities": {"parent": [{"id": activity.rsplit("/", 1)[0]}]},
            },
            "timestamp": (moment or dt.datetime.now(dt.UTC)).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if verb in ("passed", "failed", "answered"):
            statement["result"] = {
                "score": {"scaled": round(r.random(), 2)},
                "success": verb != "failed",
                "duration": f"PT{r.randint(10, 900)}S",
            }
        return statement


def session(key: str = "demo-lrs", secret: str = "demo-lrs-secret") -> requests.Session:  # noqa: S107 (demo)
    s = requests.Session()
    s.auth = (key, secret)
    s.headers["X-Experience-API-Version"] = "1.0.3"
    return s


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
