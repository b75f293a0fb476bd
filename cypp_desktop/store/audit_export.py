"""The Audit page's Export to Excel: the rows shown, every value as text, never a formula.

Apart from store/audit_log.py so that the window, which reads the trail on start, does not
load openpyxl (0.15 s of start-up here) until someone exports.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from cypp_desktop.files import replacing
from cypp_desktop.spreadsheet import put_text
from cypp_desktop.store.audit_log import AuditRow

HEADERS = ("When", "Who", "Item", "Field", "Old value", "New value", "Source")
WIDTHS = (18, 20, 22, 24, 40, 40, 36)


def export_audit(rows: list[AuditRow], path: Path) -> Path:
    """The rows as an Excel sheet; every value goes in as text, never as a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Audit trail"
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        put_text(sheet.cell(1, column), header)
        sheet.cell(1, column).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    for number, row in enumerate(rows, start=2):
        sheet.cell(number, 1).value = row.at
        sheet.cell(number, 1).number_format = "d mmm yyyy hh:mm"
        for column, text in enumerate(
            (row.who, row.item, row.field, row.old_value, row.new_value, row.source), start=2
        ):
            put_text(sheet.cell(number, column), text)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(len(rows) + 1, 2)}"
    with replacing(path) as temporary:
        book.save(temporary)
    return path
