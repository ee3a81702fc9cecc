"""Imports every feature's models so ``Base.metadata`` is complete (for Alembic and tests)."""

from lms.auth.models import ApprenticeProfile, AuditEvent, Invitation, PasswordResetToken, User
from lms.db import Base
from lms.learning.models import (
    CourseModule,
    CourseQuestion,
    CourseUnit,
    Enrolment,
    Reflection,
    TestAttempt,
    TransferNote,
    UnitProgress,
)
from lms.notifications.models import Notification
from lms.orgs.models import Cluster, Company, CompanyOccupation
from lms.plans.models import (
    CompanyTrainingPlan,
    FrameworkItem,
    FrameworkPlan,
    FrameworkPosition,
    ItemProgress,
    LearningGoal,
    PlanEntry,
    PlanNote,
    VerbundLink,
)
from lms.plans.task_models import Task, TaskItem, TaskState, TaskStepEntry, TaskTemplate, TaskTemplateItem
from lms.xapi.models import (
    ActivityDefinition,
    Attachment,
    Document,
    ForwardState,
    LrsClient,
    OutboxEntry,
    Statement,
    StatementActivity,
    StatementAgent,
)

__all__ = [
    "ApprenticeProfile",
    "AuditEvent",
    "Base",
    "Cluster",
    "Company",
    "CompanyOccupation",
    "CompanyTrainingPlan",
    "CourseModule",
    "CourseQuestion",
    "CourseUnit",
    "Enrolment",
    "FrameworkItem",
    "FrameworkPlan",
    "FrameworkPosition",
    "Invitation",
    "ItemProgress",
    "LearningGoal",
    "Notification",
    "OutboxEntry",
    "PasswordResetToken",
    "PlanEntry",
    "PlanNote",
    "Reflection",
    "Statement",
    "StatementActivity",
    "StatementAgent",
    "Task",
    "TaskItem",
    "TaskState",
    "TaskStepEntry",
    "TaskTemplate",
    "TaskTemplateItem",
    "TestAttempt",
    "TransferNote",
    "UnitProgress",
    "User",
    "VerbundLink",
]
