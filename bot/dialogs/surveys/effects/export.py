"""Exports of a trainee survey (annex 2): an XLSX laid out like the annex, and a CSV.

XLSX sheet 1 follows the annex: header lines (training unit, major category, period),
then rows grouped by section (instructors per course and overall, teaching, service and
management, satisfaction) with the count of each level, the number of answers and the
satisfaction rate; suggestions at the end. Sheet 2 lists the anonymous responses. All
labels in the officer's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from bot.dialogs.engine.types import N_
from bot.dialogs.surveys.effects.stats import LEVELS, ItemRow, suggestions
from bot.dialogs.surveys.forms import FIXED_ITEMS, RATINGS, SECTIONS, course_name
from bot.i18n import Translator

CELL_LABEL = {"teacher_overall": N_("Overall"), "teaching_overall": N_("Overall"),
              "service_overall": N_("Overall"), "satisfaction": ""}
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
FIRST_ROW = 9  # the first item row of sheet 1
LAST_COL = 9  # A..I


def cell_label(row: ItemRow, t: Translator) -> str:
    if row.key in CELL_LABEL:
        return t._(CELL_LABEL[row.key]) if CELL_LABEL[row.key] else ""
    return row.name(t)


def _box(ws: Worksheet, top: int, bottom: int) -> None:
    for r in ws.iter_rows(min_row=top, max_row=bottom, min_col=1, max_col=LAST_COL):
        for cell in r:
            cell.border = BOX
            cell.alignment = CENTER


def _header(ws: Worksheet, camp: dict[str, Any], count: int, period: str, t: Translator
            ) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=LAST_COL)
    ws["A1"] = t._("Trainee satisfaction survey (summary)")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = CENTER
    lines = [(t._("Training unit"), camp.get("unit", "")),
             (t._("Major category"), camp.get("category", "")),
             (t._("Period"), period), (t._("Responses"), count)]
    for n, (label, value) in enumerate(lines, start=2):
        ws.cell(n, 1, label).font = Font(bold=True)
        ws.merge_cells(start_row=n, start_column=2, end_row=n, end_column=LAST_COL)
        ws.cell(n, 2, value)
    ws.merge_cells("A7:A8")
    ws["A7"] = t._("Item")
    ws.merge_cells("B7:C7")
    ws["B7"] = t._("What is rated")
    ws.merge_cells("D7:G7")
    ws["D7"] = t._("Ratings")
    ws.merge_cells("H7:H8")
    ws["H7"] = t._("Answers")
    ws.merge_cells("I7:I8")
    ws["I7"] = t._("Satisfaction rate")
    ws["B8"], ws["C8"] = t._("Course"), t._("Instructor")
    for col, (_, label) in enumerate(RATINGS, start=4):
        ws.cell(8, col, t._(label))
    for cell in ("A7", "B7", "D7", "H7", "I7"):
        ws[cell].font = Font(bold=True)


def _item_row(ws: Worksheet, r: int, row: ItemRow, t: Translator) -> None:
    if row.label:
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        ws.cell(r, 2, cell_label(row, t))
    else:
        ws.cell(r, 2, row.course)
        ws.cell(r, 3, row.teacher)
    for col, level in enumerate(LEVELS, start=4):
        ws.cell(r, col, row.counts[level])
    ws.cell(r, 8, row.answers)
    rate = ws.cell(r, 9, row.rate)
    rate.number_format = "0.0%"


def _items(ws: Worksheet, rows: Sequence[ItemRow], t: Translator) -> int:
    r = FIRST_ROW
    for section, label in SECTIONS.items():
        part = [row for row in rows if row.section == section]
        if not part:
            continue
        ws.merge_cells(start_row=r, start_column=1, end_row=r + len(part) - 1, end_column=1)
        ws.cell(r, 1, t._(label))
        for offset, row in enumerate(part):
            _item_row(ws, r + offset, row, t)
        r += len(part)
    return r


def _suggestions(ws: Worksheet, r: int, texts: list[str], t: Translator) -> None:
    ws.cell(r, 1, t._("Suggestions"))
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=LAST_COL)
    ws.cell(r, 2, "\n".join(f"{n}. {s}" for n, s in enumerate(texts, start=1)) or "—")
    ws.row_dimensions[r].height = max(30, 15 * len(texts))


def _responses_sheet(ws: Worksheet, camp: dict[str, Any], answers: Sequence[dict[str, Any]],
                     t: Translator) -> None:
    names = dict(RATINGS)
    courses = camp.get("courses") or []
    head = [t._("No.")]
    head += [course_name(c, t) for c in courses]
    head += [t._(item.label) for item in FIXED_ITEMS]
    head.append(t._("Suggestions"))
    ws.append(head)
    for n, a in enumerate(answers, start=1):
        values = list(a.get("courses") or []) + [(a.get("items") or {}).get(i.key)
                                                  for i in FIXED_ITEMS]
        ws.append([n] + [t._(names[v]) if v in names else "" for v in values]
                  + [a.get("suggestions") or ""])


def trainee_xlsx(camp: dict[str, Any], rows: Sequence[ItemRow],
                 answers: Sequence[dict[str, Any]], period: str, t: Translator) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = t._("Survey")[:31]
    _header(ws, camp, len(answers), period, t)
    end = _items(ws, rows, t)
    _suggestions(ws, end, suggestions(answers), t)
    _box(ws, 7, end)
    for col, width in zip("ABCDEFGHI", (16, 22, 14, 8, 8, 8, 8, 9, 12), strict=True):
        ws.column_dimensions[col].width = width
    _responses_sheet(book.create_sheet(t._("Responses")[:31]), camp, answers, t)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def trainee_csv(rows: Sequence[ItemRow], t: Translator) -> bytes:
    """One line per rated item; UTF-8 with a byte-order mark so Excel reads Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t._("Section"), t._("What is rated"), t._("Course"),
                     t._("Instructor"), *(t._(label) for _, label in RATINGS),
                     t._("Answers"), t._("Satisfaction rate (%)")])
    for row in rows:
        rate = "" if row.rate is None else f"{row.rate * 100:.1f}"
        writer.writerow([t._(SECTIONS[row.section]), row.name(t), row.course, row.teacher,
                         *(row.counts[level] for level in LEVELS), row.answers, rate])
    return out.getvalue().encode("utf-8-sig")
