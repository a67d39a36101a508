"""Dataset parsing, derived labels and leak-free splits."""

from __future__ import annotations

from collections import defaultdict

import pytest

from analysis.training.data import (
    assign_groups,
    clean_review_text,
    load_corpus,
    load_fine_food,
    load_semeval,
    score_to_label,
    split_of,
)


def test_semeval_reanchors_shifted_offsets_and_skips_conflict_polarity(tiny_data):
    examples = {e.meta["id"]: e for e in load_semeval(tiny_data, "laptops")}
    keyboard = examples["2"].aspects[0]
    assert examples["2"].text[keyboard.start:keyboard.end] == "keyboard"
    assert (keyboard.start, keyboard.end) == (6, 14)
    price = examples["4"].aspects[0]
    assert price.term == "price" and price.polarity is None


def test_semeval_sentence_labels_only_when_all_polarities_agree(tiny_data):
    laptops = {e.meta["id"]: e for e in load_semeval(tiny_data, "laptops")}
    assert laptops["1"].sentiment == "positive"
    assert laptops["2"].sentiment is None  # mixed
    assert laptops["3"].sentiment is None and laptops["3"].aspects == []
    assert laptops["4"].sentiment is None  # conflict involved
    restaurants = {e.meta["id"]: e for e in load_semeval(tiny_data, "restaurants")}
    assert restaurants["11"].sentiment == "positive"  # from the category polarity


def test_fine_food_drops_blank_score_with_reason_and_cleans_text(tiny_data):
    reviews, dropped = load_fine_food(tiny_data)
    assert [r.review_id for r in reviews] == ["1", "2", "4", "5"]
    assert len(dropped) == 1 and "Id 3" in dropped[0] and "Score" in dropped[0]
    assert reviews[0].text == "My dog loves it. Will buy again."


def test_repeated_review_text_shares_a_group_across_products(tiny_data):
    reviews, _ = load_fine_food(tiny_data)
    by_id = {r.review_id: r for r in reviews}
    assert by_id["2"].group == by_id["5"].group
    assert by_id["2"].split == by_id["5"].split
    assert by_id["1"].group != by_id["2"].group


def test_score_to_label_and_clean_text():
    assert [score_to_label(s) for s in (1, 2, 3, 4, 5)] == [
        "negative", "negative", "neutral", "positive", "positive"]
    assert clean_review_text("a<br />b<BR>c") == "a b c"


def test_split_of_is_deterministic_and_roughly_proportioned():
    splits = [split_of(f"g{i}", 2014) for i in range(5000)]
    assert splits == [split_of(f"g{i}", 2014) for i in range(5000)]
    assert 0.17 < splits.count("dev") / 5000 < 0.23
    assert 0.05 < splits.count("val") / 5000 < 0.11


def test_assign_groups_keeps_a_huge_group_out_of_dev():
    sizes = {"huge": 500, **{f"g{i}": 5 for i in range(100)}}
    assigned = assign_groups(sizes, seed=1)
    assert assigned["huge"] == "train"
    dev_rows = sum(sizes[g] for g, s in assigned.items() if s == "dev")
    assert dev_rows <= 0.2 * sum(sizes.values())


@pytest.mark.shared
def test_real_corpus_splits_never_share_a_group(shared_data):
    corpus = load_corpus(shared_data)
    assert len(corpus.dropped) == 2  # the two blank Scores (Ids 4935, 4957)
    splits_by_group = defaultdict(set)
    for example in corpus.examples:
        splits_by_group[example.group].add(example.split)
    assert all(len(s) == 1 for s in splits_by_group.values())
    products = defaultdict(set)
    for review in corpus.reviews:
        products[review.product_id].add(review.split)
    assert all(len(s) == 1 for s in products.values())
    dev = corpus.split("dev")
    assert len([e for e in dev if e.source == "finefood-summary"]) > 500
    assert len([e for e in dev if e.source.startswith("semeval")]) > 1000


def test_sst2_keeps_whole_sentences_detokenized(tiny_data):
    from analysis.training.data import load_sst2

    examples = load_sst2(tiny_data, limit=10)
    texts = {e.text: e.sentiment for e in examples}
    assert texts == {
        "A gorgeous, witty, seductive movie.": "positive",
        "It's a bad sign when you're rooting for the film to end.": "negative",
        "One of the year's best films, and it doesn't waste a minute.": "positive",
    }  # the phrase ending in "," is not a sentence
    assert {e.split for e in examples} == {"train"} and {e.source for e in examples} == {"sst2"}
    assert len(load_sst2(tiny_data, limit=2)) == 2 and load_sst2(tiny_data, limit=0) == []


def test_corpus_split_accepts_several_splits(tiny_data):
    corpus = load_corpus(tiny_data, sst2=10)
    both = corpus.split(("train", "val"))
    assert len(both) == len(corpus.split("train")) + len(corpus.split("val"))
    assert not any(e.split == "dev" for e in both)
    assert sum(e.source == "sst2" for e in both) == 3
