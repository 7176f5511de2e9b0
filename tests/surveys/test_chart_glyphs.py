"""The chart's Chinese is drawn with real glyphs, not missing-glyph boxes ("tofu").

The CJK font comes from the project's set-up (Debian's fonts-noto-cjk, installed by
.ci/run); CI fails without it, elsewhere these tests are skipped with the reason.
Checks: the font's character map holds every character the chart draws; each character
rendered with it differs from the font's own missing-glyph box (and the same method does
see tofu where a font lacks Chinese); two charts differing only in a Chinese course name
differ exactly where the names are drawn; a chart without a CJK font says why.
"""

from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image, ImageChops

from bot.dialogs.surveys.effects import chart
from bot.dialogs.surveys.effects.fonts import CjkFont, cjk_font, has_glyphs
from bot.dialogs.surveys.effects.stats import trainee_rows
from bot.dialogs.surveys.forms import FIXED_ITEMS, RATINGS, SECTIONS
from bot.i18n import get_translator

ZH, EN = get_translator("zh_CN"), get_translator("en")
COURSES = [{"course": "数控编程", "teacher": "王工"}, {"course": "焊接", "teacher": "赵工"}]
ANSWERS = [{"courses": ["excellent", "good"], "items": {i.key: "good" for i in FIXED_ITEMS},
            "suggestions": ""}] * 3
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
NOT_A_CHARACTER = "\U0010fffd"  # a private-use code point no font draws: the box


@pytest.fixture(scope="module")
def font() -> CjkFont:
    found = cjk_font()
    if found is None:
        message = "no CJK font: install the Debian package fonts-noto-cjk (see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _bitmap(path: str, index: int, text: str) -> np.ndarray:
    from matplotlib.ft2font import FT2Font

    face = FT2Font(path, face_index=index)
    face.set_size(48, 72)
    face.set_text(text)
    face.draw_glyphs_to_bitmap()
    return np.asarray(face.get_image())


def _chart_texts() -> str:
    names = [ZH._(i.label) for i in FIXED_ITEMS] + [ZH._(label) for _, label in RATINGS]
    names += [ZH._(label) for label in SECTIONS.values()]
    names += [row.name(ZH) for row in trainee_rows(COURSES, [])]
    return "".join(names)


def test_the_font_maps_every_chinese_character_the_chart_draws(font: CjkFont) -> None:
    assert "CJK" in font.family or "Hei" in font.family or "Han" in font.family
    assert has_glyphs(font, _chart_texts())


def test_each_chinese_character_is_a_glyph_not_the_missing_glyph_box(font: CjkFont) -> None:
    tofu = _bitmap(font.path, font.index, NOT_A_CHARACTER)  # a box, or blank in Noto
    for ch in sorted(set(_chart_texts()) - set("（）")):
        glyph = _bitmap(font.path, font.index, ch)
        assert glyph.any(), ch  # ink ...
        assert glyph.shape != tofu.shape or not np.array_equal(glyph, tofu), ch  # ... no box


def test_the_same_method_sees_tofu_in_a_font_without_chinese() -> None:
    from matplotlib import font_manager

    latin = font_manager.findfont("DejaVu Sans")
    assert not has_glyphs(CjkFont("DejaVu Sans", latin, 0), "满意")
    assert np.array_equal(_bitmap(latin, 0, "满"), _bitmap(latin, 0, NOT_A_CHARACTER))


def _png(courses: list[dict[str, str]], t=ZH) -> chart.Chart:
    rows = trainee_rows(courses, ANSWERS)
    return chart.draw_chart(rows, t._("{name}: satisfaction per item ({n} responses)",
                                      name="江苏省技师学院", n=3), t)


def test_two_different_chinese_names_draw_different_pixels_where_the_names_are(
        font: CjkFont) -> None:
    first = _png(COURSES)
    again = _png([dict(c) for c in COURSES])
    other = _png([{"course": "精密测量", "teacher": "李老师"}, COURSES[1]])
    assert first.font == font.family and first.note is None
    images = [Image.open(io.BytesIO(c.png)).convert("RGB") for c in (first, again, other)]
    assert ImageChops.difference(images[0], images[1]).getbbox() is None  # deterministic
    box = ImageChops.difference(images[0], images[2]).getbbox()
    assert box is not None
    x0, y0, _, y1 = first.bars[0]
    left, top, right, bottom = box
    assert right <= x0 and top >= y0 - 20 and bottom <= y1 + 20  # only the first name


def test_english_charts_name_the_items_in_english(font: CjkFont) -> None:
    en = _png(COURSES, EN)
    zh = _png(COURSES, ZH)
    assert en.note is None and en.png != zh.png


def test_without_a_cjk_font_the_chart_says_so_and_uses_english() -> None:
    rows = trainee_rows(COURSES, ANSWERS)
    drawn = chart.draw_chart(rows, "江苏省技师学院", ZH, font=None)
    assert drawn.font is None and "fonts-noto-cjk" in drawn.note and "中文字体" in drawn.note
    assert Image.open(io.BytesIO(drawn.png)).format == "PNG"
