"""The PDFs' font: DejaVu Sans from the machine, cut down to Latin and renamed "Handbook Sans".

A font-face named "DejaVu Sans" would change nothing (fontconfig picks the
system font of that family), so the subset carries a family name of its own,
in its name table and in the PDF style sheets. WeasyPrint embeds a form
field's font whole (anything may be typed into a field): the subset keeps
that font at about 1,300 glyphs instead of DejaVu's 6,000.

The subset files are made once per machine (or cache folder): they are kept
under a key of the font file's bytes, the character range and this module's
version of the recipe, with the digest of their own bytes in their name (a
damaged one is made again), and written atomically, so parallel workers may
race without harm.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FAMILY = "Handbook Sans"
POSTSCRIPT = "HandbookSans"
RECIPE = "2"   # change when the subsetting below changes

# DejaVu Sans is on every Debian machine that has WeasyPrint's Pango (fonts-dejavu-core).
FONT_DIR = Path(os.environ.get("HANDBOOK_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
# (file, CSS weight, CSS style, style name)
FACES = (
    ("DejaVuSans.ttf", "normal", "normal", "Regular"),
    ("DejaVuSans-Bold.ttf", "bold", "normal", "Bold"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic", "Oblique"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic", "Bold Oblique"),
)

# Basic Latin, Latin-1, Latin Extended-A and -B (æøå, ł ş ő ...), general punctuation
# (dashes, quotes, bullet, ellipsis, per mille, guillemets), €, №/™, arrows, minus.
RANGES = (
    (0x0020, 0x024F),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x20AC, 0x20AC),
    (0x2116, 0x2116),
    (0x2122, 0x2122),
    (0x2190, 0x2193),
    (0x2212, 0x2212),
)
# The ranges as the README states them; part of the subset files' key.
RANGE_TEXT = ", ".join(f"U+{first:04X}–U+{last:04X}" if last != first else f"U+{first:04X}" for first, last in RANGES)


@dataclass(frozen=True)
class Face:
    path: Path
    weight: str
    style: str


def missing_faces(font_dir: Path = FONT_DIR) -> list[Path]:
    """The face files that are not on this machine: the PDFs then set that face in some other font."""
    return [font_dir / file for file, *_ in FACES if not (font_dir / file).is_file()]


def faces_stamp(font_dir: Path = FONT_DIR) -> str:
    """What the PDFs' font is made from on this machine, cheaply (size and time of each face file): a
    build's PDFs are remade when it changes, as when a missing font is installed."""
    def stamp(path: Path) -> str:
        try:
            stat = path.stat()
        except OSError:
            return f"{path.name}: missing"
        return f"{path.name}: {stat.st_size} {stat.st_mtime_ns}"

    return "\n".join(stamp(font_dir / file) for file, *_ in FACES)


def codepoints() -> list[int]:
    return [c for first, last in RANGES for c in range(first, last + 1)]


def subset_faces(folder: Path, font_dir: Path = FONT_DIR) -> list[Face]:
    """The four faces as renamed Latin subsets, made if not yet in `folder` (the build cache's)."""
    faces = []
    for file, weight, style, style_name in FACES:
        source = font_dir / file
        if not source.is_file():
            continue
        data = source.read_bytes()
        key = hashlib.sha256(f"{RECIPE}|{RANGE_TEXT}|".encode() + data).hexdigest()[:20]
        stem = f"{POSTSCRIPT}-{style_name.replace(' ', '')}-{key}"
        target = _kept_subset(folder, stem)
        if target is None:
            subset = _subset(data, style_name)
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{stem}-{_digest(subset)}.ttf"
            _write_atomically(target, subset)
        faces.append(Face(target, weight, style))
    return faces


def _kept_subset(folder: Path, stem: str) -> Path | None:
    """The subset made earlier, if its bytes still match the digest in its name: a damaged one (which
    WeasyPrint would silently replace by another font) is removed and made again."""
    for path in sorted(folder.glob(f"{stem}-*.ttf")):
        try:
            if _digest(path.read_bytes()) == path.stem.removeprefix(f"{stem}-"):
                return path
        except OSError:
            continue
        path.unlink(missing_ok=True)
    return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def font_face_css(faces: list[Face]) -> str:
    """@font-face rules for the subset files (by file: no font is looked up anywhere else)."""
    return "\n".join(f'@font-face {{ font-family: "{FAMILY}"; src: url("{face.path.as_uri()}"); '
                     f"font-weight: {face.weight}; font-style: {face.style}; }}" for face in faces)


def _subset(data: bytes, style_name: str) -> bytes:
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]      # kerning, ligatures and marks of the kept glyphs
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True        # a missing character shows as a box, not as nothing
    options.glyph_names = False
    options.hinting = False
    options.drop_tables += ["FFTM"]      # FontForge's timestamps
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)   # the same bytes on every machine
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    _rename(font, style_name)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rename(font: Any, style_name: str) -> None:
    """One family name everywhere in the name table (the Bitstream Vera licence also asks a changed
    font to be renamed); copyright, licence and version stay."""
    name = font["name"]
    full = FAMILY if style_name == "Regular" else f"{FAMILY} {style_name}"
    postscript = f"{POSTSCRIPT}-{style_name.replace(' ', '')}"
    for record in list(name.names):
        if record.nameID in (1, 16, 21):
            name.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (2, 17, 22):
            name.setName(style_name, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4):
            value = f"{full}; subset" if record.nameID == 3 else full
            name.setName(value, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            name.setName(postscript, record.nameID, record.platformID, record.platEncID, record.langID)


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
