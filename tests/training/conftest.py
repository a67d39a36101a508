"""A tiny synthetic copy of the shared datasets' layout, so training code is tested anywhere."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

LAPTOP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sentences>
  <sentence id="1"><text>The battery life is great.</text>
    <aspectTerms><aspectTerm term="battery life" polarity="positive" from="4" to="16"/>
    </aspectTerms></sentence>
  <sentence id="2"><text>  The keyboard is awful but the screen is fine.</text>
    <aspectTerms><aspectTerm term="keyboard" polarity="negative" from="2" to="10"/>
    <aspectTerm term="screen" polarity="positive" from="29" to="35"/></aspectTerms></sentence>
  <sentence id="3"><text>I bought it for school.</text></sentence>
  <sentence id="4"><text>The price is ok, the fan is loud.</text>
    <aspectTerms><aspectTerm term="price" polarity="conflict" from="4" to="9"/>
    <aspectTerm term="fan" polarity="negative" from="21" to="24"/></aspectTerms></sentence>
</sentences>
"""

RESTAURANT_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sentences>
  <sentence id="10"><text>Great food but the service was dreadful!</text>
    <aspectTerms><aspectTerm term="food" polarity="positive" from="6" to="10"/>
    <aspectTerm term="service" polarity="negative" from="19" to="26"/></aspectTerms>
    <aspectCategories><aspectCategory category="food" polarity="positive"/>
    <aspectCategory category="service" polarity="negative"/></aspectCategories></sentence>
  <sentence id="11"><text>We loved it.</text>
    <aspectCategories><aspectCategory category="anecdotes/miscellaneous" polarity="positive"/>
    </aspectCategories></sentence>
</sentences>
"""

REVIEWS = [
    ["1", "P1", "U1", "a", "0", "0", "5", "1300000000", "Good Quality Dog Food",
     "My dog loves it.<br />Will buy again."],
    ["2", "P2", "U2", "b", "0", "0", "1", "1300000000", "Not as Advertised", "Tiny and stale."],
    ["3", "P3", "U3", "c", "0", "0", "", "1300000000", "Blank score", "No score here."],
    ["4", "P4", "U4", "d", "0", "0", "3", "1300000000", "It is ok", "Tastes fine, pricey."],
    ["5", "P5", "U5", "e", "0", "0", "4", "1300000000", "Nice", "Tiny and stale."],
]

SST2 = """label\tsentence
1\ta gorgeous , witty , seductive movie .
0\tthe plot is nothing but boilerplate clichés from start to finish ,
0\tit 's a bad sign when you 're rooting for the film to end .
1\tone of the year 's best films , and it does n't waste a minute .
"""


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A data folder with two SemEval files, a Fine Food CSV (one blank Score) and an SST-2
    file (one phrase, three sentences)."""
    semeval = tmp_path / "semeval2014_task4_train"
    semeval.mkdir()
    (semeval / "Laptop_Train_v2.xml").write_text(LAPTOP_XML)
    (semeval / "Restaurants_Train_v2.xml").write_text(RESTAURANT_XML)
    food = tmp_path / "amazon_fine_food_reviews_sample"
    food.mkdir()
    with (food / "Reviews.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "ProductId", "UserId", "ProfileName", "HelpfulnessNumerator",
                         "HelpfulnessDenominator", "Score", "Time", "Summary", "Text"])
        writer.writerows(REVIEWS)
    (tmp_path / "sst2_train").mkdir()
    (tmp_path / "sst2_train" / "train.tsv").write_text(SST2)
    return tmp_path
