"""The domain: typed SQLAlchemy entities, vocabularies, reporting periods. No Qt here."""

from cypp_desktop.models.audit import AuditEntry
from cypp_desktop.models.base import Base
from cypp_desktop.models.enums import (
    ActionStatus,
    AgendaLink,
    AttendanceKind,
    Frequency,
    ItemKind,
    LogKind,
    LogStatus,
    ObaType,
    Polarity,
    Rag,
    RollupRule,
    Sector,
)
from cypp_desktop.models.indicators import Comparator, Indicator, IndicatorTarget, IndicatorValue
from cypp_desktop.models.meetings import (
    ActionLogEntry,
    AgendaItem,
    Attendance,
    Board,
    CoverReport,
    Meeting,
)
from cypp_desktop.models.plan import (
    Action,
    GlossaryTerm,
    Objective,
    Organisation,
    Owner,
    Plan,
    Priority,
    Promise,
)
from cypp_desktop.models.returns import ActionLogNote, ReturnImport, ReturnIssue
from cypp_desktop.models.status import StatusUpdate

__all__ = [
    "Action",
    "ActionLogEntry",
    "ActionLogNote",
    "ActionStatus",
    "AgendaItem",
    "AgendaLink",
    "Attendance",
    "AttendanceKind",
    "AuditEntry",
    "Base",
    "Board",
    "Comparator",
    "CoverReport",
    "Frequency",
    "GlossaryTerm",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "ItemKind",
    "LogKind",
    "LogStatus",
    "Meeting",
    "ObaType",
    "Objective",
    "Organisation",
    "Owner",
    "Plan",
    "Polarity",
    "Priority",
    "Promise",
    "Rag",
    "ReturnImport",
    "ReturnIssue",
    "RollupRule",
    "Sector",
    "StatusUpdate",
]
