"""Exports of the employer survey (annex 3) and of an acceptance score sheet (annex 4).

Employer survey: one line per responding employer (unit, the three occupations with
their counts, the four free-text answers) and a sheet of occupations summed over
employers; the CSV holds the first sheet. Score sheet: laid out like annex 4 (unit,
trainees, the 20 items by section with points and score, section subtotals, total,
signature lines).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from bot.dialogs.engine.types import N_
from bot.dialogs.surveys.effects.stats import occupation_totals
from bot.dialogs.surveys.forms import (
    COUNT_FIELDS,
    EMPLOYER_TEXTS,
    ITEM_POINTS,
    OCCUPATIONS,
    SCORE_ITEMS,
    SCORE_SECTIONS,
    score_subtotals,
    score_total,
)
from bot.i18n import Translator

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(vertical="center", wrap_text=True)
SCORE_FIRST_ROW = 5  # the row of item 1 in the score sheet
# The third column of annex 4, headed as in the annex (评价内涵与标准).
STANDARD = N_("What is assessed, and the standard")


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def employer_head(t: Translator) -> list[str]:
    head = [t._("No."), t._("Employer")]
    for n in range(1, OCCUPATIONS + 1):
        head.append(t._("Occupation {n}", n=n))
        head += [t._(label) for _, label in COUNT_FIELDS]
    head += [t._(label) for _, label in EMPLOYER_TEXTS]
    return head


def employer_lines(answers: Sequence[dict[str, Any]]) -> list[list[Any]]:
    lines = []
    for n, a in enumerate(answers, start=1):
        line: list[Any] = [n, a.get("company", "")]
        occupations = list(a.get("occupations") or [])
        for i in range(OCCUPATIONS):
            occ = occupations[i] if i < len(occupations) else {}
            line.append(occ.get("name", ""))
            line += [occ.get(key, "") for key, _ in COUNT_FIELDS]
        line += [a.get(key, "") for key, _ in EMPLOYER_TEXTS]
        lines.append(line)
    return lines


def employer_xlsx(title: str, answers: Sequence[dict[str, Any]], t: Translator) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = t._("Employers")[:31]
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(employer_head(t))
    for line in employer_lines(answers):
        ws.append(line)
    occ = book.create_sheet(t._("Occupations")[:31])
    occ.append([t._("Occupation"), t._("Employers"), *(t._(label) for _, label in COUNT_FIELDS)])
    for total in occupation_totals(answers):
        occ.append([total.name, total.employers, *(total.counts[k] for k, _ in COUNT_FIELDS)])
    return _save(book)


def employer_csv(answers: Sequence[dict[str, Any]], t: Translator) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(employer_head(t))
    writer.writerows(employer_lines(answers))
    return out.getvalue().encode("utf-8-sig")


# --- annex 4 ------------------------------------------------------------------------------


def _score_header(ws: Any, sheet: dict[str, Any], t: Translator) -> None:
    ws.merge_cells("A1:F1")
    ws["A1"] = t._("Acceptance score sheet of the training unit")
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A2:F2")
    ws["A2"] = t._("(academic year {year})", year=sheet["year"])
    ws["A3"], ws["D3"] = t._("Training unit"), t._("Trainees")
    ws.merge_cells("B3:C3")
    ws["B3"], ws["E3"] = sheet["unit"], sheet["trainees"]
    for col, text in enumerate((t._("Section"), t._("No."), t._(STANDARD), t._("Points"),
                                t._("Score"), t._("Subtotal")), start=1):
        ws.cell(4, col, text).font = Font(bold=True)


def _score_items(ws: Any, scores: list[float], t: Translator) -> int:
    r = SCORE_FIRST_ROW
    subtotals = score_subtotals(scores)
    for key, label, maximum in SCORE_SECTIONS:
        items = [(n, item) for n, (sec, item) in enumerate(SCORE_ITEMS, start=1) if sec == key]
        last = r + len(items) - 1
        ws.merge_cells(start_row=r, start_column=1, end_row=last, end_column=1)
        ws.cell(r, 1, t._("{section} ({points} points)", section=t._(label), points=maximum))
        ws.merge_cells(start_row=r, start_column=6, end_row=last, end_column=6)
        ws.cell(r, 6, subtotals[key])
        for offset, (n, item) in enumerate(items):
            ws.cell(r + offset, 2, n)
            ws.cell(r + offset, 3, t._(item))
            ws.cell(r + offset, 4, ITEM_POINTS)
            ws.cell(r + offset, 5, scores[n - 1] if n - 1 < len(scores) else None)
        r = last + 1
    return r


def score_xlsx(sheet: dict[str, Any], day: dt.date, t: Translator) -> bytes:
    """sheet: {"unit", "trainees", "year", "scores": [20 numbers]}."""
    book = Workbook()
    ws = book.active
    ws.title = t._("Score sheet")[:31]
    _score_header(ws, sheet, t)
    scores = [float(s) for s in sheet["scores"]]
    r = _score_items(ws, scores, t)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.cell(r, 1, t._("Total")).font = Font(bold=True)
    ws.cell(r, 4, len(SCORE_ITEMS) * ITEM_POINTS)
    ws.cell(r, 5, score_total(scores)).font = Font(bold=True)
    for row in ws.iter_rows(min_row=4, max_row=r, min_col=1, max_col=6):
        for cell in row:
            cell.border, cell.alignment = BOX, WRAP
    signatures = (t._("Provincial assessor (signature):"), t._("City assessor (signature):"),
                  t._("Head of the training unit (signature):"),
                  t._("Date: {date}", date=t.date(day)))
    for n, text in enumerate(signatures, start=r + 2):
        ws.cell(n, 1, text)
    for col, width in zip("ABCDEF", (18, 6, 52, 8, 8, 10), strict=True):
        ws.column_dimensions[col].width = width
    return _save(book)
