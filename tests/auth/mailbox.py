"""Reading the mails the app wrote to its mail folder (no SMTP settings in tests)."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path


def mails(folder: Path, to: str | None = None) -> list[EmailMessage]:
    """Every ``.eml`` in ``folder`` (oldest first), optionally only those to ``to``."""
    found = []
    for path in sorted(folder.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if to is None or to.lower() in str(message["To"]).lower():
            found.append(message)
    return found


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def link_path(message: EmailMessage, base_url: str = "http://localhost") -> str:
    """The path of the one link to ``base_url`` in the message (e.g. ``/invite/<token>``)."""
    links = re.findall(re.escape(base_url) + r"(/\S+)", body(message))
    assert len(links) == 1, f"expected one link in the mail, found {links}"
    return links[0]
