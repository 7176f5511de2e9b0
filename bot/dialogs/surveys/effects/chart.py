"""A bar chart of a trainee survey's results as a PNG, drawn with Pillow.

One horizontal bar per rated item, split into the shares of excellent / good / fair /
poor, with the satisfaction rate at its end. Pillow's built-in font has no Chinese
glyphs and no CJK font can be assumed on the server, so the image carries only the items'
short codes (C1, T, E1 ...), English level names and numbers; the caption of the photo
names the items in the reader's language.

The geometry is public (bar_span, LEFT, BAR_WIDTH) so tests can measure the bars.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from bot.dialogs.surveys.effects.stats import LEVELS, ItemRow

WIDTH = 760
LEFT = 70  # where every bar starts
BAR_WIDTH = 560  # a full bar is 100 %
TOP = 78  # top of the first bar
ROW = 30
BAR_HEIGHT = 20
BOTTOM = 30
BACKGROUND = (255, 255, 255)
EMPTY = (225, 225, 225)
INK = (40, 40, 40)
COLORS = {"excellent": (26, 120, 60), "good": (120, 190, 110), "fair": (240, 190, 60),
          "poor": (205, 50, 40)}
LEVEL_WORDS = {"excellent": "Excellent", "good": "Good", "fair": "Fair", "poor": "Poor"}


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def bar_span(index: int) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the full bar of row `index`."""
    y0 = TOP + index * ROW
    return LEFT, y0, LEFT + BAR_WIDTH, y0 + BAR_HEIGHT


def segments(row: ItemRow) -> list[tuple[str, int, int]]:
    """(level, x0, x1) of each coloured part; cumulative rounding leaves no gaps."""
    total = row.answers
    if not total:
        return []
    parts, done = [], 0
    for level in LEVELS:
        start = LEFT + round(done * BAR_WIDTH / total)
        done += row.counts[level]
        end = LEFT + round(done * BAR_WIDTH / total)
        if end > start:
            parts.append((level, start, end))
    return parts


def _legend(draw: ImageDraw.ImageDraw, font: ImageFont.ImageFont | ImageFont.FreeTypeFont
            ) -> None:
    x = LEFT
    for level in LEVELS:
        draw.rectangle((x, 44, x + 14, 58), fill=COLORS[level])
        draw.text((x + 20, 44), LEVEL_WORDS[level], fill=INK, font=font)
        x += 120


def draw_chart(rows: Sequence[ItemRow], title: str) -> bytes:
    """The PNG bytes; `title` must be plain ASCII (the font has no Chinese glyphs)."""
    height = TOP + len(rows) * ROW + BOTTOM
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font, small = _font(15), _font(13)
    draw.text((LEFT, 12), title, fill=INK, font=font)
    _legend(draw, small)
    for i, row in enumerate(rows):
        x0, y0, x1, y1 = bar_span(i)
        draw.text((10, y0 + 3), row.code, fill=INK, font=font)
        draw.rectangle((x0, y0, x1 - 1, y1), fill=EMPTY)
        for level, start, end in segments(row):
            draw.rectangle((start, y0, end - 1, y1), fill=COLORS[level])
        rate = row.rate
        label = "n/a" if rate is None else f"{rate:.0%}"
        draw.text((x1 + 8, y0 + 3), label, fill=INK, font=small)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
