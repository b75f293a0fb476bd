"""Returns out and back: made per owner, filled in as a lead would, imported, in the dump."""

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from cypp_desktop.files import safe_part
from cypp_desktop.models import Action, AuditEntry, ItemKind, Rag, ReturnImport, ReturnIssue
from cypp_desktop.returns import layout
from cypp_desktop.returns.diff import ALREADY, APPLIED, check_return
from cypp_desktop.returns.importer import apply_checked, check_files, import_files
from cypp_desktop.returns.make import make_returns
from cypp_desktop.returns.names import return_file_name
from cypp_desktop.store import Store
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.store.rag import evaluate
from cypp_desktop.views.worker import Cancelled

PERIOD = "2012/13 Q2"
JULIE = "Julie Webster"


def make_one(store: Store, folder: Path, owner: str = JULIE) -> Path:
    made = make_returns(store, PERIOD, folder, owners=[owner], who="Trust officer")
    return made[0].path


def row_of(sheet: Any, code: str, column: int = 2) -> int:
    for row in range(layout.FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, column).value == code:
            return int(row)
    raise AssertionError(f"{code} not in {sheet.title}")


def put(sheet: Any, spec: layout.Sheet, row: int, key: str, value: object) -> None:
    cell = sheet.cell(row, spec.index(key))
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # typed into a Text cell in Excel: text, not a formula


def action(dump: dict[str, Any], code: str) -> dict[str, Any]:
    return next(a for a in dump["actions"] if a["code"] == code)


def test_one_workbook_per_owner_with_only_their_rows(demo_store: Store, tmp_path: Path) -> None:
    made = make_returns(demo_store, PERIOD, tmp_path, who="Trust officer")
    names = {item.path.name for item in made}
    assert "Return 2012-13 Q2 - Julie Webster.xlsx" in names
    assert "Return 2012-13 Q2 - YOT Policy-Performance Manager.xlsx" in names
    assert not list(tmp_path.glob(".*.tmp"))
    julie = next(item for item in made if item.owner == JULIE)
    book = openpyxl.load_workbook(julie.path)
    assert book.sheetnames[0] == layout.INSTRUCTIONS_SHEET
    assert book[layout.DATA_SHEET].sheet_state == "veryHidden"
    codes = {book["Actions"].cell(r, 2).value for r in range(2, book["Actions"].max_row + 1)}
    dump = dump_plan(demo_store)
    assert codes == {a["code"] for a in dump["actions"] if a["owner"] == JULIE}
    log = book["Action log"]
    assert [log.cell(r, 5).value for r in range(2, log.max_row + 1)] == ["Open"]
    actions = book["Actions"]
    assert actions.protection.sheet and not actions.protection.password
    assert actions.cell(2, 1).protection.locked
    assert not actions.cell(2, layout.ACTIONS.index("status")).protection.locked
    assert actions.cell(2, 1).fill.fgColor.rgb.endswith("E4E4E4")
    validations = {
        str(dv.sqref).split(":")[0][0]: dv for dv in actions.data_validations.dataValidation
    }
    assert validations["H"].formula1 == '"Red,Amber,Green,Blue"'
    assert validations["F"].type == "list"
    assert validations["G"].type == "whole"
    assert validations["J"].type == "date"
    assert all(dv.prompt for dv in validations.values())
    for column in range(1, len(layout.ACTIONS.columns) + 1):  # every cell says what it is for
        where = f"{get_column_letter(column)}2"
        prompts = [dv.prompt for dv in actions.data_validations.dataValidation if where in dv.sqref]
        assert len(prompts) == 1 and prompts[0], where
    locked = next(dv for dv in actions.data_validations.dataValidation if "A2" in dv.sqref)
    assert locked.promptTitle == "From the plan (locked)"
    with demo_store.read() as session:
        issued = session.scalars(select(ReturnIssue.owner_name)).all()
    assert sorted(issued) == sorted(item.owner for item in made)


