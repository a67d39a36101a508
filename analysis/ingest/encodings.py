"""Text encoding detection for uploaded exports: BOM sniffing first, then statistics.

Spreadsheet tools export reviews in UTF-8 (with or without a BOM), UTF-16 (Excel's "Unicode
text"), GBK/GB18030 (Chinese Windows) or cp1252/Latin-1 (Western Windows). We decide the
encoding from evidence (a byte-order mark, strict UTF-8 validity, then charset-normalizer's
statistical guess on a sample) instead of trying codecs until one happens not to crash.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from analysis.errors import IngestError

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# charset-normalizer's names -> the codec we decode with (supersets where they are safe).
_PREFERRED = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "hz": "gb18030",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "iso8859_15": "cp1252",
    "ascii": "utf-8",
}

SAMPLE_BYTES = 1 << 20

# Legacy codecs seen in review exports, in order of preference when the evidence is tied.
CANDIDATES = ["gb18030", "cp1252", "latin_1", "big5", "shift_jis", "euc_kr", "cp1251"]


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """The encoding announced by a byte-order mark and the mark's length, if there is one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """Recognize BOM-less UTF-16 from its NUL pattern in mostly-ASCII text."""
    if len(sample) < 8:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def looks_binary(sample: bytes) -> bool:
    """True when a (non UTF-16/32) sample has NUL bytes or many control bytes: not a text table."""
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in range(0, 32) if b not in (9, 10, 13, 12))
    return controls > 0.05 * len(sample)


def detect_encoding(data: bytes, source: str) -> tuple[str, int]:
    """Return ``(codec, bytes_to_skip)`` for ``data``; raise IngestError for binary data."""
    bom = sniff_bom(data)
    if bom is not None:
        return bom
    sample = data[:SAMPLE_BYTES]
    utf16 = _utf16_without_bom(sample)
    if utf16 is not None:
        return utf16, 0
    if looks_binary(sample):
        raise IngestError(source, _binary_message(sample))
    if _is_utf8(data):
        return "utf-8", 0
    codec = guess_legacy_encoding(sample)
    if codec is None:
        raise IngestError(
            source,
            "the text encoding could not be recognised. Save the file as UTF-8 (in Excel: "
            "'CSV UTF-8'; in other tools choose UTF-8 encoding) and upload it again.",
        )
    return codec, 0


def _binary_message(sample: bytes) -> str:
    """Say 'damaged text' for a few stray NUL bytes in text, else 'binary file'."""
    nuls = sample.count(0)
    controls = sum(sample.count(bytes([b])) for b in range(1, 32) if b not in (9, 10, 13, 12))
    if nuls and nuls + controls < 0.01 * len(sample):
        line = sample[: sample.index(0)].count(b"\n") + 1
        return (f"the file is text but holds {nuls} NUL byte(s) (the first on line {line}), "
                "which happens when a file is damaged or cut off while being written. Export "
                "it again, or remove the NUL bytes (e.g. `tr -d '\\000' < in.csv > out.csv`) "
                "and check the rows around that line.")
    return ("this looks like a binary file, not a table of reviews (it contains NUL or control "
            "bytes). Export the reviews as CSV, TSV, XLSX, JSON or JSON Lines and upload that.")


def _mixed_lines(data: bytes) -> tuple[list[bytes], list[int]] | None:
    """Lines of a mostly UTF-8 file and the indexes of those that are not UTF-8, or None.

    Files pasted together from two exports (one UTF-8, one Windows-1252) are mostly valid
    UTF-8 with a minority of lines that are not; a legacy-encoded file has (almost) no valid
    non-ASCII UTF-8 line.
    """
    lines = data.split(b"\n")
    good, bad = 0, []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad.append(i)
    if bad and good >= len(bad):
        return lines, bad
    return None


def _decode_mixed(data: bytes, notes: list[str] | None) -> tuple[str, str] | None:
    mixed = _mixed_lines(data)
    if mixed is None:
        return None
    lines, bad = mixed
    legacy = guess_legacy_encoding(b"\n".join(lines[i] for i in bad)) or "cp1252"
    legacy_lines = set(bad)
    out = [_decode_legacy(line, legacy) if i in legacy_lines else line.decode("utf-8")
           for i, line in enumerate(lines)]
    if notes is not None:
        notes.append(f"{len(bad)} line(s) are not UTF-8 like the rest of the file and were read "
                     f"as {legacy} (the first is line {bad[0] + 1}): check their accents")
    return "\n".join(out), f"utf-8+{legacy}"


def _decode_legacy(line: bytes, codec: str) -> str:
    """One line in ``codec``; Latin-1 (which maps every byte) where that fails."""
    try:
        return line.decode(codec)
    except UnicodeDecodeError:
        return line.decode("latin-1")


def guess_legacy_encoding(sample: bytes) -> str | None:
    """Best legacy (non-Unicode) codec for ``sample`` among those exports really use.

    charset-normalizer scores each candidate by how chaotic the decoded text looks; short
    Chinese samples decode cleanly as Big5 and Shift-JIS too, so ties go to the codec listed
    first in :data:`CANDIDATES` (mainland GB18030 before the others).
    """
    results = list(from_bytes(sample, cp_isolation=CANDIDATES))
    if not results:
        return None
    best = min(
        results,
        key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), _rank(m.encoding)),
    )
    name = best.encoding.lower()
    return _PREFERRED.get(name, name)


def _rank(name: str) -> int:
    name = name.lower()
    return CANDIDATES.index(name) if name in CANDIDATES else len(CANDIDATES)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, source: str, notes: list[str] | None = None) -> tuple[str, str]:
    """Decode a whole file's bytes; return ``(text, codec)``. Raise IngestError when unusable.

    NUL padding at the end (a file preallocated or cut off while written) is dropped, and a
    file of UTF-8 lines with a minority of Windows-1252/Latin-1 ones is read line by line;
    both are said in ``notes``.
    """
    if sniff_bom(data) is None and _utf16_without_bom(data[:SAMPLE_BYTES]) is None:
        trimmed = data.rstrip(b"\x00")
        if len(trimmed) < len(data):
            if notes is not None:
                notes.append(f"{len(data) - len(trimmed)} NUL byte(s) of padding at the end of "
                             "the file were ignored")
            data = trimmed
        if looks_binary(data[:SAMPLE_BYTES]):
            raise IngestError(source, _binary_message(data[:SAMPLE_BYTES]))
        try:
            return data.decode("utf-8"), "utf-8"  # the usual case: one pass, no guessing
        except UnicodeDecodeError:
            pass
        mixed = _decode_mixed(data, notes)
        if mixed is not None:
            return mixed
    codec, skip = detect_encoding(data, source)
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError:
        if codec == "cp1252":
            # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
            codec = "latin-1"
            text = data[skip:].decode(codec)
        else:
            guess = guess_legacy_encoding(data[skip:])
            if guess is None or guess == codec:
                raise IngestError(
                    source,
                    f"the file is not consistently encoded (it started like {codec} but has "
                    "bytes that are invalid in it further on). Save it as UTF-8 and upload it "
                    "again.",
                ) from None
            codec = guess
            text = data[skip:].decode(codec, errors="strict")
    return text, codec
