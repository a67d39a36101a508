"""Vocabulary for the synthetic sample reviews: the catalogue and per-aspect sentence templates.

Sentences are composed from templates with slots (``{item}``, ``{very}``, ``{when}``...) so the
corpus varies like real reviews while every sentence still carries a known aspect and polarity.
The ground truth per product lives in ``PRODUCTS`` (and is described in data/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Product:
    """A catalogue item and how its reviews talk about each aspect.

    ``aspects`` maps aspect -> probability that a mention of it is positive; ``weight`` is the
    share of review volume; ``units`` the baseline weekly sales.
    """

    product_id: str
    name: str
    nouns: tuple[str, ...]
    aspects: dict[str, float]
    weight: float
    units: float
    price_band: str = "mid"
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)


PRODUCTS: list[Product] = [
    Product(
        "LP-100", "LaserPro M100 mono laser printer", ("printer", "LaserPro", "M100"),
        {"print quality": 0.9, "toner": 0.3, "paper jams": 0.75, "setup": 0.8, "noise": 0.55,
         "delivery": 0.75, "price": 0.6, "support": 0.55, "durability": 0.7, "packaging": 0.7},
        weight=0.2, units=140, notes="strength: print quality, setup; weakness: toner cost. "
        "Emerging problem: paper jams and overheating from 2026-10-05.",
    ),
    Product(
        "CH-200", "ErgoFlex mesh office chair", ("chair", "ErgoFlex", "seat"),
        {"comfort": 0.9, "assembly": 0.25, "durability": 0.7, "size": 0.8, "price": 0.6,
         "delivery": 0.7, "packaging": 0.6, "support": 0.6, "noise": 0.5},
        weight=0.17, units=90, notes="strength: comfort, size/fit; weakness: assembly.",
    ),
    Product(
        "SH-300", "QuietCut cross-cut paper shredder", ("shredder", "QuietCut", "machine"),
        {"noise": 0.2, "paper jams": 0.35, "durability": 0.8, "price": 0.7, "delivery": 0.75,
         "support": 0.6, "size": 0.6, "packaging": 0.7},
        weight=0.13, units=60, notes="strength: durability, value; weakness: noise, jams.",
    ),
    Product(
        "KB-400", "SlimKey wireless keyboard and mouse set", ("keyboard", "SlimKey", "set"),
        {"battery": 0.9, "setup": 0.85, "durability": 0.35, "size": 0.65, "price": 0.75,
         "delivery": 0.8, "support": 0.5, "packaging": 0.7, "noise": 0.7},
        weight=0.18, units=220, notes="strength: battery life, setup; weakness: durability "
        "(keys and scroll wheel wear out).",
    ),
    Product(
        "LB-500", "TagMaker thermal label printer", ("label printer", "TagMaker", "labeller"),
        {"print quality": 0.8, "setup": 0.25, "support": 0.3, "price": 0.75, "delivery": 0.75,
         "durability": 0.7, "packaging": 0.7, "size": 0.7},
        weight=0.1, units=45, notes="strength: print quality, price; weakness: setup/software "
        "and customer support.",
    ),
    Product(
        "TN-600", "TN-600 toner cartridge (2-pack)", ("cartridge", "toner", "TN-600 pack"),
        {"price": 0.85, "print quality": 0.75, "packaging": 0.3, "delivery": 0.4,
         "toner": 0.7, "support": 0.55, "durability": 0.65},
        weight=0.12, units=300, notes="strength: price/value, yield; weakness: packaging "
        "(leaking toner) and slow delivery.",
    ),
    Product(
        "SD-700", "RiseDesk electric standing desk", ("desk", "RiseDesk", "standing desk"),
        {"durability": 0.85, "noise": 0.85, "delivery": 0.3, "assembly": 0.4, "size": 0.75,
         "price": 0.5, "support": 0.65, "packaging": 0.45, "setup": 0.7},
        weight=0.1, units=35, notes="strength: sturdiness, quiet motor; weakness: delivery "
        "(late, damaged boxes).",
    ),
]

EMERGING_PRODUCT = "LP-100"
EMERGING_START = "2026-10-05"

VERY = ["very", "really", "remarkably", "genuinely", "quite", "surprisingly", "consistently", ""]
WHEN = ["after two weeks", "after a month of daily use", "from day one", "within a week",
        "after three months", "since we installed it", "so far", "in the first week"]
WHO = ["our team", "the office", "our reception desk", "my colleagues", "the warehouse staff",
       "our accounts department", "everyone on the floor", "my assistant"]

# Each aspect: positive and negative templates. Slots: {item} {very} {when} {who}.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "print quality": {
        "pos": ["Print quality is {very} sharp, even small fonts come out crisp.",
                "The prints are clean and dark with no streaks.",
                "Text and barcodes print {very} clearly {when}.",
                "{who} loves how crisp the output looks.",
                "Output quality is excellent for invoices and labels."],
        "neg": ["Print quality is poor, pages come out faded and streaky.",
                "The prints have grey smudges down the left side.",
                "Barcodes print blurry and our scanners cannot read them.",
                "Output got noticeably lighter {when}."],
    },
    "toner": {
        "pos": ["The toner lasts a long time, we got well over the rated pages.",
                "Toner yield is {very} good for the price.",
                "One cartridge lasted {who} almost four months."],
        "neg": ["Replacement toner is {very} expensive and runs out fast.",
                "The starter toner ran out {when}.",
                "Toner costs more than the {item} itself over a year.",
                "It rejects third-party toner, which makes running costs high."],
    },
    "paper jams": {
        "pos": ["No paper jams at all {when}.",
                "Handles a full tray without a single jam.",
                "It feeds paper smoothly, even thicker stock."],
        "neg": ["It jams constantly, sometimes every ten pages.",
                "Paper jams are a daily headache for {who}.",
                "The {item} jams whenever the tray is more than half full.",
                "We clear a jam almost every time we use it."],
    },
    "overheating": {
        "pos": ["It stays cool even during long runs."],
        "neg": ["The {item} gets {very} hot and shuts itself down mid-job.",
                "It overheats after about twenty pages and then jams.",
                "Overheating warning light comes on {when}, then the paper jams.",
                "The back of the {item} is too hot to touch and pages come out crumpled."],
    },
    "comfort": {
        "pos": ["{very} comfortable for a full eight-hour day.",
                "The lumbar support is excellent and my back pain is gone.",
                "{who} says it is the most comfortable chair we have bought.",
                "The mesh back stays cool and comfortable."],
        "neg": ["The seat cushion is hard and uncomfortable after an hour.",
                "The armrests dig into my elbows.",
                "Lumbar support sits too low to be of any use."],
    },
    "assembly": {
        "pos": ["Assembly took fifteen minutes with the included tools.",
                "Putting it together was {very} easy, clear instructions.",
                "Assembled it alone without any trouble."],
        "neg": ["Assembly was a nightmare, the instructions are unreadable.",
                "Screw holes did not line up and assembly took two hours.",
                "Parts were missing so we could not finish the assembly.",
                "The assembly instructions are just pictures with no labels."],
    },
    "durability": {
        "pos": ["Feels {very} solid and well built.",
                "Still works perfectly {when}.",
                "Sturdy construction, it has survived heavy office use.",
                "Build quality is {very} good for a business product."],
        "neg": ["It broke {when}.",
                "Feels flimsy and cheap, some parts are already loose.",
                "Stopped working {when} and had to be replaced.",
                "The plastic cracked {when}."],
    },
    "size": {
        "pos": ["The size is just right for a small office.",
                "Fits neatly on the desk without taking much space.",
                "Good fit for taller and shorter colleagues alike."],
        "neg": ["It is much bigger than the pictures suggest.",
                "Too small for anyone over six feet.",
                "Does not fit under a standard desk."],
    },
    "noise": {
        "pos": ["It is {very} quiet, you barely hear it running.",
                "The motor is whisper quiet.",
                "Quiet enough to use during phone calls."],
        "neg": ["It is {very} loud, we cannot use it during calls.",
                "The noise is unbearable in a shared office.",
                "Makes a grinding noise {when}."],
    },
    "setup": {
        "pos": ["Setup took five minutes, it connected straight away.",
                "{very} easy to set up, plug and play.",
                "Installation on our network was painless.",
                "Easy to use, {who} figured it out without a manual."],
        "neg": ["Setup is confusing and the software keeps crashing.",
                "The driver would not install on our laptops.",
                "Took an hour to get it working with our system.",
                "The companion app is clumsy and hard to use."],
    },
    "battery": {
        "pos": ["Battery life is outstanding, months on one set of batteries.",
                "The batteries lasted {when} and beyond.",
                "Great battery life, never had to think about it."],
        "neg": ["The batteries drain in a couple of weeks.",
                "Battery life is {very} poor.",
                "The mouse battery died {when}."],
    },
    "delivery": {
        "pos": ["Delivery was fast, it arrived the next day.",
                "Arrived two days early and well packed.",
                "Shipping was quick and tracking was accurate."],
        "neg": ["Delivery took three weeks longer than promised.",
                "It arrived late and the courier left it in the rain.",
                "Shipping was slow and the box arrived damaged.",
                "We waited almost a month for delivery."],
    },
    "price": {
        "pos": ["Great value for money.",
                "Good price compared with the big brands.",
                "{very} good value for an office purchase.",
                "Cheaper than what we paid before and just as good."],
        "neg": ["Overpriced for what you get.",
                "Not worth the money.",
                "Too expensive compared with similar products."],
    },
    "support": {
        "pos": ["Customer support replied within an hour and solved it.",
                "Support was {very} helpful and sent a replacement part.",
                "The support team was friendly and knew the product."],
        "neg": ["Customer support never answered our emails.",
                "Support kept us on hold for forty minutes.",
                "The support team was useless and blamed our network.",
                "We are still waiting for support to reply {when}."],
    },
    "packaging": {
        "pos": ["Packaging was solid and everything arrived intact.",
                "{very} well packaged, no damage at all."],
        "neg": ["The packaging was flimsy and the box was crushed.",
                "Toner had leaked all over the box.",
                "Poor packaging, it arrived scratched."],
    },
}

OPENERS = {
    "pos": ["Bought this for {who}.", "We ordered several for the office.",
            "Replaced our old one with this.", "Second purchase for our branch office.", ""],
    "neg": ["Bought this for {who} and regret it.", "We ordered several for the office.",
            "Replaced our old one with this.", "Had high hopes for this one.", ""],
    "mixed": ["Mixed feelings about this one.", "We ordered several for the office.", ""],
}
CLOSERS = {
    5: ["Highly recommended.", "Would buy again.", "Five stars.", ""],
    4: ["Recommended overall.", "Happy with it.", ""],
    3: ["It is okay for the price.", "Average overall.", "Not sure I would buy again.", ""],
    2: ["Disappointed.", "Would not buy again.", ""],
    1: ["Avoid.", "Returning it.", "Waste of money.", ""],
}
TITLES = {
    5: ["Excellent", "Great purchase", "Exactly what we needed", "Love it", "Top quality"],
    4: ["Very good", "Solid choice", "Good value", "Works well"],
    3: ["Okay", "Average", "Mixed bag", "Does the job"],
    2: ["Disappointing", "Not great", "Expected more"],
    1: ["Terrible", "Do not buy", "Broken", "Waste of money"],
}

# A few reviews in other languages (text, rating), as real marketplaces have.
FOREIGN: list[tuple[str, int]] = [
    ("Der Drucker ist schnell und die Druckqualität ist sehr gut.", 5),
    ("Die Lieferung hat zwei Wochen gedauert, der Karton war beschädigt.", 2),
    ("Sehr bequemer Stuhl, aber der Aufbau war mühsam.", 4),
    ("La calidad de impresión es excelente y el envío fue rápido.", 5),
    ("El producto llegó tarde y el servicio al cliente no responde.", 1),
    ("Muy buena relación calidad-precio.", 4),
    ("打印效果很好，安装也很简单。", 5),
    ("送货太慢了，包装也破了。", 2),
    ("质量一般，用了一个月就坏了。", 1),
    ("性价比很高，推荐购买。", 5),
]
AUTHORS_FIRST = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Chris", "Pat", "Jamie", "Robin",
                 "Dana", "Lee", "Kim", "Max", "Charlie", "Avery", "Quinn", "Riley", "Casey"]
AUTHORS_LAST = ["S.", "M.", "K.", "B.", "T.", "R.", "W.", "H.", "L.", "P."]
