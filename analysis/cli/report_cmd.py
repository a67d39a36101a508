"""``reviewlens report --db PATH --out FILE.pdf [--product ID]...``: the PDF report from the CLI."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from analysis.cli.common import add_db_flag, open_store
from analysis.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="write the PDF report of what the store holds",
        description="Write the PDF report (KPIs, strengths and weaknesses, trends, alerts, "
                    "forecast, quotes) of the analysed reviews and sales in the store.",
    )
    add_db_flag(parser)
    parser.add_argument("--out", required=True, help="PDF file to write")
    parser.add_argument("--product", action="append", default=[], metavar="ID",
                        help="only this product, with a page of its own (repeat for several); "
                             "without it the report covers every product and gives pages to "
                             "the most reviewed, the most changed and the most negative")
    parser.add_argument("--title", default="ReviewLens report", help="title on the first page")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.insights.filters import ViewFilters, product_list
    from analysis.reports.pdf import write_pdf
    from analysis.services.reports import report_data
    from analysis.services.views import has_reviews

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserInputError(f"--out {out}: the report is a PDF; give a file name ending in .pdf.")
    db = Path(args.db) if args.db else None
    if db is not None and not db.is_file():
        raise UserInputError(f"--db {db}: no store at this path. Run `reviewlens analyze ... "
                             f"--db {db}` first, or give the path of an existing store.")
    # One connection for the reads: the report shows one consistent state of the store.
    with open_store(db) as store, store.session():
        if not has_reviews(store):
            raise UserInputError(f"{store.path}: the store holds no analysed reviews yet. Run "
                                 "`reviewlens analyze INPUT --out DIR --db PATH` first.")
        data = report_data(store, ViewFilters(tuple(args.product)), title=args.title)
    if args.product:
        missing = sorted(set(args.product) - set(product_list(data.reviews)))
        if missing:
            raise UserInputError(f"--product {', '.join(missing)}: no analysed reviews for this "
                                 "product in the store; check the id (it is case-sensitive).")
    if args.product:
        data = replace(data, detail_products=tuple(args.product))
    path = write_pdf(data, out)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB, {len(data.reviews):,} reviews)")
    return 0
