"""Map a file's columns to the canonical review fields, from header names plus content checks.

Headers are compared after normalization (lower case, no spaces/underscores/dots), first
exactly against per-field alias lists (English marketplace exports: Amazon, Fine Food, Shopify
style; Chinese: 评论内容, 评分, 商品ID, ...), then by keyword. Content then decides what names
cannot: a rating or date column whose values mostly do not parse is not used, and the text
column is chosen by :mod:`analysis.ingest.textcolumn` (a text name wins unless its content
contradicts it; repeated values never rule text out). A user override (``--text-col`` etc.)
always wins. :func:`explain_columns` says why each field got its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.errors import IngestError
from analysis.ingest.dates import parse_dates
from analysis.ingest.ratings import parse_ratings
from analysis.ingest.textcolumn import choose_text

FIELDS = ["review_id", "text", "rating", "date", "product_id", "product_name", "title",
          "author", "verified", "helpful_votes"]
# The command-line flag that overrides each field's column (``ingest``, ``analyze``, ``inspect``).
FIELD_FLAGS = {"text": "--text-col", "review_id": "--id-col", "rating": "--rating-col",
               "date": "--date-col", "product_id": "--product-col", "title": "--title-col"}

# Exact aliases (normalized header), in priority order per field.
ALIASES: dict[str, list[str]] = {
    "review_id": ["reviewid", "id", "reviewidentifier", "commentid", "评论id", "评价id",
                  "评论编号", "评价编号"],
    "text": ["reviewtext", "reviewbody", "text", "body", "content", "comment", "comments",
             "review", "reviewcontent", "reviewcomment", "feedback", "kommentar", "rezension",
             "comentario", "reseña", "opinión", "commentaire", "avis", "评论内容", "评价内容",
             "内容", "评论", "评价", "正文", "评论正文"],
    "rating": ["rating", "overall", "score", "stars", "star", "starrating", "reviewrating",
               "ratingvalue", "reviewscore", "reviewstars", "bewertung", "sterne",
               "puntuación", "valoración", "estrellas", "note", "评分", "星级", "打分", "评星",
               "分数", "评价星级"],
    "date": ["date", "reviewdate", "unixreviewtime", "timestamp", "time", "reviewtime",
             "createdat", "created", "datetime", "submissiontime", "submittedat",
             "publishedat", "posted", "reviewdatetime", "reviewsubmitdateandtime", "reviewcreated",
             "reviewcreatedutc", "reviewcreatedat", "createdutc", "reviewedat", "datum",
             "fecha", "评论时间",
             "评价时间", "时间", "日期", "评论日期", "创建时间", "发布时间"],
    "product_id": ["productid", "asin", "parentasin", "sku", "itemid", "productcode",
                   "producthandle", "handle", "productsku", "product", "item", "商品id",
                   "商品编号", "产品id", "产品编号", "商品", "产品"],
    "product_name": ["productname", "producttitle", "itemname", "itemtitle", "商品名称",
                     "产品名称"],
    "title": ["title", "summary", "reviewtitle", "headline", "reviewheadline", "reviewsummary",
              "subject", "标题", "评论标题", "评价标题"],
    "author": ["reviewerid", "userid", "author", "reviewername", "username", "user",
               "profilename", "customerid", "customername", "customer", "reviewer",
               "nickname", "用户",
               "用户名", "用户id", "昵称", "买家", "会员名"],
    "verified": ["verified", "verifiedpurchase", "isverified", "verifiedbuyer", "已验证购买"],
    "helpful_votes": ["helpfulvotes", "helpful", "helpfulnessnumerator", "helpfulcount",
                      "vote", "votes", "upvotes", "totalvotes", "thumbsup", "thumbsupcount", "有用",
                      "有用数", "点赞数"],
}

# Keywords for headers no alias matched (substring of the normalized header).
KEYWORDS: dict[str, list[str]] = {
    "text": ["reviewtext", "review", "comment", "content", "text", "body", "评论", "评价", "内容"],
    "rating": ["rating", "star", "score", "评分", "星"],
    "date": ["date", "time", "日期", "时间"],
    "product_id": ["asin", "productid", "sku", "商品", "产品"],
    "title": ["title", "summary", "标题"],
    "author": ["reviewer", "author", "user", "用户"],
    "helpful_votes": ["helpful"],
}

CHECK_ROWS = 2000
# Fields holding identifiers or names: their mean length stays below these many characters.
SHORT_FIELDS = {"review_id": 64, "product_id": 64, "author": 64, "verified": 20,
                "helpful_votes": 30}
NAME_FIELDS = {"review_id", "product_id", "author"}  # also: not sentence-like
# Sentence punctuation (CJK or Latin followed by a space) or five or more words.
_SENTENCE = re.compile(r"[，。！？；]|[,.!?;]\s|(?:\S+\s+){4}\S")


def normalize_header(header: str) -> str:
    """Lower-case a header and drop separators: 'Review_Text ' -> 'reviewtext'."""
    return re.sub(r"[\s_\-.:/()（）\[\]]+", "", str(header).lower())


def _names(header: str) -> list[str]:
    """Normalized forms to match: the whole header and, for nested JSON, its last part."""
    whole = normalize_header(header)
    last = normalize_header(str(header).rsplit(".", 1)[-1])
    return [whole] if last == whole else [whole, last]


@dataclass
class ColumnMapping:
    """The column feeding each canonical field and, per field, why (for ``inspect``)."""

    mapping: dict[str, str | None]
    notes: dict[str, str]


def map_columns(frame: pd.DataFrame, source: str,
                overrides: dict[str, str] | None = None) -> dict[str, str | None]:
    """Return ``{field: column or None}`` for every canonical field; IngestError without text."""
    return explain_columns(frame, source, overrides).mapping


def explain_columns(frame: pd.DataFrame, source: str,
                    overrides: dict[str, str] | None = None) -> ColumnMapping:
    """Like :func:`map_columns`, with a one-line reason per field for every decision."""
    columns = [str(c) for c in frame.columns]
    mapping: dict[str, str | None] = dict.fromkeys(FIELDS)
    notes: dict[str, str] = {}
    used: set[str] = set()
    for field, column in (overrides or {}).items():
        if field not in mapping:
            raise ValueError(f"unknown review field {field!r}; expected one of {FIELDS}")
        if column is None:
            continue
        if column not in columns:
            raise IngestError(
                source,
                f"the column {column!r} given for {field} is not in the file. Its columns are: "
                f"{_list(columns)}. Check the spelling (it is case-sensitive) and try again.",
            )
        mapping[field] = column
        notes[field] = f"{column!r}: given by the user"
        used.add(column)
    fixed = {f for f, c in mapping.items() if c is not None}
    sample = frame.head(CHECK_ROWS)

    rejected_by_content: set[tuple[str, str]] = set()
    for how in ("whole", "last", "keyword"):
        for field in FIELDS:
            if field in fixed or field == "text" or mapping[field] is not None:
                continue
            column = _by_name(field, columns, used, how, rejected_by_content)
            if column is None:
                continue
            if _content_fits(field, sample[column]):
                mapping[field] = column
                notes[field] = f"{column!r}: {_HOW[how]}"
                used.add(column)
            else:
                rejected_by_content.add((field, column))
    for field, column in sorted(rejected_by_content, key=lambda fc: FIELDS.index(fc[0])):
        if mapping[field] is None:
            notes[field] = f"not found ({column!r} has a fitting name but its values do not fit)"

    if "text" not in fixed:
        choice = choose_text(sample, text_tiers([c for c in columns if c not in used]))
        mapping["text"] = choice.column
        notes["text"] = choice.explain()
        if mapping["text"] is None:
            raise IngestError(
                source,
                f"no column holding review text was found. Its columns are: {_list(columns)}. "
                "Name the text column with --text-col COLUMN (or pick it in the upload form).",
            )
        if mapping["title"] == mapping["text"]:
            mapping["title"] = None
            notes["title"] = "not used: its column holds the review text"
    for field in FIELDS:
        notes.setdefault(field, "not found" if mapping[field] is None else "")
    return ColumnMapping(mapping, notes)


_HOW = {"whole": "its name matches", "last": "its nested name ends in a matching name",
        "keyword": "its name contains a matching word"}


def text_tiers(columns: list[str]) -> dict[str, int]:
    """Name tier of each column as review text: 1 whole-name alias, 2 nested-name alias,
    3 keyword in the name, 4 no name match (see :mod:`analysis.ingest.textcolumn`)."""
    tiers = {}
    for column in columns:
        names = _names(column)
        if names[0] in ALIASES["text"]:
            tiers[column] = 1
        elif names[-1] in ALIASES["text"]:
            tiers[column] = 2
        elif any(k in n for k in KEYWORDS["text"] for n in names):
            tiers[column] = 3
        else:
            tiers[column] = 4
    return tiers


def _list(columns: list[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:30])
    return shown + (f" and {len(columns) - 30} more" if len(columns) > 30 else "")


def _by_name(field: str, columns: list[str], used: set[str], how: str,
             skip: set[tuple[str, str]]) -> str | None:
    """First free column matching ``field`` by its whole header, its last dotted part, or a
    keyword (``how``), skipping columns whose content already failed for this field."""
    free = [c for c in columns if c not in used and (field, c) not in skip]
    if how == "keyword":
        for keyword in KEYWORDS.get(field, []):
            for column in free:
                if any(keyword in name for name in _names(column)):
                    return column
        return None
    for alias in ALIASES.get(field, []):
        for column in free:
            names = _names(column)
            name = names[0] if how == "whole" else names[-1]
            if alias == name:
                return column
    return None


def _non_empty(values: pd.Series) -> pd.Series:
    values = values.fillna("").astype(str).str.strip()
    return values[values != ""]


def _content_fits(field: str, values: pd.Series) -> bool:
    """Do the sampled values look like this field? (Empty columns are kept: nothing to judge.)"""
    present = _non_empty(values)
    if present.empty:
        return True
    if field == "rating":
        parsed = parse_ratings(present)
        return parsed.unparsed <= 0.5 * len(present)
    if field == "date":
        parsed = parse_dates(present)
        return parsed.unparsed <= 0.5 * len(present)
    if field in SHORT_FIELDS:  # ids and names, not sentences ('商品评价' is review text)
        if float(present.str.len().mean()) > SHORT_FIELDS[field]:
            return False
        return field not in NAME_FIELDS or present.str.contains(_SENTENCE).mean() < 0.5
    return True
