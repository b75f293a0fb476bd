"""The cover report of a board pack, in the shape of a council board report.

Councils put a standard cover on every paper that goes to a board (report to, date, reporting
officer, portfolio, subject, wards, purpose, recommendation, supporting information,
implications, risk analysis, equality and diversity, background papers). Each meeting keeps
its own cover; until someone edits it, the pack uses defaults drawn from the plan, so a pack
never goes out with an empty cover. Saving is one audited, conflict-checked transaction,
announced like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cypp_desktop.models import AuditEntry, CoverReport, Meeting, Plan, Priority
from cypp_desktop.store.changes import Change
from cypp_desktop.store.edits import ConflictError, EditError
from cypp_desktop.store.store import Store

SOURCE = "cover report"
MARKINGS = ("", "OFFICIAL", "OFFICIAL-SENSITIVE")
DEFAULT_BOARD = "Children's Trust Board"


@dataclass(frozen=True, slots=True)
class CoverFields:
    """A cover report's text. ``version`` is the stored row's version (None: not stored yet),
    so that saving can refuse to overwrite a colleague's edit made in the meantime."""

    report_to: str = ""
    reporting_officer: str = ""
    portfolio: str = ""
    subject: str = ""
    wards: str = ""
    purpose: str = ""
    recommendation: str = ""
    supporting_information: str = ""
    policy_implications: str = ""
    financial_implications: str = ""
    priority_implications: str = ""
    risk_analysis: str = ""
    equality_diversity: str = ""
    background_papers: str = ""
    protective_marking: str = ""
    version: int | None = None

    @property
    def stored(self) -> bool:
        return self.version is not None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str  # as printed on the cover, in the council's words
    long: bool  # paragraphs rather than one line


# The order the cover prints them in: the heading block, then the numbered sections.
FIELDS = (
    FieldSpec("report_to", "Report to", False),
    FieldSpec("reporting_officer", "Reporting officer", False),
    FieldSpec("portfolio", "Portfolio", False),
    FieldSpec("subject", "Subject", False),
    FieldSpec("wards", "Ward(s)", False),
    FieldSpec("purpose", "Purpose of the report", True),
    FieldSpec("recommendation", "Recommendation", True),
    FieldSpec("supporting_information", "Supporting information", True),
    FieldSpec("policy_implications", "Policy implications", True),
    FieldSpec("financial_implications", "Other and financial implications", True),
    FieldSpec("priority_implications", "Implications for the partnership's priorities", True),
    FieldSpec("risk_analysis", "Risk analysis", True),
    FieldSpec("equality_diversity", "Equality and diversity issues", True),
    FieldSpec("background_papers", "List of background papers", True),
    FieldSpec("protective_marking", "Protective marking", False),
)
TEXT_FIELDS = tuple(spec.name for spec in FIELDS)


