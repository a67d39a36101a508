"""Find TrueType/OpenType fonts on this machine for PDF text and chart labels.

Review text may be in any script; Chinese needs a CJK font. We look in the usual system font
folders (Debian's fonts-noto-cjk, fonts-wqy-*, fonts-droid-fallback, DejaVu for Latin) and ask
``fc-list`` when it exists. When no CJK font is found the report still renders: characters the
fonts lack are replaced and the report says so.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LATIN_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
LATIN_BOLD_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)
CJK_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


@dataclass(frozen=True)
class FontSet:
    """Paths of the fonts a report uses; ``None`` where none was found."""

    latin: Path | None
    latin_bold: Path | None
    cjk: Path | None

    @property
    def has_cjk(self) -> bool:
        return self.cjk is not None


def _first_existing(paths: tuple[str, ...]) -> Path | None:
    for candidate in paths:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def _fc_list(pattern: str) -> Path | None:
    """The first font file ``fc-list`` reports for ``pattern`` (e.g. ``:lang=zh``)."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-list", pattern, "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    usable = [f for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
    regular = [f for f in usable if "bold" not in f.lower()] or usable
    return Path(regular[0]) if regular else None


@functools.cache
def find_fonts() -> FontSet:
    """Locate a Latin font (DejaVu or similar) and a CJK font, once per process."""
    latin = _first_existing(LATIN_CANDIDATES) or _fc_list(":lang=en:style=Book")
    bold = _first_existing(LATIN_BOLD_CANDIDATES)
    cjk = _first_existing(CJK_CANDIDATES) or _fc_list(":lang=zh")
    return FontSet(latin=latin, latin_bold=bold, cjk=cjk)
