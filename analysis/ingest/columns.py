"""Map a file's columns to the canonical review fields, from header names plus content checks.

Headers are compared after normalisation (lower case, no spaces/underscores/dots), first
exactly against per-field alias lists (English marketplace exports: Amazon, Fine Food, Shopify
style; Chinese: 评论内容, 评分, 商品ID, ...), then by keyword. Content then decides what names
cannot: the text column must hold free text (the longest such column wins when several
qualify or none is named), and a rating or date column whose values mostly do not parse is
not used. A user override (``--text-col`` etc.) always wins.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.errors import IngestError
from analysis.ingest.dates import parse_dates
from analysis.ingest.ratings import parse_ratings

FIELDS = ["review_id", "text", "rating", "date", "product_id", "product_name", "title",
          "author", "verified", "helpful_votes"]

# Exact aliases (normalised header), in priority order per field.
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
             "publishedat", "posted", "reviewdatetime", "datum", "fecha", "评论时间",
             "评价时间", "时间", "日期", "评论日期", "创建时间", "发布时间"],
    "product_id": ["productid", "asin", "parentasin", "sku", "itemid", "productcode",
                   "product", "item", "商品id", "商品编号", "产品id", "产品编号", "商品", "产品"],
    "product_name": ["productname", "producttitle", "itemname", "itemtitle", "商品名称",
                     "产品名称"],
    "title": ["title", "summary", "reviewtitle", "headline", "reviewheadline", "reviewsummary",
              "subject", "标题", "评论标题", "评价标题"],
    "author": ["reviewerid", "userid", "author", "reviewername", "username", "user",
               "profilename", "customerid", "customername", "reviewer", "nickname", "用户",
               "用户名", "用户id", "昵称", "买家", "会员名"],
    "verified": ["verified", "verifiedpurchase", "isverified", "verifiedbuyer", "已验证购买"],
    "helpful_votes": ["helpfulvotes", "helpful", "helpfulnessnumerator", "helpfulcount",
                      "votes", "upvotes", "totalvotes", "有用", "有用数", "点赞数"],
}

# Keywords for headers no alias matched (substring of the normalised header).
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
_HAS_LETTER = re.compile(r"[^\W\d_]")
# Sentence punctuation (CJK or Latin followed by a space) or five or more words.
_SENTENCE = re.compile(r"[，。！？；]|[,.!?;]\s|(?:\S+\s+){4}\S")


def normalise_header(header: str) -> str:
    """Lower-case a header and drop separators: 'Review_Text ' -> 'reviewtext'."""
    return re.sub(r"[\s_\-.:/()（）\[\]]+", "", str(header).lower())


def _names(header: str) -> list[str]:
    """Normalised forms to match: the whole header and, for nested JSON, its last part."""
    whole = normalise_header(header)
    last = normalise_header(str(header).rsplit(".", 1)[-1])
    return [whole] if last == whole else [whole, last]


def map_columns(frame: pd.DataFrame, source: str,
                overrides: dict[str, str] | None = None) -> dict[str, str | None]:
    """Return ``{field: column or None}`` for every canonical field; IngestError without text."""
    columns = [str(c) for c in frame.columns]
    mapping: dict[str, str | None] = dict.fromkeys(FIELDS)
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
                used.add(column)
            else:
                rejected_by_content.add((field, column))

    if "text" not in fixed:
        mapping["text"] = _choose_text(sample, columns, used)
        if mapping["text"] is None:
            raise IngestError(
                source,
                f"no column holding review text was found. Its columns are: {_list(columns)}. "
                "Name the text column with --text-col COLUMN (or pick it in the upload form).",
            )
        if mapping["title"] == mapping["text"]:
            mapping["title"] = None
    return mapping


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


def free_text_length(values: pd.Series) -> float:
    """Mean length of the values if the column holds free text, else 0.

    Free text: most values contain letters, few are pure numbers, and values vary.
    """
    present = _non_empty(values)
    if present.empty:
        return 0.0
    has_letters = present.str.contains(_HAS_LETTER).mean()
    distinct = present.nunique() / len(present)
    if has_letters < 0.8 or (len(present) >= 20 and distinct < 0.3):
        return 0.0
    return float(present.str.len().mean())


def _choose_text(sample: pd.DataFrame, columns: list[str], used: set[str]) -> str | None:
    free = [c for c in columns if c not in used]
    named = [c for c in free
             if any(a in _names(c) for a in ALIASES["text"])
             or any(k in n for k in KEYWORDS["text"] for n in _names(c))]
    lengths = {c: free_text_length(sample[c]) for c in free}
    named_ok = [c for c in named if lengths[c] > 0]
    if len(named_ok) == 1:
        return named_ok[0]
    pool = named_ok or [c for c in free if lengths[c] >= 15]
    if not pool:
        return None
    return max(pool, key=lambda c: lengths[c])
