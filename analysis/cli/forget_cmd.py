"""``reviewlens forget --author ID``: erase one reviewer's reviews and results (right to erasure).

ID is the reviewer id or name exactly as in the export. The store finds their reviews by the
salted hash it keeps (or by the name, in stores that kept names), removes reviews, results,
sentences, aspect mentions and cached sentence results in one transaction, and records the
erasure in the audit trail without the id itself.
"""

from __future__ import annotations

import argparse

from analysis.cli.common import add_db_flag, audit_cli, open_store


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "forget", help="remove every review and result of one reviewer",
        description="Remove every review of one reviewer and everything computed from them, "
                    "in one transaction (a right-to-erasure request). Reports and exports made "
                    "afterwards no longer contain them; files written before must be deleted "
                    "by hand.")
    parser.add_argument("--author", required=True, metavar="ID",
                        help="the reviewer id (or name) exactly as in the review export")
    add_db_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.store.privacy import forget_author

    with open_store(args.db) as store:
        erased = forget_author(store, args.author)
        audit_cli(store, "forget_author", {"reviews": erased.reviews})
    print(f"forget: {erased.line()}")
    if not erased.reviews:
        print("forget: no review of that reviewer is in the store (check the id is exactly as "
              "in the export)")
    return 0