def defaults(session: Session, period: str, meeting: Meeting | None) -> CoverFields:
    """A cover written from the plan: good enough to send, meant to be edited."""
    plan = session.execute(select(Plan)).scalar_one()
    priorities = session.execute(
        select(Priority.code, Priority.title).order_by(Priority.position, Priority.id)
    ).all()
    board = meeting.board if meeting is not None else DEFAULT_BOARD
    partnership = plan.partnership or "the partnership"
    listed = "\n".join(f"- {code}: {title}" for code, title in priorities)
    vision = f"\n\nIts vision: {plan.vision.strip()}" if plan.vision.strip() else ""
    return CoverFields(
        report_to=board,
        reporting_officer="Principal Children's Trust Officer",
        portfolio="Children, Young People and Families",
        subject=f"{plan.title}: progress report for {period}",
        wards="Borough-wide",
        purpose=(
            f"To report progress on the {plan.title} for {period}: how each priority stands, "
            "the items that need the Board's attention, and the Board's action log."
        ),
        recommendation=(
            "That the Board:\n"
            f"- notes the progress reported for {period};\n"
            "- considers the exceptions (items rated Red, and items that have worsened since "
            "the last period) and agrees any further action; and\n"
            "- notes the action log."
        ),
        supporting_information=(
            f"The {plan.title} is the agreed joint strategy of the partners in {partnership}."
            f"{vision}\n\nThis report gives, for each of the plan's {len(priorities)} priorities, "
            "its objectives, its actions with their owners, due dates and commentary, and its "
            "indicators charted against their targets. Every RAG rating is shown with its "
            "letter and the reason for it."
        ),
        policy_implications=(
            "The plan is the partnership's agreed strategy; this report raises no new policy "
            "implications."
        ),
        financial_implications="None arising from this report.",
        priority_implications=(
            f"The report covers all of the plan's priorities:\n{listed}"
            if priorities
            else "The plan has no priorities yet."
        ),
        risk_analysis=(
            "Items rated Red, or worse than last period, are set out as exceptions with the "
            "lead officer's commentary, so that the Board can act on the risk of the plan's "
            "outcomes not being met."
        ),
        equality_diversity=(
            "The plan promotes positive outcomes for all children and young people, and for "
            "particular groups as appropriate; this report raises no new equality issues."
        ),
        background_papers=f"{plan.title} (held by the principal Children's Trust officer)",
    )


def _from_row(row: CoverReport) -> CoverFields:
    values = {name: getattr(row, name) or "" for name in TEXT_FIELDS}
    return CoverFields(**values, version=row.version)


def cover_in(session: Session, period: str, meeting_id: int | None) -> CoverFields:
    """The meeting's stored cover, else the defaults (a period pack has no stored cover)."""
    if meeting_id is None:
        return defaults(session, period, None)
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise EditError(f"Meeting {meeting_id} does not exist in this plan.")
    if meeting.cover_report is not None:
        return _from_row(meeting.cover_report)
    return defaults(session, meeting.period or period, meeting)


def load_cover(store: Store, meeting_id: int, period: str) -> CoverFields:
    with store.read() as session:
        return cover_in(session, period, meeting_id)


def default_cover(store: Store, meeting_id: int, period: str) -> CoverFields:
    """The defaults for a meeting, whatever is stored: what "Reset to defaults" shows."""
    with store.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise EditError(f"Meeting {meeting_id} does not exist in this plan.")
        return defaults(session, meeting.period or period, meeting)


def save_cover(store: Store, meeting_id: int, cover: CoverFields, *, who: str) -> CoverFields:
    """Store the meeting's cover in one transaction, audit each changed field, announce it.

    Raises ConflictError when someone saved this cover after ``cover`` was loaded.
    """
    now = datetime.now().replace(microsecond=0)
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise EditError(f"Meeting {meeting_id} no longer exists.")
        row = meeting.cover_report
        stored_version = row.version if row is not None else None
        if stored_version != cover.version:
            raise ConflictError(
                f"The cover report of meeting {meeting_id} was changed by someone else after "
                "you opened it. Close it, open it again to see the latest, then make your "
                "change again."
            )
        if row is None:
            row = CoverReport(meeting_id=meeting_id)
            meeting.cover_report = row
        for name in TEXT_FIELDS:
            old = (getattr(row, name) or "") if stored_version is not None else ""
            new = getattr(cover, name)
            setattr(row, name, new)
            if old != new:
                session.add(
                    AuditEntry(
                        at=now,
                        who=who,
                        item_kind="meeting",
                        item_id=meeting_id,
                        item_code="",
                        field=f"cover report {name.replace('_', ' ')}",
                        old_value=old,
                        new_value=new,
                        source=SOURCE,
                    )
                )
        session.flush()
        saved = replace(cover, version=row.version)
    store.changes.publish(
        Change(frozenset({"meeting"}), frozenset({("meeting", meeting_id)}), SOURCE)
    )
    return saved
