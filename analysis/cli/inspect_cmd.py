"""``reviewlens inspect``: what importing a file would do, before anything is stored.

For a review export it prints the column detected for each field with the reason and three
example values, the rows that would be kept and rejected by reason (a dry run of ``ingest``)
and the warning ``ingest`` would stop with; for a sales export the date, value and series
columns with examples, the frequency and the number of series. The file is taken as reviews
or sales by its content unless ``--reviews``/``--sales`` says which. Nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.ingest_cmd import add_column_flags, column_overrides

RULE = "-" * 78


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "inspect", help="preview how a file would be imported (nothing is stored)",
        description="Show the detected columns with example values, the rows that would be "
        "kept and rejected by reason, and the flags that change the mapping. Nothing is "
        "stored or written.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="FILE")
    add_column_flags(parser)
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--sales", dest="kind", action="store_const", const="sales",
                      help="read the file as a sales export (default: decided by content)")
    kind.add_argument("--reviews", dest="kind", action="store_const", const="reviews",
                      help="read the file as a review export (default: decided by content)")
    parser.add_argument("--value-col", metavar="C", help="sales: column holding the values")
    parser.add_argument("--series-col", metavar="C", help="sales: column naming the series")
    parser.add_argument("--freq", metavar="F", help="sales: frequency (D, W-MON, MS ...)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.ingest import read_table
    from analysis.ingest.preview import inspect_table

    sales_columns = {"date_col": args.date_col, "value_col": args.value_col,
                     "series_col": args.series_col, "freq": args.freq}
    for i, path in enumerate(args.inputs):
        table = read_table(path)
        preview = inspect_table(table, args.kind, column_overrides(args), **sales_columns)
        if i:
            print()
        print("\n".join(render(preview)))
    return 0


def _table(frame, columns: list[str]) -> list[str]:
    """Rows of ``frame`` as aligned text columns (values already safe and short)."""
    cells = [[str(c) for c in columns]] + [[str(v) for v in row]
                                             for row in frame[columns].to_numpy()]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return ["  " + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            for row in cells]


def _examples(frame) -> list[str]:
    cols = [c for c in frame.columns if c.startswith("example ")]
    return [" | ".join(v for v in row if v) for row in frame[cols].to_numpy()]


def _header(preview) -> list[str]:
    encoding = f", {preview.encoding}" if preview.encoding else ""
    lines = [f"{preview.source}: {preview.kind} export ({preview.format}{encoding}), "
             f"{preview.rows_read:,} rows read"]
    lines += [f"  note: {note}" for note in preview.reader_notes]
    return lines


def render(preview) -> list[str]:
    """The plain-text report of a review or sales preview."""
    lines = _header(preview)
    if preview.kind == "sales":
        return lines + _render_sales(preview)
    fields = preview.fields.assign(examples=_examples(preview.fields))
    found = fields[fields["column"] != ""]
    lines += ["", "Detected columns (field <- column: example values):"]
    for row in found.itertuples():
        lines.append(f"  {row.field:<14}<- {row.column!r}: {row.examples}")
    missing = ", ".join(fields.loc[fields["column"] == "", "field"])
    if missing:
        lines.append(f"  not found: {missing}")
    lines += ["", "Why:"]
    lines += [f"  {row.field}: {row.why}" for row in found.itertuples() if row.why]
    lines += ["", "If imported now (dry run, nothing stored):"]
    outcomes = preview.outcomes.assign(
        note=["" if row.outcome == "kept" else
              ("" if row.loses_data else "(loses nothing: kept as another row)")
              for row in preview.outcomes.itertuples()])
    lines += _table(outcomes, ["outcome", "rows", "note"])
    if preview.warning:
        lines += ["", f"STOP: `reviewlens ingest` would exit with status 2: {preview.warning}",
                  "  (--accept-rejections imports the rest anyway)"]
    lines += ["", "Change the mapping with: " + " ".join(preview.override_flags()),
              f"  e.g. reviewlens ingest {preview.source} --text-col COLUMN --out DIR"]
    return lines


def _render_sales(preview) -> list[str]:
    columns = preview.columns.assign(examples=_examples(preview.columns))
    lines = ["", f"Detected columns ({preview.layout} layout; role <- column: example values):"]
    lines += [f"  {row.role:<18}<- {row.column!r}: {row.examples}"
              for row in columns.itertuples()]
    span = (f", {preview.first:%Y-%m-%d} to {preview.last:%Y-%m-%d}"
            if preview.first is not None else "")
    lines += ["", f"If imported now: {preview.series} series, frequency {preview.freq}, "
                  f"{preview.periods} periods{span}; {len(preview.issues)} note(s)"]
    lines += [f"  {row.severity}: {row.series_id}: {row.message}"
              for row in preview.issues.head(10).itertuples()]
    if len(preview.issues) > 10:
        lines.append(f"  ... and {len(preview.issues) - 10} more")
    lines += ["", "Change the mapping with: " + " ".join(preview.override_flags()),
              f"  e.g. reviewlens forecast {preview.source} --value-col COLUMN --out DIR "
              "--horizon H"]
    return lines
