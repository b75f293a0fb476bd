"""The PDF board pack (reportlab platypus), built from a snapshot and nothing else.

Sections, in order: cover report (the council board-report shape), contents, RAG summary,
exceptions, one section per priority (objectives and their narrative, the actions table,
indicator charts with their values and story), the action log and the glossary. Wide tables
get landscape pages; every table repeats its header row when it runs onto another page, and
every cell wraps its text. See docs/board-pack.md.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from cypp_desktop.charts.spec import RagSummary, RagSummaryRow
from cypp_desktop.files import replacing
from cypp_desktop.models import ActionStatus, ItemKind, Rag
from cypp_desktop.models.formatting import decimals_for, number, uk_date, with_unit
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.packs import fonts
from cypp_desktop.packs.collection import fewer_collections
from cypp_desktop.packs.cover_report import FIELDS
from cypp_desktop.packs.options import PackOptions, Section
from cypp_desktop.packs.pdf_charts import IndicatorChartFlowable, RagSummaryFlowable
from cypp_desktop.packs.pdf_doc import (
    LANDSCAPE,
    PORTRAIT,
    Contents,
    ContentsEntry,
    Furniture,
    Heading,
    Ledger,
    PackCanvas,
    PackDocument,
    frame_height,
    frame_width,
)
from cypp_desktop.packs.pdf_style import (
    GROUP_FILL,
    HEADER_FILL,
    MUTED,
    RAG_FILL,
    RAG_INK,
    RULE,
    TABLE_LEADING,
    TABLE_SIZE,
    Styles,
    chip,
    esc,
    make_styles,
)
from cypp_desktop.packs.pdf_table import TextTable
from cypp_desktop.packs.pdf_text import CachedParagraph, wrap
from cypp_desktop.packs.progress import Progress, part
from cypp_desktop.packs.snapshot import (
    ActionLog,
    IndicatorPage,
    LogItem,
    PackSnapshot,
    PriorityPage,
    direction_text,
    long_date,
)
from cypp_desktop.store.queries import NARRATIVE_FIELDS, ActionRow, ObjectiveNode

CHART_WIDTH = 98 * mm
CHART_HEIGHT = 64 * mm
VALUE_ROWS = 6  # periods in an indicator's small values table
CELL_PADDING = 6.0  # points, left and right together


def build_pdf(
    snapshot: PackSnapshot, path: Path, progress: Progress, options: PackOptions | None = None
) -> int:
    """Write the PDF pack to ``path`` (whole or not at all); returns its number of pages."""
    with fewer_collections():
        return _build_pdf(snapshot, path, progress, options or PackOptions())


def _build_pdf(snapshot: PackSnapshot, path: Path, progress: Progress, options: PackOptions) -> int:
    progress(0, 1, "Preparing the PDF pack")
    story = _Story(snapshot, make_styles(), options)
    flowables = story.build()
    furniture = Furniture(snapshot.plan_title, snapshot.occasion, snapshot.marking)
    with replacing(path) as temporary:
        document = PackDocument(
            str(temporary),
            progress=part(progress, 0.0, 0.85),
            first=story.first_orientation,
            title=f"{snapshot.plan_title}: board pack, {snapshot.occasion}",
            author=snapshot.cover.reporting_officer or snapshot.partnership,
            subject=snapshot.cover.subject,
            creator="CYPP Desktop",
            keywords=f"board pack, {snapshot.period}",
            invariant=True,
        )
        document.build_story(
            flowables,
            canvasmaker=partial(
                PackCanvas,
                ledger=Ledger(),
                furniture=furniture,
                progress=part(progress, 0.85, 1.0),
            ),
        )
    return int(document.page)


class _Story:
    """Turns the snapshot into platypus flowables, section by section."""

    def __init__(self, snapshot: PackSnapshot, styles: Styles, options: PackOptions):
        self.snap = snapshot
        self.st = styles
        self.options = options
        self.flow: list[Any] = []
        self.entries: list[ContentsEntry] = []
        self.orientation: str | None = None
        self.first_orientation = PORTRAIT
        self._keys = 0

    def build(self) -> list[Any]:
        sections = {
            Section.COVER: self._cover,
            Section.CONTENTS: self._contents,
            Section.SUMMARY: self._summary,
            Section.EXCEPTIONS: self._exceptions,
            Section.PRIORITIES: self._priorities,
            Section.ACTION_LOG: self._action_log,
            Section.GLOSSARY: self._glossary,
        }
        for section, add in sections.items():
            if self.options.has(section):
                add()
        if not self.flow:
            self._page(PORTRAIT)
            self.flow.append(
                CachedParagraph("No sections were chosen for this pack.", self.st.body)
            )
        return self.flow

    # Pages and headings ------------------------------------------------------------------

    def _page(self, orientation: str) -> None:
        """Start a new page in ``orientation`` (the first page just takes it)."""
        if self.orientation is None:
            self.first_orientation = orientation
        else:
            if orientation != self.orientation:
                self.flow.append(NextPageTemplate(orientation))
            self.flow.append(PageBreak())
        self.orientation = orientation

    def _heading(
        self, text: str, level: int, *, contents: bool = True, style: Any = None
    ) -> Heading:
        """A heading at outline ``level`` (0 sections, 1 priorities, 2 their parts); levels 0
        and 1 are listed on the contents page."""
        self._keys += 1
        key = f"s{self._keys}"
        style = style or (self.st.h1, self.st.h2, self.st.h3)[level]
        if contents and level <= 1:
            self.entries.append(ContentsEntry(key, text, level))
        return Heading(esc(text), style, key=key, title=text, level=level)

    def _para(self, text: str, style: Any = None) -> CachedParagraph:
        return CachedParagraph(text, style or self.st.body)

    @property
    def _width(self) -> float:
        return frame_width(self.orientation or PORTRAIT)

    def _table(
        self,
        header: list[str],
        rows: list[list[Any]],
        widths_mm: list[float],
        commands: list[tuple[Any, ...]] | None = None,
    ) -> Table:
        scale = self._width / (sum(widths_mm) * mm)
        widths = [w * mm * scale for w in widths_mm]
        body = [
            [
                wrap(
                    cell,
                    width - CELL_PADDING,
                    fonts.BOLD if number == 0 else fonts.REGULAR,
                    TABLE_SIZE,
                )
                if isinstance(cell, str)
                else cell
                for cell, width in zip(row, widths, strict=True)
            ]
            for number, row in enumerate([header, *rows])
        ]
        # A row taller than half a page (pages of commentary in a return) may run on to the
        # next page, in pieces of at least three lines; otherwise rows move to the next page
        # whole, so an ordinary row is never cut at a page's foot.
        lines = max(
            (cell.count("\n") + 1 for row in body[1:] for cell in row if isinstance(cell, str)),
            default=1,
        )
        runs_on = lines * TABLE_LEADING > frame_height(self.orientation or PORTRAIT) / 2
        table = TextTable(
            body,
            colWidths=widths,
            repeatRows=1,
            hAlign="LEFT",
            splitInRow=3 * TABLE_LEADING if runs_on else 0,
        )
        style = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
            ("LEADING", (0, 0), (-1, -1), TABLE_LEADING),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        table.setStyle(TableStyle(style + (commands or [])))
        return table

    @staticmethod
    def _cell(text: str, *, muted: str = "") -> str:
        """Plain cell text (wrapped to its column by ``_table``), a second line below it."""
        return f"{text.strip()}\n{muted.strip()}" if muted.strip() else text.strip()

    @staticmethod
    def _rag_cell(commands: list[tuple[Any, ...]], column: int, row: int, rag: Rag) -> str:
        commands += [
            ("BACKGROUND", (column, row), (column, row), RAG_FILL[rag]),
            ("TEXTCOLOR", (column, row), (column, row), RAG_INK[rag]),
            ("FONTNAME", (column, row), (column, row), fonts.BOLD),
            ("ALIGN", (column, row), (column, row), "CENTER"),
        ]
        return rag.letter

    # Cover report ------------------------------------------------------------------------

    def _cover(self) -> None:
        snap, cover = self.snap, self.snap.cover
        self._page(PORTRAIT)
        self.flow.append(self._heading("Cover report", 0))
        if snap.partnership:
            self.flow.append(self._para(esc(snap.partnership), self.st.muted))
            self.flow.append(Spacer(1, 4))
        day = snap.meeting.starts_at.date() if snap.meeting else snap.as_of
        heads = [
            ("REPORT TO:", cover.report_to),
            ("DATE:", long_date(day)),
            ("REPORTING OFFICER:", cover.reporting_officer),
            ("PORTFOLIO:", cover.portfolio),
            ("SUBJECT:", cover.subject),
            ("WARD(S):", cover.wards),
        ]
        rows = [
            [CachedParagraph(label, self.st.cover_label), CachedParagraph(esc(value), self.st.body)]
            for label, value in heads
        ]
        block = Table(rows, colWidths=[42 * mm, self._width - 42 * mm], hAlign="LEFT")
        block.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
                ]
            )
        )
        self.flow += [block, Spacer(1, 8)]
        numbered = [spec for spec in FIELDS if spec.long]
        for index, spec in enumerate(numbered, start=1):
            self.flow.append(
                self._para(f"{index}.0&nbsp;&nbsp;{esc(spec.label.upper())}", self.st.h4)
            )
            self.flow += self._cover_text(getattr(cover, spec.name), index)

    def _cover_text(self, text: str, section: int) -> list[Any]:
        """Blank lines part paragraphs (numbered 1.1, 1.2, as councils do); lines that start
        with "- " or "• " are bullets."""
        blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
        if not blocks:
            return [self._para("None.")]
        out: list[Any] = []
        for number_in_section, block in enumerate(blocks, start=1):
            lines = [line.strip() for line in block.split("\n") if line.strip()]
            prose = [line for line in lines if not line.startswith(("- ", "• ", "* "))]
            bullets = [line[2:] for line in lines if line.startswith(("- ", "• ", "* "))]
            if prose:
                label = f"{section}.{number_in_section}"
                out.append(
                    self._para(f"<b>{label}</b>&nbsp;&nbsp;" + "<br/>".join(esc(p) for p in prose))
                )
            out += [CachedParagraph(esc(item), self.st.bullet, bulletText="•") for item in bullets]
        return out

    # Contents ----------------------------------------------------------------------------

    def _contents(self) -> None:
        self._page(PORTRAIT)
        self.flow.append(self._heading("Contents", 0, contents=False))
        self.flow.append(
            self._para(
                f"Board pack for {esc(self.snap.occasion)}. "
                f"Data as at {long_date(self.snap.as_of)}. "
                "Every RAG rating is shown with its letter (R Red, A Amber, G Green, B Blue for "
                "complete, N grey for no data) and the reason for it.",
                self.st.muted,
            )
        )
        self.flow.append(Spacer(1, 6))
        self.flow.append(Contents(self.entries))

    # RAG summary -------------------------------------------------------------------------

    def _summary(self) -> None:
        snap = self.snap
        self._page(PORTRAIT)
        self.flow.append(self._heading("RAG summary", 0))
        now, before = snap.totals(), snap.totals(previous=True)
        parts = [f"{now[rag]} {rag.label} ({before[rag]})" for rag in now]
        self.flow.append(
            self._para(
                f"The RAG ratings of the plan's actions and indicators for {esc(snap.period)}, "
                f"with {esc(snap.previous_period)} in brackets: " + ", ".join(parts) + ". "
                "A priority's own rating rolls up from its objectives, actions and indicators."
            )
        )
        if self.options.charts:
            spec = RagSummary(
                snap.period,
                tuple(
                    RagSummaryRow(page.summary.code, page.summary.title, page.summary.counts)
                    for page in snap.priorities
                ),
            )
            self.flow += [RagSummaryFlowable(spec, self._width), Spacer(1, 8)]
        commands: list[tuple[Any, ...]] = []
        rows: list[list[Any]] = []
        for row_number, page in enumerate(snap.priorities, start=1):
            summary = page.summary
            cells: list[Any] = [
                self._cell(f"{summary.code} {summary.title}"),
                self._rag_cell(commands, 1, row_number, summary.rag.rag),
                self._cell(direction_text(summary.rag)),
            ]
            cells += [
                CachedParagraph(
                    f"{summary.count(rag)}<br/><font size=6 color='#555555'>was "
                    f"{summary.count(rag, previous=True)}</font>",
                    self.st.cell_centre,
                )
                for rag, _n in summary.counts
            ]
            cells.append(CachedParagraph(str(summary.overdue), self.st.cell_centre))
            rows.append(cells)
        total_row = [self._cell("All priorities"), "", ""]
        total_row += [
            CachedParagraph(
                f"<b>{now[rag]}</b><br/><font size=6>was {before[rag]}</font>", self.st.cell_centre
            )
            for rag in now
        ]
        total_row.append(
            CachedParagraph(
                str(sum(p.summary.overdue for p in snap.priorities)), self.st.cell_centre
            )
        )
        rows.append(total_row)
        header = ["Priority", "RAG", "Since last period"]
        header += [rag.letter for rag in now] + ["Overdue actions"]
        for column, rag in enumerate(now, start=3):
            commands += [("BACKGROUND", (column, 0), (column, 0), RAG_FILL[rag])]
        commands.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 1.0, MUTED))
        self.flow.append(self._table(header, rows, [58, 9, 31, 11, 11, 11, 11, 11, 17], commands))
        self.flow.append(Spacer(1, 4))
        self.flow.append(
            self._para(
                'Counts are of each priority\'s actions and indicators; "was" is the count for '
                f"{esc(snap.previous_period)}. Overdue actions are past their (revised) due date "
                f"at the end of {esc(snap.period)} and not complete.",
                self.st.muted,
            )
        )

    # Exceptions --------------------------------------------------------------------------

    def _exceptions(self) -> None:
        snap = self.snap
        self._page(LANDSCAPE)
        self.flow.append(self._heading("Exceptions", 0))
        red = sum(1 for row in snap.exceptions if row.rag.rag is Rag.RED)
        worse = sum(1 for row in snap.exceptions if row.rag.direction is Direction.WORSENING)
        self.flow.append(
            self._para(
                f"Items rated Red for {esc(snap.period)}, or worse than in "
                f"{esc(snap.previous_period)}: {len(snap.exceptions)} in all, {red} Red and "
                f"{worse} worsening, each with its lead's commentary and the reason for its RAG."
            )
        )
        if not snap.exceptions:
            self.flow.append(self._para("None this period."))
            return
        commands: list[tuple[Any, ...]] = []
        rows = []
        for number_, row in enumerate(snap.exceptions, start=1):
            kind = "Action" if row.kind is ItemKind.ACTION else "Indicator"
            rows.append(
                [
                    self._cell(row.code, muted=kind),
                    self._cell(row.title),
                    self._cell(row.priority_code),
                    self._cell(row.owner),
                    self._rag_cell(commands, 4, number_, row.rag.rag),
                    self._cell(f"{row.why}.", muted=row.rag.result.reason),
                    self._cell(direction_text(row.rag)),
                    self._commentary(row.commentary),
                ]
            )
        header = [
            "Item",
            "Title",
            "Priority",
            "Owner",
            "RAG",
            "Why it is here",
            "Since last period",
            "Commentary",
        ]
        self.flow.append(self._table(header, rows, [18, 50, 14, 28, 10, 58, 25, 66], commands))

    def _commentary(self, text: str) -> str:
        return text.strip() or f"(No update for {self.snap.period})"

    # Priorities --------------------------------------------------------------------------

    def _priorities(self) -> None:
        if not self.snap.priorities:
            self._page(PORTRAIT)
            self.flow.append(self._heading("Priorities", 0))
            self.flow.append(self._para("The plan has no priorities yet."))
        for index, page in enumerate(self.snap.priorities):
            self._page(PORTRAIT)
            if index == 0:
                self.flow.append(self._heading("Priorities", 0))
            self._priority(page)

    def _priority(self, page: PriorityPage) -> None:
        node, summary = page.node, page.summary
        self.flow.append(self._heading(f"{node.code} {node.title}", 1))
        facts = [
            f"{chip(node.rag.rag, label=False)} {esc(node.rag.result.reason)}",
            f"Since {esc(self.snap.previous_period)}: {esc(direction_text(node.rag))}",
        ]
        if node.lead:
            facts.append(f"Lead: {esc(node.lead)}")
        counts = ", ".join(f"{summary.count(rag)} {rag.label}" for rag, _n in summary.counts)
        facts.append(
            f"{len(page.actions)} actions and {len(page.indicators)} indicators: {counts}; "
            f"{summary.overdue} actions overdue"
        )
        self.flow.append(self._para("<br/>".join(facts)))
        if node.description.strip():
            self.flow.append(self._para(esc(node.description)))
        if node.update.commentary.strip():
            self.flow.append(
                self._para(
                    f"<b>Update for {esc(self.snap.period)}:</b> {esc(node.update.commentary)}"
                )
            )
        if node.objectives:
            self.flow.append(self._heading(f"Objectives: {node.code}", 2))
            for objective in node.objectives:
                self.flow.append(KeepTogether(self._objective(objective)))
        if page.actions:
            self._page(LANDSCAPE)
            self.flow.append(self._heading(f"Actions: {node.code} {node.title}", 2))
            self.flow.append(self._actions_table(page))
        if page.indicators:
            self._page(PORTRAIT)
            self.flow.append(self._heading(f"Indicators: {node.code} {node.title}", 2))
            for indicator in page.indicators:
                self.flow.append(KeepTogether(self._indicator(indicator)))

    def _objective(self, objective: ObjectiveNode) -> list[Any]:
        parts = [
            self._para(f"<b>{esc(objective.code)}</b> {esc(objective.title)}", self.st.h4),
        ]
        meta = [f"{chip(objective.rag.rag, label=False)} {esc(objective.rag.result.reason)}"]
        who = ", ".join(x for x in (objective.lead, objective.organisation) if x)
        if who:
            meta.append(f"Lead: {esc(who)}")
        if objective.due:
            meta.append(f"By {uk_date(objective.due)}")
        parts.append(self._para(" · ".join(meta), self.st.small))
        for key, label in NARRATIVE_FIELDS.items():
            text = objective.narrative.get(key, "")
            if text.strip():
                parts.append(self._para(f"<b>{esc(label)}:</b> {esc(text)}", self.st.small))
        update = objective.update.commentary.strip()
        if update:
            parts.append(
                self._para(
                    f"<b>Update for {esc(self.snap.period)}:</b> {esc(update)}", self.st.small
                )
            )
        parts.append(Spacer(1, 4))
        return parts

    def _actions_table(self, page: PriorityPage) -> Table:
        commands: list[tuple[Any, ...]] = []
        rows: list[list[Any]] = []
        groups: list[tuple[str, list[ActionRow]]] = [
            (f"<b>{esc(o.code)}</b> {esc(o.title)} &nbsp;{chip(o.rag.rag)}", o.actions)
            for o in page.node.objectives
            if o.actions
        ]
        if page.node.other_actions:
            groups.append(("<b>Actions not under an objective</b>", page.node.other_actions))
        for title, actions in groups:
            rows.append([CachedParagraph(title, self.st.cell)] + [""] * 7)
            group_row = len(rows)
            commands += [
                ("SPAN", (0, group_row), (-1, group_row)),
                ("BACKGROUND", (0, group_row), (-1, group_row), GROUP_FILL),
                ("NOSPLIT", (0, group_row), (-1, group_row + 1)),
            ]
            for action in actions:
                rows.append(self._action_row(action, len(rows) + 1, commands))
        header = [
            "Code",
            "Action",
            "Owner / organisation",
            "Due",
            "Status",
            "RAG",
            "Why",
            "Commentary",
        ]
        return self._table(header, rows, [17, 58, 38, 20, 20, 10, 50, 56], commands)

    def _action_row(
        self, action: ActionRow, row: int, commands: list[tuple[Any, ...]]
    ) -> list[Any]:
        due: Any = uk_date(action.effective_due)
        if action.revised_due and action.due and action.revised_due != action.due:
            due = self._cell(uk_date(action.revised_due), muted=f"was {uk_date(action.due)}")
        status = action.status.label
        if action.status in (ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED):
            status += f"\n{action.percent_complete}%"
        return [
            self._cell(action.code),
            self._cell(action.title),
            self._cell(action.owner, muted=action.organisation),
            due,
            status,
            self._rag_cell(commands, 5, row, action.rag.rag),
            self._cell(action.rag.result.reason, muted=direction_text(action.rag)),
            self._commentary(action.update.commentary),
        ]

    def _indicator(self, item: IndicatorPage) -> list[Any]:
        row, chart = item.row, item.chart
        meta = [f"{row.polarity} is better", row.frequency]
        if row.unit not in ("", "number"):
            meta.insert(0, f"unit {row.unit}")
        if row.objective_code:
            meta.append(f"objective {row.objective_code}")
        reading = row.reading
        facts = [
            self._para(
                f"{chip(row.rag.rag, label=False)} {esc(row.rag.result.reason)}<br/>"
                f"RAG since {esc(self.snap.previous_period)}: {esc(direction_text(row.rag))}. "
                f"Value since the period before: {reading.since_previous.arrow} "
                f"{reading.since_previous.label}; since the baseline: "
                f"{reading.since_baseline.arrow} {reading.since_baseline.label}.",
                self.st.small,
            ),
            self._values_table(item),
        ]
        if row.baseline_value is not None:
            facts.append(
                self._para(
                    f"Baseline {esc(with_unit(row.baseline_value, row.unit))}"
                    + (f" ({esc(row.baseline_period)})" if row.baseline_period else ""),
                    self.st.small_after,
                )
            )
        graphic: Any = (
            IndicatorChartFlowable(chart, CHART_WIDTH, CHART_HEIGHT)
            if self.options.charts
            else Spacer(CHART_WIDTH, CHART_HEIGHT)
        )
        side = Table(
            [[graphic, facts]],
            colWidths=[CHART_WIDTH + 4 * mm, self._width - CHART_WIDTH - 4 * mm],
            hAlign="LEFT",
        )
        side.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story = row.update.commentary.strip()
        stories = [
            f"<b>Story behind the curve:</b> {esc(story)}"
            if story
            else f'<b>Story behind the curve:</b> <font color="#555555">no commentary for '
            f"{esc(self.snap.period)}</font>"
        ]
        if row.story_behind_baseline.strip():
            stories.append(f"<b>Story behind the baseline:</b> {esc(row.story_behind_baseline)}")
        return [
            self._para(
                f"<b>{esc(row.code)}</b> {esc(row.title)}<br/>"
                f'<font name="{fonts.REGULAR}" size="8" color="#555555">'
                f"{esc(' · '.join(meta))}</font>",
                self.st.h4,
            ),
            side,
            self._para("<br/>".join(stories), self.st.small),
            Spacer(1, 8),
        ]

    def _values_table(self, item: IndicatorPage) -> Table:
        chart = item.chart
        actuals = {p.period: p for p in chart.actuals}
        targets = {p.period: p.value for p in chart.targets}
        periods = [p for p in chart.periods if p in actuals or p in targets][-VALUE_ROWS:]
        places = decimals_for(
            *(actuals[p].value for p in periods if p in actuals), *(targets.get(p) for p in periods)
        )
        commands: list[tuple[Any, ...]] = []
        rows: list[list[Any]] = []
        for index, period in enumerate(periods, start=1):
            actual = actuals.get(period)
            rows.append(
                [
                    period,
                    number(actual.value, places) if actual else "–",
                    number(targets.get(period), places) if period in targets else "–",
                    self._rag_cell(commands, 3, index, actual.rag) if actual else "",
                ]
            )
        if not rows:
            rows.append(["No values yet", "", "", ""])
            commands.append(("SPAN", (0, 1), (-1, 1)))
        header = ["Period", "Actual", "Target", "RAG"]
        width = self._width - CHART_WIDTH - 4 * mm
        widths = [0.33, 0.24, 0.24, 0.19]
        table = Table([header, *rows], colWidths=[width * w for w in widths], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                    ("FONTSIZE", (0, 1), (-1, -1), 7),
                    ("LEADING", (0, 1), (-1, -1), 8.5),
                    ("FONTSIZE", (0, 0), (-1, 0), 7),
                    ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
                    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                    ("ALIGN", (1, 1), (2, -1), "RIGHT"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    *commands,
                ]
            )
        )
        return table

    # Action log and glossary -------------------------------------------------------------

    def _action_log(self) -> None:
        log = self.snap.action_log
        self._page(LANDSCAPE)
        self.flow.append(self._heading("Action log", 0))
        self.flow.append(
            self._para(
                f"Actions set by the boards, as at {long_date(log.as_of)}: {len(log.overdue)} "
                f"overdue, {len(log.open)} open and not yet due, and {len(log.closed)} closed "
                f"{esc(log.since_text)}."
            )
        )
        for title, items in (
            ("Overdue", log.overdue),
            ("Open", log.open),
            (f"Closed {log.since_text}", log.closed),
        ):
            self.flow.append(self._heading(title, 1, contents=False, style=self.st.h3))
            if items:
                self.flow.append(self._log_table(items, log))
            else:
                self.flow.append(self._para("None."))

    def _log_table(self, items: tuple[LogItem, ...], log: ActionLog) -> Table:
        rows = []
        for item in items:
            status = item.status.value.capitalize()
            if item.due is not None and item.status.value == "open" and item.due < log.as_of:
                days = (log.as_of - item.due).days
                status += f", {days} day{'s' if days != 1 else ''} overdue"
            rows.append(
                [
                    self._cell(item.meeting),
                    self._cell(item.text),
                    self._cell(item.owner),
                    uk_date(item.due),
                    self._cell(status),
                    uk_date(item.closed_on),
                ]
            )
        header = ["Set at", "Action", "Owner", "Due", "Status", "Closed"]
        return self._table(header, rows, [48, 105, 42, 22, 30, 22])

    def _glossary(self) -> None:
        self._page(PORTRAIT)
        self.flow.append(self._heading("Glossary", 0))
        if not self.snap.glossary:
            self.flow.append(self._para("The plan has no glossary."))
            return
        rows = [
            [CachedParagraph(f"<b>{esc(term)}</b>", self.st.cell), definition]
            for term, definition in self.snap.glossary
        ]
        self.flow.append(self._table(["Term", "Meaning"], rows, [45, 129]))
