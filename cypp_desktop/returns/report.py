"""What an import says: one line per error, warning or change, and the same as JSON."""

from __future__ import annotations

from typing import Any

from cypp_desktop.returns.diff import APPLIED, CHECKED, REJECTED, FileReport


def summary(report: FileReport) -> str:
    changes = len(report.changes)
    if report.status == REJECTED:
        return f"{report.name}: rejected, nothing imported ({len(report.errors)} errors)"
    if report.status == APPLIED:
        kept = changes - report.applied
        tail = (
            f"; {kept} not applied (unticked, or conflicts: the plan's value kept)" if kept else ""
        )
        return f"{report.name}: {report.applied} changes applied{tail}"
    if report.status == CHECKED:
        return f"{report.name}: checked, {changes} changes, {report.conflicts} conflicts"
    return f"{report.name}: {report.status}"


def lines(report: FileReport) -> list[tuple[str, str]]:
    """(stream, line) pairs: errors go to stderr, everything else to stdout."""
    out: list[tuple[str, str]] = [("err", error) for error in report.errors]
    out += [("out", f"{report.name}: note: {note}") for note in _bare(report, report.notes)]
    out += [("out", f"{report.name}: warning: {warning}") for warning in report.warnings]
    out += [("out", f"{report.name}: ignored: {item}") for item in report.ignored]
    out += [("out", f"{report.name}: added row: {item}") for item in report.added]
    out += [("out", f"{report.name}: missing: {item}") for item in report.missing]
    for row, change in report.changes if report.status != REJECTED else []:
        mark = "conflict (plan's value kept)" if change.conflict and not change.accepted else ""
        mark = mark or ("applied" if report.status == APPLIED and change.accepted else "")
        line = (
            f"{report.name}: {change.cell} {row.code} {change.label}: {change.old} -> {change.new}"
        )
        out.append(("out", f"{line} [{mark}]" if mark else line))
    out.append(("out", summary(report)))
    return out


def _bare(report: FileReport, notes: list[str]) -> list[str]:
    prefix = f"{report.name}: "
    return [note.removeprefix(prefix) for note in notes]


def as_json(report: FileReport) -> dict[str, Any]:
    return {
        "file": str(report.path),
        "status": report.status,
        "owner": report.owner,
        "period": report.period,
        "return_uid": report.return_uid,
        "errors": report.errors,
        "warnings": report.warnings,
        "notes": report.notes,
        "ignored": report.ignored,
        "added_rows": report.added,
        "missing": report.missing,
        "changes": [
            {
                "cell": change.cell,
                "kind": row.row.value,
                "id": row.id,
                "code": row.code,
                "field": change.key,
                "old": change.old,
                "new": change.new,
                "conflict": change.conflict,
                "applied": report.status == APPLIED and change.accepted,
            }
            for row, change in report.changes
        ],
        "applied": report.applied,
    }
