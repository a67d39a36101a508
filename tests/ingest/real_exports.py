"""Real-export acceptance corpus: real reviews from ../shared/data in the shapes users bring.

Each builder writes one export into a test's folder (never into the repo) from the real Amazon
Fine Food sample or the Chinese online-shopping set, laid out like the tool that makes it
(Amazon's 2014/2018/2023 JSON Lines dumps, Shopify, Trustpilot, Google Play's UTF-16 console
CSV, a Taobao/JD back-end CSV in GBK, an Excel workbook), with a few realistic bad rows, and
returns an :class:`Expected`: the mapping, the kept/rejected counts by reason and the exact
texts that must be kept, in order.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

FINE_FOOD = Path("amazon_fine_food_reviews_sample") / "Reviews.csv"
CHINESE = Path("chinese_online_shopping_10_cats") / "online_shopping_10_cats.zip"


@dataclass
class Expected:
    """What ingesting one corpus file must give."""

    mapping: dict[str, str | None]  # the fields asserted, {field: column}
    kept: int
    rejected: dict[str, int]  # reason kind (see reason_kind) -> count
    texts: list[str]  # kept texts, exactly, in order
    products: list[str] | None = None  # kept product ids (families), in order
    stats: dict[str, int] = field(default_factory=dict)  # e.g. {"dates_unparsed": 1}
    helpful: list[int | None] | None = None  # kept helpful votes, in order


def reason_kind(reason: str) -> str:
    """A reason with its row numbers and product ids taken out, for counting by kind."""
    reason = re.sub(r" \(linked to product [^)]*\)", "", reason)
    return re.sub(r"\b(rows?|lines?) \d+", r"\1 N", reason)


def kinds(reasons) -> dict[str, int]:
    return dict(Counter(reason_kind(r) for r in reasons))


@cache
def fine_food(shared: Path) -> list[dict]:
    """Fine Food reviews with text, none repeating another's user, text and time (so the
    builders decide where copies are)."""
    with open(shared / FINE_FOOD, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen, out = set(), []
    for row in rows:
        key = (row["UserId"], row["Text"], row["Time"])
        if key not in seen and row["Text"].strip() and row["Score"]:
            seen.add(key)
            out.append(row)
    return out


@cache
def chinese(shared: Path) -> list[dict]:
    with zipfile.ZipFile(shared / CHINESE) as archive:
        text = archive.read("online_shopping_10_cats.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _day(seconds: str) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)


def _jsonl(path: Path, records: list) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def amazon_2014(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """2014 schema: helpful [a, b], reviewTime 'MM D, YYYY'; 2 empty texts, 1 repeated line,
    1 truncated line, 1 unreadable date."""
    rows = fine_food(shared)[:60]
    records = []
    for i, r in enumerate(rows):
        day = _day(r["Time"])
        records.append({
            "reviewerID": r["UserId"], "asin": r["ProductId"], "reviewerName": r["ProfileName"],
            "helpful": [int(r["HelpfulnessNumerator"]), int(r["HelpfulnessDenominator"])],
            "reviewText": r["Text"], "overall": float(r["Score"]), "summary": r["Summary"],
            "unixReviewTime": "soon" if i == 7 else int(r["Time"]),
            "reviewTime": f"{day.month:02d} {day.day}, {day.year}",
        })
    records[20]["reviewText"] = ""
    records[41]["reviewText"] = "   "
    lines: list = list(records)
    lines.insert(30, json.dumps(records[29]))  # the same line twice (row 31 repeats row 30)
    lines.insert(50, '{"reviewerID": "A1", "asin": "B0", "reviewText": "cut of')
    texts = [r["Text"] for i, r in enumerate(rows) if i not in (20, 41)]
    return _jsonl(folder / "amazon_2014.json", lines), Expected(
        mapping={"text": "reviewText", "rating": "overall", "date": "unixReviewTime",
                 "product_id": "asin", "title": "summary", "author": "reviewerID"},
        kept=58, texts=texts,
        rejected={"empty review text (column 'reviewText')": 2,
                  "exact duplicate of row N in amazon_2014.json": 1,
                  **_broken_line_kind(folder)},
        stats={"dates_unparsed": 1},
    )


def _broken_line_kind(folder: Path) -> dict[str, int]:
    """The reader's reason for one truncated JSON line (its wording belongs to the reader)."""
    from analysis.ingest import read_bytes

    data = b'{"a": "x", "reviewText": "fine fine fine"}\n{"a": "y", "reviewText": "cut of\n'
    table = read_bytes(data, "probe.jsonl")
    return {reason_kind(reason): 1 for _, reason in table.bad_rows}


