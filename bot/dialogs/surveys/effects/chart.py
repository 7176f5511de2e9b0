"""A bar chart of a trainee survey's results as a PNG, drawn with matplotlib.

One horizontal bar per rated item (each course and its instructor, then the fixed items
of annex 2), named in the reader's language, split into the shares of excellent / good /
fair / poor, with the satisfaction rate at its end; the title and the legend are in the
reader's language too. Text is set in a CJK font found at run time (fonts.py), so Chinese
item names come out as glyphs, and an officer can paste the image into a report. Without
such a font the chart is drawn with English labels and numbered courses, and `Chart.note`
says why (the caption carries it and the course names).

Bars are drawn without anti-aliasing, in the exact colours of COLORS, and `Chart.bars`
gives the pixel box of each full bar, so tests can measure the shares.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.dialogs.engine.types import N_
from bot.dialogs.surveys.effects.fonts import PACKAGE, CjkFont, cjk_font
from bot.dialogs.surveys.effects.stats import LEVELS, ItemRow
from bot.dialogs.surveys.forms import RATING_NAMES
from bot.i18n import Translator

DPI = 100
WIDTH_INCHES = 10.0
EMPTY = (225, 225, 225)
INK = (40, 40, 40)
COLORS = {"excellent": (26, 120, 60), "good": (120, 190, 110), "fair": (240, 190, 60),
          "poor": (205, 50, 40)}
BAR = 0.62  # bar height, in rows
NO_FONT = N_("No Chinese font is installed on the server (the Debian package {package}), "
             "so this chart uses English labels and numbers the courses.")
COURSE_N = "Course {n}"  # label of a course in the chart without a CJK font


@dataclass(frozen=True)
class Chart:
    png: bytes
    width: int
    height: int
    bars: list[tuple[int, int, int, int]] = field(default_factory=list)  # x0, y0, x1, y1
    font: str | None = None  # the CJK family used
    note: str | None = None  # why the chart is not in the reader's language


def _rgb(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(c / 255 for c in colour)  # type: ignore[return-value]


def _wrap(text: str, zh: bool) -> str:
    return "\n".join(textwrap.wrap(text, 14 if zh else 30, break_long_words=True)[:3])


def _has_cjk(text: str) -> bool:
    return any(ord(ch) > 0x2E7F for ch in text)


def _names(rows: Sequence[ItemRow], t: Translator, cjk: bool) -> list[str]:
    if cjk:
        return [row.name(t) for row in rows]
    names, n = [], 0
    for row in rows:
        if row.label:
            names.append(row.name(t))
        else:
            n += 1
            names.append(COURSE_N.format(n=n))
    return names


AUTO = object()  # find the font at run time (fonts.cjk_font)


def draw_chart(rows: Sequence[ItemRow], title: str, t: Translator,
               font: CjkFont | None | object = AUTO) -> Chart:
    """The chart of these rows; `title` and the labels in `t`'s language (English, with
    a note, when no CJK font is installed and something to draw needs one). `font=None`
    draws as on a server without a CJK font."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if font is AUTO:
        font = cjk_font()
    assert font is None or isinstance(font, CjkFont)
    note = None
    if font is None:
        text = title + "".join(row.name(t) for row in rows)
        if t.is_zh or _has_cjk(text):
            from bot.i18n import get_translator

            note = t._(NO_FONT, package=PACKAGE)
            t = get_translator("en")
            if _has_cjk(title):
                title = "Satisfaction per item"
    families = [font.family, "DejaVu Sans"] if font else ["DejaVu Sans"]
    names = [_wrap(n, t.is_zh) for n in _names(rows, t, font is not None)]
    height_inches = 1.6 + 0.5 * max(1, len(rows))
    fig = Figure(figsize=(WIDTH_INCHES, height_inches), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    top = 1 - 1.05 / height_inches
    fig.subplots_adjust(left=0.3, right=0.9, top=top, bottom=0.35 / height_inches)
    ax = fig.add_subplot()
    ys = list(range(len(rows)))
    ax.barh(ys, [1.0] * len(rows), height=BAR, color=_rgb(EMPTY), antialiased=False,
            linewidth=0)
    for level in LEVELS:
        lefts, widths = [], []
        for row in rows:
            done = sum(row.counts[lv] for lv in LEVELS[:LEVELS.index(level)])
            total = row.answers or 1
            lefts.append(done / total)
            widths.append(row.counts[level] / total if row.answers else 0)
        ax.barh(ys, widths, left=lefts, height=BAR, color=_rgb(COLORS[level]),
                antialiased=False, linewidth=0, label=t._(RATING_NAMES[level]))
    for y, row in zip(ys, rows, strict=True):
        rate = "—" if row.rate is None else t.percent(row.rate)
        ax.text(1.015, y, rate, va="center", ha="left", fontsize=11, family=families,
                color=_rgb(INK), clip_on=False)
    ax.set_xlim(0, 1)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the first item on top
    ax.set_yticks(ys, names, family=families, fontsize=11, color=_rgb(INK))
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"],
                  family=families, fontsize=9)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, frameon=False,
              prop={"family": families, "size": 11}, handlelength=1.2)
    fig.suptitle(title, x=0.02, ha="left", y=1 - 0.12 / height_inches, va="top",
                 family=families, fontsize=13, fontweight="bold", color=_rgb(INK))
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    bars = []
    for y in ys:
        (x0, yb), (x1, yt) = ax.transData.transform([(0, y + BAR / 2), (1, y - BAR / 2)])
        bars.append((round(x0), round(height - yt), round(x1), round(height - yb)))
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return Chart(out.getvalue(), width, height, bars, font.family if font else None, note)
