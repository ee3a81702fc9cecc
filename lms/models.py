"""Imports every feature's models so ``Base.metadata`` is complete (for Alembic and tests)."""

from lms.auth.models import ApprenticeProfile, AuditEvent, Invitation, PasswordResetToken, User
from lms.db import Base
from lms.notifications.models import Notification
from lms.orgs.models import Cluster, Company, CompanyOccupation
from lms.xapi.models import OutboxEntry, Statement, StatementActivity, StatementAgent

__all__ = [
    "ApprenticeProfile",
    "AuditEvent",
    "Base",
    "Cluster",
    "Company",
    "CompanyOccupation",
    "Invitation",
    "Notification",
    "OutboxEntry",
    "PasswordResetToken",
    "Statement",
    "StatementActivity",
    "StatementAgent",
    "User",
]