SIZES = ["S", "M", "L", "XL", "XXL"]
COLOURS = ["Black", "Navy", "Red"]


def amazon_2018(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """2018 schema: every review copied onto 2-5 size variants (most rows are copies), vote
    as '1,234' strings, style dicts, one record in a hundred with 'Size Name:'; 2 empty."""
    rows = fine_food(shared)[100:150]
    records, texts, products, copies = [], [], [], 0
    helpful: list[int | None] = []
    linked: dict[str, set[str]] = {}  # a product's variants: copies connect them all
    for i, r in enumerate(rows):
        n = 2 + i % 4
        variants = [f"{r['ProductId']}{size}" for size in SIZES[:n]]
        for k, asin in enumerate(variants):
            style = {"Size:": f" {SIZES[k]}", "Color:": f" {COLOURS[i % 3]}"}
            if len(records) % 100 == 99:
                style = {"Size Name:": f" Men's {6 + k}-{6 + k}.5, Women's {8 + k}-{8 + k}.5"}
            day = _day(r["Time"])
            record = {"overall": float(r["Score"]), "verified": i % 5 != 0,
                      "reviewTime": f"{day.month:02d} {day.day}, {day.year}",
                      "reviewerID": r["UserId"], "asin": asin, "style": style,
                      "reviewerName": r["ProfileName"], "reviewText": r["Text"],
                      "summary": r["Summary"], "unixReviewTime": int(r["Time"])}
            votes = int(r["HelpfulnessNumerator"]) * 1000 + 234
            if votes > 234:
                record["vote"] = f"{votes:,}"
            if i % 7 == 0:
                record["image"] = [f"https://images.example/{asin}.jpg"]
            records.append(record)
        if i in (10, 33):
            for record in records[-n:]:
                record["reviewText"] = ""
            continue
        copies += n - 1
        texts.append(r["Text"])
        products.append(r["ProductId"])
        helpful.append(votes if votes > 234 else None)
        linked.setdefault(r["ProductId"], set()).update(variants)
    expected_rows = len(records)
    products = [min(linked[p]) for p in products]  # the family id: its smallest variant id
    return _jsonl(folder / "amazon_2018.json", records), Expected(
        mapping={"text": "reviewText", "rating": "overall", "date": "unixReviewTime",
                 "product_id": "asin", "title": "summary", "author": "reviewerID",
                 "verified": "verified", "helpful_votes": "vote"},
        kept=48, texts=texts, products=products, helpful=helpful,
        rejected={"variant copy of row N": copies,
                  "empty review text (column 'reviewText')": expected_rows - 48 - copies},
    )


def amazon_2023(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """2023 schema: parent_asin is the family, timestamp in ms; 5 reviews also on a second
    variant, 2 empty texts."""
    rows = fine_food(shared)[200:250]
    records, texts, products = [], [], []
    for i, r in enumerate(rows):
        record = {"rating": float(r["Score"]), "title": r["Summary"],
                  "text": "" if i in (4, 17) else r["Text"], "images": [],
                  "asin": f"{r['ProductId']}-1", "parent_asin": r["ProductId"],
                  "user_id": r["UserId"], "timestamp": int(r["Time"]) * 1000 + 512,
                  "helpful_vote": int(r["HelpfulnessNumerator"]),
                  "verified_purchase": i % 3 != 0}
        records.append(record)
        if i % 10 == 3:
            records.append({**record, "asin": f"{r['ProductId']}-2"})
        if i not in (4, 17):
            texts.append(r["Text"])
            products.append(r["ProductId"])
    return _jsonl(folder / "amazon_2023.jsonl", records), Expected(
        mapping={"text": "text", "rating": "rating", "date": "timestamp", "product_id": "asin",
                 "title": "title", "author": "user_id", "helpful_votes": "helpful_vote",
                 "verified": "verified_purchase", "product_family": "parent_asin"},
        kept=48, texts=texts, products=products,
        rejected={"variant copy of row N": 5, "empty review text (column 'text')": 2},
    )


def fine_food_csv(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """The Fine Food CSV as published (read in place): 9 rows repeat a review on a variant."""
    with open(shared / FINE_FOOD, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    copies = {30, 1974, 2310, 2324, 3886, 3887, 4641, 4642, 4643}
    texts = [r["Text"] for i, r in enumerate(rows, start=1) if i not in copies]
    return shared / FINE_FOOD, Expected(
        mapping={"review_id": "Id", "text": "Text", "rating": "Score", "date": "Time",
                 "product_id": "ProductId", "title": "Summary", "author": "UserId"},
        kept=4994, texts=texts, rejected={"variant copy of row N": 9},
    )


def _csv_text(header: list[str], rows: list[list], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def shopify(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """Shopify Product Reviews export: product_handle, state, rating, title, author, email,
    location, body, reply, created_at, replied_at; 2 empty bodies, 1 unreadable date."""
    header = ["product_handle", "state", "rating", "title", "author", "email", "location",
              "body", "reply", "created_at", "replied_at"]
    rows, texts = [], []
    for i, r in enumerate(fine_food(shared)[300:340]):
        created = _day(r["Time"]).strftime("%Y-%m-%d %H:%M:%S UTC")
        body = "" if i in (5, 22) else r["Text"]
        rows.append([f"food-{r['ProductId'].lower()}", "published", r["Score"], r["Summary"],
                     r["ProfileName"], f"customer{i}@example.com", "", body,
                     "Thank you!" if i % 9 == 0 else "", "yesterday" if i == 12 else created,
                     ""])
        if body:
            texts.append(body)
    path = folder / "shopify_reviews.csv"
    path.write_text(_csv_text(header, rows), encoding="utf-8")
    return path, Expected(
        mapping={"text": "body", "rating": "rating", "date": "created_at",
                 "product_id": "product_handle", "title": "title", "author": "author"},
        kept=38, texts=texts, rejected={"empty review text (column 'body')": 2},
        stats={"dates_unparsed": 1},
    )


def trustpilot(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """Trustpilot business export (service reviews, no product); 1 empty content."""
    header = ["Review ID", "Review Created (UTC)", "Review Consumer User ID", "Review Title",
              "Review Content", "Review Stars", "Source Of Review", "Review Language",
              "Domain URL", "Webshop Name", "Business Unit ID", "Tags",
              "Company Reply Date (UTC)", "Reply Content"]
    rows, texts = [], []
    for i, r in enumerate(fine_food(shared)[400:430]):
        content = "" if i == 9 else r["Text"]
        rows.append([f"64{i:022x}", _day(r["Time"]).strftime("%Y-%m-%d %H:%M:%S"),
                     f"5f{int(r['Time']):022x}", r["Summary"], content, r["Score"],
                     "Organic" if i % 2 else "Invitation", "en", "https://shop.example",
                     "Example Shop", "4bd6b0cc0000640005075e1c", "", "", ""])
        if content:
            texts.append(content)
    path = folder / "trustpilot_reviews.csv"
    path.write_text(_csv_text(header, rows), encoding="utf-8")
    return path, Expected(
        mapping={"review_id": "Review ID", "text": "Review Content", "rating": "Review Stars",
                 "date": "Review Created (UTC)", "title": "Review Title",
                 "author": "Review Consumer User ID", "product_id": None},
        kept=29, texts=texts, rejected={"empty review text (column 'Review Content')": 1},
    )


def google_play(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """Google Play console reviews CSV (UTF-16 with BOM); rating-only reviews have no text."""
    header = ["Package Name", "App Version Code", "App Version Name", "Reviewer Language",
              "Device", "Review Submit Date and Time", "Review Submit Millis Since Epoch",
              "Review Last Update Date and Time", "Review Last Update Millis Since Epoch",
              "Star Rating", "Review Title", "Review Text", "Developer Reply Date and Time",
              "Developer Reply Millis Since Epoch", "Developer Reply Text", "Review Link"]
    rows, texts = [], []
    for i, r in enumerate(fine_food(shared)[500:535]):
        when = _day(r["Time"]).strftime("%Y-%m-%dT%H:%M:%SZ")
        millis = str(int(r["Time"]) * 1000)
        text = "" if i % 12 == 5 else r["Text"]
        rows.append(["com.example.pantry", str(1040 + i % 3), f"4.{i % 3}.0", "en", "a10",
                     when, millis, when, millis, r["Score"], "", text, "", "", "",
                     f"https://play.google.com/apps/publish?reviewId={i}"])
        if text:
            texts.append(text)
    path = folder / "reviews_reviews_com.example.pantry_202405.csv"
    path.write_bytes(_csv_text(header, rows).encode("utf-16"))
    return path, Expected(
        mapping={"text": "Review Text", "rating": "Star Rating",
                 "date": "Review Submit Date and Time"},
        kept=32, texts=texts, rejected={"empty review text (column 'Review Text')": 3},
    )


def taobao_gbk(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """A Taobao/JD-style back-end CSV in GBK from real Chinese shopping reviews; 2 empty
    comments, 1 unreadable time."""
    picked = []
    for r in chinese(shared):
        if r["cat"] in ("衣服", "手机") and r["review"].strip() and len(picked) < 60:
            try:
                r["review"].encode("gbk")
            except UnicodeEncodeError:
                continue
            picked.append(r)
    header = ["商品ID", "评论内容", "评分", "评论时间", "用户昵称"]
    rows, texts = [], []
    for i, r in enumerate(picked):
        text = "" if i in (8, 40) else r["review"]
        stamp = "未知" if i == 15 else f"2017-{1 + i % 12:02d}-{1 + i % 28:02d} 12:{i % 60:02d}:00"
        rows.append([f"{5600120 + (i % 6)}", text, "5" if r["label"] == "1" else "1", stamp,
                     f"t***{i}"])
        if text:
            texts.append(text)
    path = folder / "taobao_评价.csv"
    path.write_bytes(_csv_text(header, rows).encode("gbk"))
    return path, Expected(
        mapping={"text": "评论内容", "rating": "评分", "date": "评论时间", "product_id": "商品ID",
                 "author": "用户昵称"},
        kept=58, texts=texts, rejected={"empty review text (column '评论内容')": 2},
        stats={"dates_unparsed": 1},
    )


def xlsx_two_sheets(shared: Path, folder: Path) -> tuple[Path, Expected]:
    """An Excel workbook: a title row above the header on the reviews sheet, a second sheet
    with a summary; 1 empty review."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Reviews"
    sheet.append(["Customer reviews export, May 2024"])
    sheet.append(["Product", "Customer", "Rating", "Review", "Date"])
    texts = []
    for i, r in enumerate(fine_food(shared)[600:625]):
        text = "" if i == 11 else r["Text"]
        sheet.append([r["ProductId"], r["ProfileName"], int(r["Score"]), text,
                      _day(r["Time"]).replace(tzinfo=None)])
        if text:
            texts.append(text)
    summary = book.create_sheet("Summary")
    summary.append(["Metric", "Value"])
    summary.append(["Reviews", 25])
    path = folder / "reviews_export.xlsx"
    book.save(path)
    return path, Expected(
        mapping={"text": "Review", "rating": "Rating", "date": "Date", "product_id": "Product",
                 "author": "Customer"},
        kept=24, texts=texts, rejected={"empty review text (column 'Review')": 1},
    )


BUILDERS = {
    "amazon_2014": amazon_2014,
    "amazon_2018": amazon_2018,
    "amazon_2023": amazon_2023,
    "fine_food": fine_food_csv,
    "shopify": shopify,
    "trustpilot": trustpilot,
    "google_play_utf16": google_play,
    "taobao_gbk": taobao_gbk,
    "xlsx_two_sheets": xlsx_two_sheets,
}
