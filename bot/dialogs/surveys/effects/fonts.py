"""Finding a font with Chinese glyphs for the charts, at run time.

The project's set-up installs Debian's `fonts-noto-cjk` (`.ci/run`; `make test` says so
when it is missing). The font is looked for at its known paths, then through fontconfig
(`fc-list :lang=zh-cn`), and accepted only when its character map really holds the
Chinese characters to be drawn. Without one, `cjk_font()` is None and the chart falls back
to Latin labels with a message (see chart.py); nothing draws boxes in place of glyphs.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)

PACKAGE = "fonts-noto-cjk"
KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
# Simplified-Chinese faces first: the same file also holds Japanese and Korean faces,
# whose shapes of some characters differ from what a Chinese reader expects.
PREFERRED = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK TC",
             "Noto Sans CJK JP")
PROBE = "满意度评价优秀良好一般较差"  # characters every Chinese chart draws


@dataclass(frozen=True)
class CjkFont:
    family: str  # the name matplotlib knows it by
    path: str
    index: int  # the face in a .ttc collection


def _fontconfig_files() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    try:
        done = subprocess.run(["fc-list", ":lang=zh-cn", "file"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(":")[0].strip() for line in done.stdout.splitlines()
                   if line.strip()})


def has_glyphs(font: CjkFont, text: str) -> bool:
    """True when the font's character map holds every non-space character of `text`."""
    from matplotlib.ft2font import FT2Font

    charmap = FT2Font(font.path, face_index=font.index).get_charmap()
    return all(ord(ch) in charmap for ch in text if not ch.isspace())


@functools.cache
def cjk_font() -> CjkFont | None:
    """The first preferred CJK face found (and checked), or None."""
    from matplotlib import font_manager

    files = [p for p in KNOWN_FILES if os.path.exists(p)] + _fontconfig_files()
    for path in dict.fromkeys(files):
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            log.debug("cannot load font %s", path)
    regular = [e for e in font_manager.fontManager.ttflist
               if e.fname in files and e.weight in (400, "normal", "regular")]
    for family in PREFERRED:
        for entry in regular:
            font = CjkFont(entry.name, entry.fname, entry.index)
            if entry.name == family and has_glyphs(font, PROBE):
                return font
    for entry in regular:
        font = CjkFont(entry.name, entry.fname, entry.index)
        if has_glyphs(font, PROBE):
            return font
    log.warning("no font with Chinese glyphs found; install the Debian package %s so "
                "survey charts can show Chinese item names", PACKAGE)
    return None
