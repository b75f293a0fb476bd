"""The Excel board pack (openpyxl), built from a snapshot and nothing else.

Sheets: Cover report, Summary (RAG counts by priority with a native bar chart), Exceptions,
one sheet per priority (objectives and their actions), Indicators (periods as columns),
Indicator charts (each indicator's data block with its native, editable chart), Action log
and Glossary. Every table has a frozen header, an autofilter and RAG letters coloured by
conditional formatting; every sheet prints on A4, fitted to the page width.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from cypp_desktop.charts.spec import RAG_ORDER
from cypp_desktop.files import replacing
from cypp_desktop.models import ItemKind
from cypp_desktop.models.periods import parse_period
from cypp_desktop.packs.collection import fewer_collections
from cypp_desktop.packs.cover_report import FIELDS
from cypp_desktop.packs.options import PackOptions, Section
from cypp_desktop.packs.progress import Progress
from cypp_desktop.packs.snapshot import (
    LogItem,
    PackSnapshot,
    PriorityPage,
    direction_text,
    long_date,
)
from cypp_desktop.packs.xlsx_charts import RAG_COLUMN, rag_bar_chart, write_block
from cypp_desktop.packs.xlsx_sheet import (
    BOLD,
    HEADER_ROW,
    Column,
    print_setup,
    put,
    rag_formatting,
    safe_sheet_title,
    table,
    title,
)
from cypp_desktop.store.queries import NARRATIVE_FIELDS, ActionRow, ObjectiveNode

RAG_COLUMNS = [Column(rag.letter, 5, "number") for rag in RAG_ORDER]


def build_xlsx(
    snapshot: PackSnapshot, path: Path, progress: Progress, options: PackOptions | None = None
) -> int:
    """Write the Excel pack to ``path`` (whole or not at all); returns its number of sheets."""
    with fewer_collections():
        book = _Book(snapshot, progress)
        book.build(options or PackOptions())
        with replacing(path) as temporary:
            progress(book.steps, book.steps + 1, "Saving the workbook")
            _save(book.workbook, temporary)
    progress(1, 1, "Workbook saved")
    return len(book.workbook.sheetnames)


def _save(workbook: Workbook, path: Path) -> None:
    """Save as ``Workbook.save`` does, but keep the "modified" date taken from the data (it
    would stamp the clock time), so the same plan always gives the same workbook."""
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()


class _Book:
    def __init__(self, snapshot: PackSnapshot, progress: Progress):
        self.snap = snapshot
        self.progress = progress
        self.workbook = Workbook()
        self.taken: set[str] = set()
        self.done = 0
        self.steps = (
            8 + len(snapshot.priorities) + sum(len(p.indicators) for p in snapshot.priorities)
        )
        stamp = datetime.combine(snapshot.as_of, time())
        properties = self.workbook.properties
        properties.title = f"{snapshot.plan_title}: board pack, {snapshot.occasion}"
        properties.subject = snapshot.cover.subject
        properties.creator = snapshot.cover.reporting_officer or snapshot.partnership
        properties.lastModifiedBy = properties.creator
        properties.keywords = f"board pack, {snapshot.period}"
        properties.created = stamp
        properties.modified = stamp

    def step(self, message: str) -> None:
        self.done += 1
        self.progress(self.done, self.steps + 1, message)

    def sheet(self, name: str) -> Worksheet:
        if not self.taken:
            sheet = self.workbook.active
            sheet.title = safe_sheet_title(name, self.taken)
            return sheet
        return self.workbook.create_sheet(safe_sheet_title(name, self.taken))

    def finish(self, sheet: Worksheet, *, header_row: int = HEADER_ROW, wide: bool = True) -> None:
        print_setup(
            sheet,
            header_row=header_row,
            plan=self.snap.plan_title,
            occasion=self.snap.occasion,
            marking=self.snap.marking,
            wide=wide,
        )

    @property
    def subtitle(self) -> str:
        parts = [self.snap.occasion, f"data as at {long_date(self.snap.as_of)}"]
        if self.snap.marking:
            parts.insert(0, self.snap.marking)
        return " · ".join(parts)

    def build(self, options: PackOptions) -> None:
        sections = [
            (Section.COVER, self._cover),
            (Section.SUMMARY, self._summary),
            (Section.EXCEPTIONS, self._exceptions),
            (Section.PRIORITIES, self._priorities),
            (Section.ACTION_LOG, self._action_log),
            (Section.GLOSSARY, self._glossary),
        ]
        for section, add in sections:
            if options.has(section):
                add()
        if not self.taken:
            sheet = self.sheet("Pack")
            title(sheet, self.snap.plan_title, self.subtitle)
            put(sheet, HEADER_ROW, 1, "No sections were chosen for this pack.")

    # Sheets ------------------------------------------------------------------------------

    def _cover(self) -> None:
        cover = self.snap.cover
        sheet = self.sheet("Cover report")
        title(sheet, f"Cover report: {self.snap.plan_title}", self.subtitle)
        day = self.snap.meeting.starts_at.date() if self.snap.meeting else self.snap.as_of
        rows: list[list[Any]] = [["Date", day]]
        rows += [[spec.label, getattr(cover, spec.name)] for spec in FIELDS]
        table(
            sheet, [Column("Field", 34, "wrap"), Column("Text", 110, "wrap")], rows, filtered=False
        )
        self.finish(sheet, wide=False)
        self.step("Cover report")

    def _summary(self) -> None:
        snap = self.snap
        sheet = self.sheet("Summary")
        title(sheet, f"RAG summary: {snap.plan_title}", self.subtitle)
        columns = [
            Column("Code", 9),
            Column("Priority", 40, "wrap"),
            Column("RAG", 6, "rag"),
            Column("Why", 45, "wrap"),
            Column(f"Since {snap.previous_period}", 22, "wrap"),
            *RAG_COLUMNS,
            *(Column(f"{rag.letter} in {snap.previous_period}", 9, "number") for rag in RAG_ORDER),
            Column("Overdue actions", 10, "number"),
        ]
        rows = []
        for page in snap.priorities:
            summary = page.summary
            rows.append(
                [
                    summary.code,
                    summary.title,
                    summary.rag.rag.letter,
                    summary.rag.result.reason,
                    direction_text(summary.rag),
                    *(summary.count(rag) for rag in RAG_ORDER),
                    *(summary.count(rag, previous=True) for rag in RAG_ORDER),
                    summary.overdue,
                ]
            )
        last = table(sheet, columns, rows)
        totals_row = last + 2
        now, before = snap.totals(), snap.totals(previous=True)
        totals = ["All", "All priorities", "", "", "", *now.values(), *before.values()]
        totals.append(sum(p.summary.overdue for p in snap.priorities))
        for column, value in enumerate(totals, start=1):
            if value != "":
                put(sheet, totals_row, column, value).font = BOLD
        if rows:
            sheet.add_chart(rag_bar_chart(sheet, HEADER_ROW, last, 6), f"B{totals_row + 2}")
        self.finish(sheet)
        self.step("Summary")

    def _exceptions(self) -> None:
        sheet = self.sheet("Exceptions")
        title(sheet, f"Exceptions: Red, or worse than {self.snap.previous_period}", self.subtitle)
        columns = [
            Column("Kind", 10),
            Column("Code", 12),
            Column("Title", 40, "wrap"),
            Column("Priority", 9),
            Column("Owner", 20, "wrap"),
            Column("RAG", 6, "rag"),
            Column("Why it is here", 24, "wrap"),
            Column("Reason for the RAG", 45, "wrap"),
            Column(f"Since {self.snap.previous_period}", 22, "wrap"),
            Column("Commentary", 60, "wrap"),
        ]
        rows = [
            [
                "Action" if row.kind is ItemKind.ACTION else "Indicator",
                row.code,
                row.title,
                row.priority_code,
                row.owner,
                row.rag.rag.letter,
                row.why,
                row.rag.result.reason,
                direction_text(row.rag),
                row.commentary,
            ]
            for row in self.snap.exceptions
        ]
        table(sheet, columns, rows)
        self.finish(sheet)
        self.step("Exceptions")

    def _priorities(self) -> None:
        for page in self.snap.priorities:
            self._priority(page)
            self.step(f"Priority {page.node.code}")
        self._indicators()
        self._charts()

    def _priority(self, page: PriorityPage) -> None:
        node = page.node
        sheet = self.sheet(node.code)
        title(
            sheet,
            f"{node.code} {node.title}",
            f"{node.rag.rag.letter} {node.rag.result.reason} · lead {node.lead or 'not set'} · "
            + self.subtitle,
        )
        columns = [
            Column("Level", 10),
            Column("Code", 11),
            Column("Title", 42, "wrap"),
            Column("Objective", 10),
            Column("Owner / lead", 20, "wrap"),
            Column("Organisation", 20, "wrap"),
            Column("Due", 12, "date"),
            Column("Original due", 12, "date"),
            Column("Status", 12),
            Column("% complete", 9, "number"),
            Column("RAG", 6, "rag"),
            Column("Why", 40, "wrap"),
            Column(f"Since {self.snap.previous_period}", 20, "wrap"),
            Column(f"Commentary {self.snap.period}", 50, "wrap"),
            Column("Narrative", 60, "wrap"),
        ]
        rows: list[list[Any]] = []
        for objective in node.objectives:
            rows.append(self._objective_row(objective))
            rows += [self._action_row(action) for action in objective.actions]
        rows += [self._action_row(action) for action in node.other_actions]
        table(sheet, columns, rows)
        self.finish(sheet)

    def _objective_row(self, objective: ObjectiveNode) -> list[Any]:
        narrative = "\n".join(
            f"{label}: {objective.narrative[key].strip()}"
            for key, label in NARRATIVE_FIELDS.items()
            if objective.narrative.get(key, "").strip()
        )
        return [
            "Objective",
            objective.code,
            objective.title,
            objective.code,
            objective.lead,
            objective.organisation,
            objective.due,
            None,
            None,
            None,
            objective.rag.rag.letter,
            objective.rag.result.reason,
            direction_text(objective.rag),
            objective.update.commentary,
            narrative,
        ]

    @staticmethod
    def _action_row(action: ActionRow) -> list[Any]:
        revised = action.revised_due is not None and action.revised_due != action.due
        return [
            "Action",
            action.code,
            action.title,
            action.objective_code,
            action.owner,
            action.organisation,
            action.effective_due,
            action.due if revised else None,
            action.status.label,
            action.percent_complete,
            action.rag.rag.letter,
            action.rag.result.reason,
            direction_text(action.rag),
            action.update.commentary,
            None,
        ]

    def _indicators(self) -> None:
        items = [item for page in self.snap.priorities for item in page.indicators]
        labels = {p.period for item in items for p in item.chart.actuals}
        labels |= {p.period for item in items for p in item.chart.targets}
        periods = sorted(labels, key=lambda label: parse_period(label).sort_key)
        sheet = self.sheet("Indicators")
        title(sheet, f"Indicators: {self.snap.plan_title}", self.subtitle)
        columns = [
            Column("Code", 12),
            Column("Title", 40, "wrap"),
            Column("Priority", 9),
            Column("Objective", 10),
            Column("Unit", 10),
            Column("Polarity", 9),
            Column("Series", 8),
            Column("RAG", 6, "rag"),
            Column("Why", 40, "wrap"),
            Column(f"Since {self.snap.previous_period}", 20, "wrap"),
            Column("Baseline", 9, "number"),
            Column("Baseline period", 10),
            *(Column(label, 10, "number") for label in periods),
            Column(f"Story behind the curve, {self.snap.period}", 60, "wrap"),
        ]
        rows: list[list[Any]] = []
        for item in items:
            row, chart = item.row, item.chart
            values = {p.period: p.value for p in chart.actuals}
            targets = {p.period: p.value for p in chart.targets}
            common = [
                row.code,
                row.title,
                row.priority_code,
                row.objective_code,
                row.unit,
                row.polarity,
            ]
            rows.append(
                [
                    *common,
                    "Actual",
                    row.rag.rag.letter,
                    row.rag.result.reason,
                    direction_text(row.rag),
                    row.baseline_value,
                    row.baseline_period,
                    *(values.get(label) for label in periods),
                    row.update.commentary,
                ]
            )
            rows.append(
                [
                    *common,
                    "Target",
                    None,
                    None,
                    None,
                    None,
                    None,
                    *(targets.get(label) for label in periods),
                    None,
                ]
            )
        table(sheet, columns, rows)
        self.finish(sheet)
        sheet.freeze_panes = f"C{HEADER_ROW + 1}"  # codes and titles stay as periods scroll

    def _charts(self) -> None:
        sheet = self.sheet("Indicator charts")
        title(sheet, f"Indicator charts: {self.snap.plan_title}", self.subtitle)
        put(
            sheet,
            HEADER_ROW,
            1,
            "Each chart reads the block of cells beside it; change a value and the chart follows.",
        )
        for column, width in zip("ABCDEFGHIJ", (11, 5, 9, 9, 14, 9, 12, 12, 12, 9), strict=True):
            sheet.column_dimensions[column].width = width
        row = HEADER_ROW + 2
        for page in self.snap.priorities:
            for item in page.indicators:
                heading = (
                    f"{item.row.code} {item.row.title} · {item.row.rag.rag.letter} "
                    f"{item.row.rag.rag.label}"
                )
                row = write_block(sheet, item.chart, row, heading)
                self.step(f"Chart {item.row.code}")
        rag_formatting(sheet, f"{RAG_COLUMN}{HEADER_ROW + 1}:{RAG_COLUMN}{row}")
        self.finish(sheet)
        sheet.freeze_panes = None
        sheet.print_title_rows = None

    def _action_log(self) -> None:
        log = self.snap.action_log
        sheet = self.sheet("Action log")
        title(
            sheet,
            f"Action log as at {long_date(log.as_of)}: open, overdue, and closed {log.since_text}",
            self.subtitle,
        )
        columns = [
            Column("Section", 10),
            Column("Set at", 32, "wrap"),
            Column("Action", 60, "wrap"),
            Column("Owner", 24, "wrap"),
            Column("Due", 12, "date"),
            Column("Status", 10),
            Column("Days overdue", 9, "number"),
            Column("Closed on", 12, "date"),
        ]

        def row(section: str, item: LogItem) -> list[Any]:
            overdue = (log.as_of - item.due).days if section == "Overdue" and item.due else None
            return [
                section,
                item.meeting,
                item.text,
                item.owner,
                item.due,
                item.status.value.capitalize(),
                overdue,
                item.closed_on,
            ]

        rows = [row("Overdue", item) for item in log.overdue]
        rows += [row("Open", item) for item in log.open]
        rows += [row("Closed", item) for item in log.closed]
        table(sheet, columns, rows)
        self.finish(sheet)
        self.step("Action log")

    def _glossary(self) -> None:
        sheet = self.sheet("Glossary")
        title(sheet, f"Glossary: {self.snap.plan_title}", self.subtitle)
        rows = [[term, definition] for term, definition in self.snap.glossary]
        table(sheet, [Column("Term", 34, "wrap"), Column("Meaning", 100, "wrap")], rows)
        self.finish(sheet, wide=False)
        self.step("Glossary")
