"""What presenter mode shows for a meeting, read in one go as plain data.

The presenter window must open at once and never wait on the database while the chair is
talking, so everything its pages need (each agenda item's RAG summary, exceptions, key
indicator charts, open actions, paper) is read here, in a worker thread, before it opens.
No Qt: the rows are frozen and cross threads, and the reading can be timed on its own
(benchmarks/meetings.py). Only the action log is read again during the meeting
(``action_log_slide``), after an action is recorded live.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from cypp_desktop.charts.sizes import Spec
from cypp_desktop.charts.spec import RAG_ORDER, IndicatorChart, RagSummary, RagSummaryRow
from cypp_desktop.errors import CyppError
from cypp_desktop.models import AgendaLink, Rag
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.store import chart_data, queries
from cypp_desktop.store.action_log import carried_forward
from cypp_desktop.store.meeting_rows import AgendaRow, LogRow, MeetingDetail
from cypp_desktop.store.meetings import meeting_detail, owner_names
from cypp_desktop.store.queries import ActionRow, IndicatorRow, PriorityNode
from cypp_desktop.store.rag import ItemRag
from cypp_desktop.store.store import Store

Progress = Callable[[int, int, str], None]
KEY_CHARTS = 2  # indicator charts on a priority's page: more would be too small to read
OVERDUE_FLAG = "⚠ Overdue"
MISSING = "The {what} this item presented is no longer in the plan; edit the agenda item."


@dataclass(frozen=True, slots=True)
class SlideRow:
    """One line of a page's list: an exception or an action, with what it needs said."""

    rag: Rag | None
    lead: str  # the code, or the due date
    title: str
    note: str  # under the title: direction and reason, or owner and meeting
    flag: str = ""  # "⚠ Overdue": a shape and a word, never colour alone


@dataclass(frozen=True, slots=True)
class Slide:
    """One agenda item's page. Which fields are filled depends on what the item presents."""

    item: AgendaRow
    heading: str  # what the item presents: "Priority BH: Be Healthy"
    rag: ItemRag | None = None  # the priority's or objective's own RAG
    counts: tuple[tuple[Rag, int], ...] = ()  # its actions' and indicators' RAGs
    overdue: int = 0
    rows_title: str = ""
    rows: tuple[SlideRow, ...] = ()
    empty: str = ""  # said when there are no rows
    charts: tuple[Spec, ...] = ()
    text: str = ""  # a paper's text


@dataclass(frozen=True, slots=True)
class Presentation:
    meeting: MeetingDetail
    period: str
    slides: tuple[Slide, ...]
    owners: tuple[str, ...]


def _severity(rag: ItemRag) -> tuple[int, int]:
    return (-rag.rag.severity, 0 if rag.direction is Direction.WORSENING else 1)


def _exceptional(rag: ItemRag) -> bool:
    return rag.rag is Rag.RED or rag.direction is Direction.WORSENING


def _exception_row(code: str, title: str, rag: ItemRag) -> SlideRow:
    direction = rag.direction
    before = f" (was {rag.previous.label})" if rag.previous is not None else ""
    return SlideRow(
        rag.rag,
        code,
        title,
        f"{direction.arrow} {direction.label}{before} · {rag.result.reason}",
    )


def _ranked(
    actions: Sequence[ActionRow], indicators: Sequence[IndicatorRow], *, everything: bool
) -> tuple[SlideRow, ...]:
    """Actions and indicators, the worst first; only the exceptions unless ``everything``."""
    rows: list[ActionRow | IndicatorRow] = [*actions, *indicators]
    found = [(row.rag, row.code, row.title) for row in rows if everything or _exceptional(row.rag)]
    found.sort(key=lambda item: _severity(item[0]))
    return tuple(_exception_row(code, title, rag) for rag, code, title in found)


def _exceptions(
    actions: Sequence[ActionRow], indicators: Sequence[IndicatorRow]
) -> tuple[SlideRow, ...]:
    """Red or worsened, the worst first: what the board should talk about."""
    return _ranked(actions, indicators, everything=False)


def _counts(rags: Sequence[ItemRag]) -> tuple[tuple[Rag, int], ...]:
    listed = [rag.rag for rag in rags]
    return tuple((rag, listed.count(rag)) for rag in RAG_ORDER)


def _key_indicators(rows: Sequence[IndicatorRow]) -> list[int]:
    """The indicators worth a chart: exceptions first, then those with a value to show."""
    ranked = sorted(
        rows,
        key=lambda row: (
            not _exceptional(row.rag),
            row.reading.value is None,
            _severity(row.rag),
        ),
    )
    return [row.id for row in ranked[:KEY_CHARTS]]


def _log_rows(entries: Sequence[LogRow], as_of: datetime) -> tuple[SlideRow, ...]:
    """Open actions, the overdue first: each with its owner, due date and where it was set."""
    day = as_of.date()
    ordered = sorted(entries, key=lambda e: (not e.overdue(day), e.due or day, e.raised))
    return tuple(
        SlideRow(
            None,
            f"Due {uk_date(entry.due)}" if entry.due else "No due date",
            entry.text,
            f"{entry.owner or 'No owner'} · set at the {entry.meeting}",
            OVERDUE_FLAG if entry.overdue(day) else "",
        )
        for entry in ordered
    )


def action_log_slide(
    item: AgendaRow, heading: str, entries: Sequence[LogRow], at: datetime
) -> Slide:
    rows = _log_rows(entries, at)
    overdue = sum(1 for row in rows if row.flag)
    return Slide(
        item,
        heading,
        overdue=overdue,
        rows_title=f"Open actions: {len(rows)}, of which {overdue} overdue",
        rows=rows,
        empty="No open actions: everything the boards asked for is done.",
    )


