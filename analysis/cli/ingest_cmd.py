"""``reviewlens ingest``: read review exports into the store and write canonical CSVs.

Writes ``DIR/reviews.csv`` (canonical review columns, ``review_id`` as the store keeps it: a
review whose id a different review already uses gets ``<id>@<8 hex of its dataset id>``) and
``DIR/rejected.csv`` (``source, row, reason``), formula-safe, and prints one summary line.
Columns are detected automatically; the ``--*-col`` flags override the detection for every
input file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from analysis.cli.common import add_db_flag, add_privacy_flag, audit_cli, open_store

COLUMN_FLAGS = {
    "text": "--text-col",
    "review_id": "--id-col",
    "rating": "--rating-col",
    "date": "--date-col",
    "product_id": "--product-col",
    "title": "--title-col",
}


def add_column_flags(parser: argparse.ArgumentParser) -> None:
    """The column-override flags shared by ``ingest``, ``analyze`` and ``inspect``."""
    for field, flag in COLUMN_FLAGS.items():
        parser.add_argument(flag, dest=f"{field}_col", metavar="C",
                            help=f"column holding the review {field.replace('_', ' ')}")


def add_accept_flag(parser: argparse.ArgumentParser) -> None:
    """``--accept-rejections``: import even when one reason rejects much of a file."""
    parser.add_argument(
        "--accept-rejections", action="store_true",
        help="import even when one reason would reject more than 20%% of a file's rows (or "
        "most of it); without it such a file stops the command with status 2 and says why")


def column_overrides(args: argparse.Namespace) -> dict[str, str]:
    """``{field: column}`` for the column flags the user gave."""
    given = {field: getattr(args, f"{field}_col", None) for field in COLUMN_FLAGS}
    return {field: column for field, column in given.items() if column}


def iso_dates(dates: pd.Series) -> pd.Series:
    """ISO dates for CSV: 'YYYY-MM-DD' when no value has a time of day, else with the time."""
    has_time = bool((dates.dropna() != dates.dropna().dt.normalize()).any())
    return dates.dt.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ingest", help="read review exports into the store",
        description="Read review exports (CSV/TSV/XLSX/JSON/JSONL, optionally gzipped, any "
        "common encoding) into the store and write DIR/reviews.csv and DIR/rejected.csv.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    add_column_flags(parser)
    add_accept_flag(parser)
    add_db_flag(parser)
    add_privacy_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.ingest import check_losses, ingest_reviews
    from analysis.services.review_import import import_reviews
    from analysis.textsafety import to_safe_csv

    with tqdm(total=len(args.inputs) + 1, desc="ingest", unit="step", file=sys.stderr,
              disable=None) as bar:
        def progress(done: int, total: int, stage: str) -> None:
            bar.set_postfix_str(stage)
            bar.update(done - bar.n)

        result = ingest_reviews(args.inputs, columns=column_overrides(args), progress=progress)
    check_losses(result, accept=args.accept_rejections)  # before the store is touched
    with open_store(args.db) as store:
        stored = import_reviews(store, result, keep_author_names=args.keep_author_names)
        audit_cli(store, "import_reviews", {
            "files": [p.name for p in args.inputs], "reviews": len(result.reviews),
            "author_names_kept": args.keep_author_names})
    reviews = result.reviews.copy()
    if not args.keep_author_names:  # personal data: only when the user opted in
        reviews["author"] = None
    reviews["review_id"] = stored.review_ids  # as stored: re-keyed ids stay traceable
    reviews["product_id"] = stored.product_ids  # the product family the store files it under
    reviews["date"] = iso_dates(reviews["date"])
    to_safe_csv(reviews, args.out / "reviews.csv")
    to_safe_csv(result.rejected, args.out / "rejected.csv")
    rows = sum(s["rows_read"] for s in result.stats.values())
    unparsed_dates = sum(s["dates_unparsed"] for s in result.stats.values())
    unparsed_ratings = sum(s["ratings_unparsed"] for s in result.stats.values())
    print(
        f"ingested {rows} rows from {len(result.stats)} file(s): {len(result.reviews)} reviews, "
        f"{len(result.rejected)} rejected, {unparsed_dates} unreadable dates, "
        f"{unparsed_ratings} unreadable ratings; {stored.line()}; wrote {args.out}"
    )
    return 0