def test_a_return_filled_in_as_a_lead_would_lands_in_the_dump(
    demo_store: Store, tmp_path: Path
) -> None:
    path = make_one(demo_store, tmp_path)
    book = openpyxl.load_workbook(path)
    actions = book["Actions"]
    fnp = row_of(actions, "PEH-PA1")
    put(actions, layout.ACTIONS, fnp, "status", "complete")
    put(actions, layout.ACTIONS, fnp, "percent_complete", "100%")
    put(actions, layout.ACTIONS, fnp, "commentary", "=Viability report approved in October")
    put(actions, layout.ACTIONS, fnp, "revised_due", "31 March 2013")
    put(actions, layout.ACTIONS, fnp, "evidence", "Board minutes, 15 Oct 2012")
    mend = row_of(actions, "PEH-PA6")
    put(actions, layout.ACTIONS, mend, "percent_complete", 0.75)
    put(actions, layout.ACTIONS, mend, "commentary", "Uptake recovering after relaunch.")
    log = book["Action log"]
    put(log, layout.ACTION_LOG, 2, "log_status", "done")
    put(log, layout.ACTION_LOG, 2, "note", "Viability review booked for 5 December.")
    book.save(path)

    [report] = import_files(demo_store, [path], who="Trust officer")

    assert report.status == APPLIED, report.errors
    assert "Actions!F" in " ".join(report.warnings) and 'read "complete" as Complete' in " ".join(
        report.warnings
    )
    dump = dump_plan(demo_store)
    fnp_dump = action(dump, "PEH-PA1")
    assert (fnp_dump["status"], fnp_dump["percent_complete"]) == ("complete", 100)
    assert fnp_dump["commentary"] == "=Viability report approved in October"
    assert fnp_dump["revised_due"] == "2013-03-31"
    assert fnp_dump["evidence"] == "Board minutes, 15 Oct 2012"
    assert action(dump, "PEH-PA6")["percent_complete"] == 75
    entries = [e for m in dump["meetings"] for e in m["actions"] if e["owner"] == JULIE]
    confirm = [e for e in entries if e["text"].startswith("Confirm the date")]
    assert {e["status"] for e in confirm} == {"done"}
    assert [(n["period"], n["text"], n["author"]) for e in confirm for n in e["notes"]] == [
        (PERIOD, "Viability review booked for 5 December.", JULIE)
    ]
    with demo_store.read() as session:
        sources = set(session.scalars(select(AuditEntry.source)))
    assert sources == {f"return: {path.name} ({JULIE})"}


def test_commentary_beginning_with_equals_stays_text_in_the_next_return(
    demo_store: Store, tmp_path: Path
) -> None:
    with demo_store.read() as session:
        fnp = session.execute(select(Action).where(Action.code == "PEH-PA1")).scalar_one()
    for text in ("=1+1", "+44 1928 000000", "-5 families", "@mention", "\tindented"):
        apply_edits(
            demo_store,
            [Edit(ItemKind.ACTION, fnp.id, "commentary", text, period=PERIOD)],
            who="x",
            source="grid",
        )
        path = make_one(demo_store, tmp_path)
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            xml = "".join(archive.read(n).decode() for n in sheets)
        assert "<f>" not in xml and "<f " not in xml
        book = openpyxl.load_workbook(path)
        actions = book["Actions"]
        cell = actions.cell(row_of(actions, "PEH-PA1"), layout.ACTIONS.index("commentary"))
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        report = check_return(demo_store, path)
        assert report.status == "nothing to change", report.errors


def test_importing_the_same_return_twice_changes_nothing_more(
    demo_store: Store, tmp_path: Path
) -> None:
    path = make_one(demo_store, tmp_path)
    book = openpyxl.load_workbook(path)
    actions = book["Actions"]
    put(actions, layout.ACTIONS, row_of(actions, "PEH-PA6"), "commentary", "Second relaunch")
    book.save(path)
    assert import_files(demo_store, [path], who="x")[0].status == APPLIED
    after_first = dump_plan(demo_store)
    with demo_store.read() as session:
        audit = len(session.scalars(select(AuditEntry)).all())
    [again] = import_files(demo_store, [path], who="x")
    assert again.status == ALREADY
    assert "already imported" in again.notes[0]
    assert dump_plan(demo_store) == after_first
    with demo_store.read() as session:
        assert len(session.scalars(select(AuditEntry)).all()) == audit