class _Plan:
    """The plan as the meeting's period sees it, read only if an agenda item needs it."""

    def __init__(self, store: Store, period: str):
        with store.read() as session:  # one session, one evaluation of every RAG
            now = queries.PeriodView(session, period)
            self.tree: list[PriorityNode] = queries.plan_tree_in(session, now)
            self.indicators: list[IndicatorRow] = queries.indicator_rows_in(session, now)

    def priority(self, priority_id: int | None) -> PriorityNode | None:
        return next((node for node in self.tree if node.id == priority_id), None)

    def actions_of(self, node: PriorityNode) -> list[ActionRow]:
        return [row for objective in node.objectives for row in objective.actions] + list(
            node.other_actions
        )


def _plan_slide(item: AgendaRow, plan: _Plan, charts: dict[int, IndicatorChart]) -> Slide:
    """A priority's or an objective's page: its RAG summary, exceptions and key charts."""
    if item.link is AgendaLink.PRIORITY:
        node = plan.priority(item.priority_id)
        if node is None:
            return Slide(item, "Priority", text=MISSING.format(what="priority"))
        actions = plan.actions_of(node)
        indicators = [row for row in plan.indicators if row.priority_code == node.code]
        heading, rag = f"Priority {node.code}: {node.title}", node.rag
    else:
        found = [
            (node, objective)
            for node in plan.tree
            for objective in node.objectives
            if objective.id == item.objective_id
        ]
        if not found:
            return Slide(item, "Objective", text=MISSING.format(what="objective"))
        _node, objective = found[0]
        actions = list(objective.actions)
        indicators = [row for row in plan.indicators if row.objective_code == objective.code]
        heading, rag = f"Objective {objective.code}: {objective.title}", objective.rag
    rags = [row.rag for row in actions] + [row.rag for row in indicators]
    if item.link is AgendaLink.PRIORITY:
        rows = _exceptions(actions, indicators)
        rows_title = f"Exceptions: {len(rows)} Red or worsened"
    else:  # an objective has few items: all of them, the worst first
        rows = _ranked(actions, indicators, everything=True)
        rows_title = f"Under this objective: {len(rows)}, the worst first"
    return Slide(
        item,
        heading,
        rag=rag,
        counts=_counts(rags),
        overdue=sum(row.overdue(item.starts.date()) for row in actions),
        rows_title=rows_title,
        rows=rows,
        empty="Nothing here is Red or worse than last period.",
        charts=tuple(charts[i] for i in _key_indicators(indicators) if i in charts),
    )


def _summary(plan: _Plan, period: str) -> RagSummary:
    rows = []
    for node in plan.tree:
        rags = [row.rag for row in plan.actions_of(node)]
        rags += [row.rag for row in plan.indicators if row.priority_code == node.code]
        rows.append(RagSummaryRow(node.code, node.title, _counts(rags)))
    return RagSummary(period, tuple(rows))


def build_presentation(
    store: Store, meeting_id: int, fallback_period: str, progress: Progress
) -> Presentation:
    """Everything presenter mode shows for a meeting, read in one go (in a worker thread)."""
    progress(0, 4, "Reading the meeting")
    meeting = meeting_detail(store, meeting_id)
    if meeting is None:
        raise CyppError(f"Meeting {meeting_id} no longer exists; it may have been deleted.")
    period = meeting.period or fallback_period
    links = {item.link for item in meeting.agenda}
    plan: _Plan | None = None
    charts: dict[int, IndicatorChart] = {}
    if links & {AgendaLink.PRIORITY, AgendaLink.OBJECTIVE, AgendaLink.EXCEPTIONS}:
        progress(1, 4, f"Working out every RAG for {period}")
        plan = _Plan(store, period)
        wanted: list[int] = []
        for item in meeting.agenda:
            node = plan.priority(item.priority_id) if item.link is AgendaLink.PRIORITY else None
            if node is not None:
                wanted += _key_indicators(
                    [row for row in plan.indicators if row.priority_code == node.code]
                )
            elif item.link is AgendaLink.OBJECTIVE:
                wanted += _key_indicators(
                    [row for row in plan.indicators if row.objective_code == item.target_code]
                )
        progress(2, 4, "Reading the key indicators")
        codes = {row.id: row.code for row in plan.indicators}
        by_code = {
            chart.code: chart
            for chart in chart_data.indicator_charts(store, period, sorted(set(wanted)))
        }
        charts = {i: by_code[codes[i]] for i in set(wanted) if codes.get(i) in by_code}
    progress(3, 4, "Reading the action log")
    log = carried_forward(store, meeting_id)
    slides = []
    for item in meeting.agenda:
        heading = item.link_text
        if item.link in (AgendaLink.PRIORITY, AgendaLink.OBJECTIVE) and plan is not None:
            slides.append(_plan_slide(item, plan, charts))
        elif item.link is AgendaLink.EXCEPTIONS and plan is not None:
            all_actions = [row for node in plan.tree for row in plan.actions_of(node)]
            rows = _exceptions(all_actions, plan.indicators)
            slides.append(
                Slide(
                    item,
                    f"Exceptions, {period}",
                    rows_title=f"Red, or worse than last period: {len(rows)}",
                    rows=rows,
                    empty="No exceptions: nothing is Red or worse than last period.",
                    charts=(_summary(plan, period),),
                )
            )
        elif item.link is AgendaLink.ACTION_LOG:
            slides.append(action_log_slide(item, "Action log", log, meeting.starts_at))
        else:
            slides.append(Slide(item, heading, text=item.paper))
    progress(4, 4, "Ready")
    return Presentation(meeting, period, tuple(slides), tuple(owner_names(store)))
