"""Bytes -> text: a byte-order mark, then UTF-8, then a detected legacy encoding.

UTF-8 is decoded exactly (a BOM removed, line ends untouched): that is the text
offsets index, as ``open(path, encoding="utf-8-sig", newline="")`` reads it.
Anything else is decoded with the encoding charset-normalizer finds, with one
prior: windows-1252 (what browsers read latin-1 labels as, and what most legacy
newsroom files are) wins whenever its reading is as clean and as much like a
language as the best guess. Without it charset-normalizer names cp1250, cp850
or even Big5 for English and German text with a few curly quotes, dashes or
euro signs, and garbles them. The price: where the detector cannot tell two code
pages apart (a few lines of Czech in cp1250), windows-1252 is the reading taken.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from summarizer.errors import UnreadableInputError

UTF8 = "utf-8"
WESTERN = "cp1252"
# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that mean windows-1252 in practice (the WHATWG encoding standard maps them so).
_READ_AS_WESTERN = {"ascii", "iso8859-1", "latin-1", "latin1"}
_BINARY_SNIFF_BYTES = 8192
# How much more mess, and how much less language coherence, windows-1252's reading may show than the
# best guess and still win: the mess score of a reading with a few odd bytes varies with where the
# sample chunks fall (0.01 to 0.08 for the same English text), while a wrong code page reads as mess
# of 0.3 and more; a reading with the right letters scores clearly more coherent (Turkish: 0.67 vs 0.58).
_CHAOS_MARGIN = 0.1
_COHERENCE_MARGIN = 0.05
# DOS and classic Mac OS code pages: no newsroom writes them today, yet on short text they tie
# with the Windows code pages by accident (cp850 for English with curly quotes).
_UNLIKELY = [
    "cp437", "cp737", "cp775", "cp850", "cp852", "cp855", "cp857", "cp858", "cp860", "cp861", "cp862", "cp863",
    "cp864", "cp865", "cp866", "cp869", "cp1125", "mac_cyrillic", "mac_greek", "mac_iceland", "mac_latin2",
    "mac_roman", "mac_turkish", "kz1048", "ptcp154", "hp_roman8", "cp037", "cp1026", "cp1140", "cp273",
    "cp424", "cp500", "cp875",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and the encoding it was decoded from (``"utf-8"`` when it was UTF-8, BOM or not)."""

    text: str
    encoding: str

    @property
    def legacy(self) -> bool:
        """True when the text was not UTF-8: it differs from the caller's bytes read as UTF-8."""
        return self.encoding != UTF8


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data``: BOM, else the ``declared`` charset if it fits, else UTF-8, else a detected encoding.

    Raises UnreadableInputError for binary data or bytes that no encoding fits.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableInputError(
                    f"starts with a {codec} byte-order mark but is not {codec} (byte {exc.start})"
                ) from exc
            return Decoded(text, UTF8 if codec == "utf-8-sig" else codec)
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise UnreadableInputError("binary file, not text")
    for encoding in (_canonical(declared), UTF8):
        if encoding is not None:
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                continue  # a declared charset can be wrong; pages lie about theirs
    for encoding in _detected(data):
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableInputError("not UTF-8, and no other encoding fits: convert it to UTF-8")


def _canonical(label: str | None) -> str | None:
    """Python's name for an encoding label, windows-1252 for the labels that mean it; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in _READ_AS_WESTERN:
        return WESTERN
    return UTF8 if name == "utf-8" else name


def _detected(data: bytes) -> list[str]:
    """Candidate encodings, most plausible first: windows-1252 when its reading is as good as the best."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_exclusion=_UNLIKELY))
    western = from_bytes(data, cp_isolation=[WESTERN]).best()  # scored the same way, to compare
    if not matches:
        return [WESTERN] if western is not None else []
    best = matches[0]
    ordered = [match.encoding for match in matches]
    fits = (
        western is not None
        and western.chaos <= best.chaos + _CHAOS_MARGIN
        and western.coherence >= best.coherence - _COHERENCE_MARGIN
    )
    return [WESTERN, *(e for e in ordered if e != WESTERN)] if fits else ordered