def test_a_conflict_keeps_the_plan_value_unless_the_user_chooses_the_return(
    demo_store: Store, tmp_path: Path
) -> None:
    path = make_one(demo_store, tmp_path)
    with demo_store.read() as session:
        fnp = session.execute(select(Action).where(Action.code == "PEH-PA1")).scalar_one()
    apply_edits(
        demo_store,
        [Edit(ItemKind.ACTION, fnp.id, "percent_complete", 88)],
        who="Colleague",
        source="grid",
    )
    book = openpyxl.load_workbook(path)
    actions = book["Actions"]
    put(actions, layout.ACTIONS, row_of(actions, "PEH-PA1"), "percent_complete", 95)
    book.save(path)

    report = check_return(demo_store, path)
    [(_row, change)] = report.changes
    assert (change.key, change.conflict, change.accepted) == ("percent_complete", True, False)
    assert (change.old, change.new) == ("88%", "95%")
    apply_checked(demo_store, [report], who="x")
    assert action(dump_plan(demo_store), "PEH-PA1")["percent_complete"] == 88
    assert report.notes[-1].endswith("every change was left unticked; nothing applied.")
    assert check_return(demo_store, path).status != ALREADY  # not recorded: can come again

    later = tmp_path / "saved again.xlsx"
    put(actions, layout.ACTIONS, row_of(actions, "PEH-PA2"), "evidence", "TP strategy")
    book.save(later)  # the same return, saved again with more in it: a different file
    report = check_return(demo_store, later)
    change = next(c for _row, c in report.changes if c.key == "percent_complete")
    assert change.conflict
    change.accepted = True  # the user chose the return's value
    apply_checked(demo_store, [report], who="x")
    assert action(dump_plan(demo_store), "PEH-PA1")["percent_complete"] == 95


def test_a_lead_rag_becomes_an_override_with_their_commentary_as_reason(
    demo_store: Store, tmp_path: Path
) -> None:
    with demo_store.read() as session:
        tp = session.execute(select(Action).where(Action.code == "PEH-PA2")).scalar_one()
    apply_edits(
        demo_store,
        [Edit(ItemKind.ACTION, tp.id, "commentary", "", period=PERIOD)],
        who="x",
        source="grid",
    )
    path = make_one(demo_store, tmp_path)
    book = openpyxl.load_workbook(path)
    actions = book["Actions"]
    row = row_of(actions, "PEH-PA1")
    assert actions.cell(row, layout.ACTIONS.index("rag")).value == "Green"
    put(actions, layout.ACTIONS, row, "rag", "R")
    put(actions, layout.ACTIONS, row, "commentary", "Provider withdrew in September.")
    other = row_of(actions, "PEH-PA2")
    put(actions, layout.ACTIONS, other, "rag", "amber")
    book.save(path)
    [report] = import_files(demo_store, [path], who="x")
    assert report.status == APPLIED
    assert [w for w in report.warnings if "gives no reason" in w] == [
        f"Actions!H{other}: Amber differs from the Green the plan's rules give, and the "
        "Commentary gives no reason; it is recorded as set by the lead with no reason given."
    ]
    with demo_store.read() as session:
        fnp = session.execute(select(Action).where(Action.code == "PEH-PA1")).scalar_one()
        result = evaluate(session, PERIOD).get(ItemKind.ACTION, fnp.id).result
    assert (result.rag, result.overridden) == (Rag.RED, True)
    assert "Provider withdrew in September." in result.reason
    with demo_store.read() as session:
        result = evaluate(session, PERIOD).get(ItemKind.ACTION, tp.id).result
    assert (result.rag, result.overridden) == (Rag.AMBER, True)
    assert "no reason given" in result.reason


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("Julie Webster", "Return 2012-13 Q2 - Julie Webster.xlsx"),
        (
            "YOT Policy/Performance Manager",
            "Return 2012-13 Q2 - YOT Policy-Performance Manager.xlsx",
        ),
        ("../../etc/passwd", "Return 2012-13 Q2 - -.-etc-passwd.xlsx"),
        ("CON", "Return 2012-13 Q2 - _CON.xlsx"),
        ('A: "B" <C>|D?*', "Return 2012-13 Q2 - A- -B- -C--D--.xlsx"),
        ("  dots...  ", "Return 2012-13 Q2 - dots.xlsx"),
    ],
)
def test_file_names_are_sanitised(owner: str, expected: str) -> None:
    name = return_file_name(PERIOD, owner)
    assert name == expected
    assert "/" not in name and "\\" not in name and ".." not in name
    assert safe_part("") == "unnamed"


