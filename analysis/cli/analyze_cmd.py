"""``reviewlens analyze``: ingest review exports, run the engine, write the result files.

Writes ``DIR/reviews.csv``, ``DIR/aspects.csv``, ``DIR/rejected.csv`` and ``DIR/summary.json``
(see design.md) and stores everything in the store (``--db``), so a second run over the same
reviews reads the results back instead of encoding them again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.common import (
    add_db_flag,
    add_engine_flags,
    add_privacy_flag,
    audit_cli,
    open_store,
)
from analysis.cli.ingest_cmd import add_accept_flag, add_column_flags, column_overrides
from analysis.cli.stopping import stop_on_signals, stopped_status


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="sentiment and aspects of review exports",
        description="Ingest review exports, score each review and sentence, find the aspects "
        "people mention with their polarity and category, and write DIR/reviews.csv, "
        "DIR/aspects.csv, DIR/rejected.csv and DIR/summary.json.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    add_column_flags(parser)
    add_accept_flag(parser)
    add_db_flag(parser)
    parser.add_argument(
        "--taxonomy",
        type=Path,
        default=None,
        metavar="FILE",
        help="aspect categories (YAML or JSON: categories: [{name, description, examples}]); "
        "applied to every product and kept for later runs; default: the store's custom "
        "taxonomy if any, else per product the packaged catalogue taxonomy (apparel, food, "
        "electronics, home, beauty, restaurants or general) that fits its aspect terms",
    )
    parser.add_argument(
        "--recompute", action="store_true",
        help="analyse again even when the store's last run covered exactly these reviews with "
             "the same model, ReviewLens version and categories (by default its stored results "
             "are written out again: same files, seconds instead of minutes)")
    add_privacy_flag(parser)
    add_engine_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.aspects import load_taxonomy
    from analysis.errors import UserInputError
    from analysis.ingest import check_losses, ingest_reviews
    from analysis.pipeline import TqdmProgress
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.services.uptodate import inputs_digest, outputs_record
    from analysis.store.reruns import save_run_files

    # A bad file fails here, before the model loads or the store changes; without --taxonomy
    # the store's custom taxonomy (or per-product catalogue taxonomies) is used.
    if args.address and args.engine != "ray":
        raise UserInputError("--address names a Ray cluster: use it with --engine ray.")
    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy is not None else None
    readable = all(Path(path).is_file() for path in args.inputs)
    digest = inputs_digest(args.inputs, _ingest_options(args)) if readable else None
    progress = TqdmProgress()
    try:
        repeated = (_repeat_if_current(args, taxonomy, digest)
                    if digest and not args.recompute else None)
        if repeated is not None:
            _print_counts(repeated.summary["counts"], args.out)
            copied = " (the unchanged files copied from that run's folder)" if repeated.copied \
                else ""
            print(f"nothing changed since run {repeated.repeats} (same input files, reviews, "
                  f"model and categories): {args.out} holds its files{copied}, recorded as run "
                  f"{repeated.run_id}; --recompute analyses anew")
            return 0
        ingested = ingest_reviews(args.inputs, columns=column_overrides(args), progress=progress)
        check_losses(ingested, accept=args.accept_rejections)
        with stop_on_signals(), open_store(args.db) as store:
            analyzer = ReviewAnalyzer(store, taxonomy=taxonomy, columns=column_overrides(args),
                                      keep_author_names=args.keep_author_names,
                                      reuse_results=not args.recompute)

            def audit(summary: dict) -> None:  # stored with the results, in one transaction
                _audit(store, args, summary["counts"]["reviews"])

            if args.engine == "ray":
                from analysis.scale.analyze import analyze_on_ray

                result = analyze_on_ray(analyzer, ingested, address=args.address,
                                        workers=args.workers, progress=progress,
                                        before_commit=audit)
            else:
                result = analyzer.analyze(ingested, progress=progress, before_commit=audit)
            written = result.write(args.out)
            if digest:
                save_run_files(store, result.summary["run_id"], digest, outputs_record(written))
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP turned into Stopped
        progress.close()
        print(f"reviewlens analyze: stopped ({exc or 'SIGINT'}) before this run's results were "
              "stored; nothing half-written was kept. The sentences encoded so far are cached "
              "in the store: run the same command again to continue from there.",
              file=sys.stderr)
        return stopped_status(exc)
    finally:
        progress.close()
    _print_counts(result.summary["counts"], args.out)
    if result.reused_run:
        print(f"nothing changed since run {result.reused_run} (same reviews, model and "
              "categories): its stored results were written out again; --recompute analyses "
              "anew")
    return 0


def _ingest_options(args: argparse.Namespace) -> dict:
    """The flags that shape what is read from the inputs (part of the inputs' digest)."""
    return {"columns": column_overrides(args), "keep_author_names": args.keep_author_names,
            "accept_rejections": args.accept_rejections}


def _repeat_if_current(args: argparse.Namespace, taxonomy, digest: str):
    """The up-to-date check (:mod:`analysis.services.uptodate`) against an existing store."""
    from analysis.config import default_db_path
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.services.uptodate import repeat_if_current

    if not Path(args.db or default_db_path()).is_file():
        return None
    with stop_on_signals(), open_store(args.db) as store:
        analyzer = ReviewAnalyzer(store, taxonomy=taxonomy, columns=column_overrides(args),
                                  keep_author_names=args.keep_author_names)
        return repeat_if_current(
            store, analyzer.current_run_key(), digest, args.out,
            before_commit=lambda summary: _audit(store, args, summary["counts"]["reviews"]))


def _audit(store, args: argparse.Namespace, reviews: int) -> None:
    audit_cli(store, "import_reviews", {
        "files": [p.name for p in args.inputs], "reviews": reviews,
        "author_names_kept": args.keep_author_names})


def _print_counts(counts: dict, out: Path) -> None:
    unscored = ", ".join(f"{k}: {v}" for k, v in counts["unscored_by_language"].items())
    qualified = counts.get("ids_qualified", 0)
    print(
        f"analysed {counts['input_rows']} rows: {counts['reviews']} reviews "
        f"({counts['scored_reviews']} scored"
        + (f", not English: {unscored}" if unscored else "")
        + (f", {qualified} under a qualified id <id>@<file hash> because a different review "
           "already uses their review_id" if qualified else "")
        + f"), {counts['rejected']} rejected, {counts['aspect_mentions']} aspect mentions; "
        f"{counts['sentences_encoded']} sentences encoded, {counts['sentences_from_cache']} "
        f"from cache; wrote {out}"
    )