def test_make_refuses_a_missing_folder_and_an_unknown_owner(
    demo_store: Store, tmp_path: Path
) -> None:
    from cypp_desktop.returns.make import ReturnsError

    with pytest.raises(ReturnsError, match="is not a folder"):
        make_returns(demo_store, PERIOD, tmp_path / "nope", who="x")
    with pytest.raises(ReturnsError, match="No return can be made for Nobody"):
        make_returns(demo_store, PERIOD, tmp_path, owners=["Nobody"], who="x")
    with demo_store.read() as session:
        assert session.scalars(select(ReturnIssue)).all() == []


def _filled(store: Store, folder: Path, owner: str, sheet: str, commentary: str) -> Path:
    path = make_one(store, folder, owner)
    book = openpyxl.load_workbook(path)
    spec = layout.ACTIONS if sheet == "Actions" else layout.INDICATORS
    put(book[sheet], spec, layout.FIRST_ROW, "commentary", commentary)
    book.save(path)
    return path


def test_a_conflicting_file_is_rejected_whole_and_the_others_still_go_in(
    demo_store: Store, tmp_path: Path
) -> None:
    julie = _filled(demo_store, tmp_path, JULIE, "Actions", "From Julie's return")
    other = _filled(demo_store, tmp_path, "Paul Boyce", "Actions", "From Paul's return")
    reports = check_files(demo_store, [julie, other])
    paul_first = next(row for row in reports[1].rows if row.changes)
    apply_edits(  # someone changes Paul's row after the preview was made
        demo_store,
        [Edit(ItemKind.ACTION, paul_first.id, "evidence", "Typed meanwhile")],
        who="Colleague",
        source="grid",
    )
    apply_checked(demo_store, reports, who="Trust officer")
    assert [report.status for report in reports] == [APPLIED, "rejected"]
    assert "changed by someone else" in reports[1].errors[-1]
    commentary = {a["commentary"] for a in dump_plan(demo_store)["actions"]}
    assert "From Julie's return" in commentary
    assert "From Paul's return" not in commentary
    with demo_store.read() as session:
        imported = session.scalars(select(ReturnImport.file_name)).all()
    assert imported == [julie.name]


def test_an_import_stopped_part_way_leaves_the_plan_as_it_was(
    demo_store: Store, tmp_path: Path
) -> None:
    files = [
        _filled(demo_store, tmp_path, JULIE, "Actions", "From Julie's return"),
        _filled(demo_store, tmp_path, "Paul Boyce", "Actions", "From Paul's return"),
    ]
    before = dump_plan(demo_store)
    reports = check_files(demo_store, files)

    def cancel_at_the_second_file(done: int, _total: int, _message: str) -> None:
        if done == 1:
            raise Cancelled("Cancelled; nothing was written.")  # the progress dialog's Cancel

    with pytest.raises(Cancelled):
        apply_checked(demo_store, reports, who="x", progress=cancel_at_the_second_file)
    assert dump_plan(demo_store) == before
    assert {report.status for report in reports} == {"ready"}
