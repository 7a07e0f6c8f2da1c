"""A deterministic corpus of seller-to-buyer messages for the benchmark (and the prefilter tests).

``messages(n, seed)`` returns ``n`` texts of 400-2,500 characters: mostly compliant replies,
some with a violation taken from the bundled packs' own ``fail`` examples, some with Unicode
(accents, curly quotes, other scripts) and some with a violation disguised (look-alike letters,
invisible characters, spaced-out letters, full-width forms, digit swaps). The same seed gives the
same texts on every machine and Python version (only ``random.Random`` with a fixed seed is used).
Standard library plus PyYAML (to read the packs' examples).
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

NAMES = ["Marcus", "Aisha", "Tom", "Priya", "Jonas", "Mei", "Oliver", "Fatima", "Luca", "Grace"]
UNICODE_NAMES = ["Zoë", "José", "Łukasz", "Søren", "Müller", "Ångström", "Chloé", "Dvořák", "李雷", "Αλέξης"]
SHOPS = ["Ironbark Tools", "Vantor Fitness", "Brightlamp Home", "Kettle & Co", "Northwind Textiles"]
PRODUCTS = ["desk lamp", "yoga mat", "kettle", "shelf brackets", "duvet cover", "drill bits", "tea set"]
COMPLIANT = [
    "Thank you for your order of the {p}; it left our warehouse this morning.",
    "The carrier expects to deliver it on Thursday between 9 am and 1 pm.",
    "Please keep the packaging until you have checked that every part is there.",
    "If the {p} arrived damaged, reply to this message with a photo and we will sort it out.",
    "The instructions are printed on the inside of the lid.",
    "Charge the battery fully before the first use; it takes about three hours.",
    "We have checked the stock and a replacement can ship tomorrow.",
    "Your return has been received and the refund will be issued through Amazon.",
    "The tracking number is 1Z999AA10123456784 and it updates every evening.",
    "Wash the cover at 40 degrees and dry it flat to keep its shape.",
    "The warranty covers manufacturing faults for two years from delivery.",
    "Tighten the screws by hand first, then a quarter turn with the key.",
    "We are sorry for the delay; the courier had a backlog after the holiday.",
    "The colour in the photos is slightly warmer than the real fabric.",
    "If anything is unclear, just reply here and we will answer within a day.",
    "Step 2: slide the shelf over the pins until it clicks into place.",
    "The size chart lists the chest measurement in centimetres and inches.",
    "Your parcel weighs 2.4 kg and was handed to the carrier at 14:05.",
    "We noticed the address has no flat number; please check it in your Amazon account.",
    "Store the tea set somewhere dry and away from direct sunlight.",
    "The replacement part number is HX-220 and it fits every model from 2021 on.",
    "A partial refund for the missing lid can be requested in your orders on Amazon.",
    "Mark the holes with the paper template, then drill with the 6 mm bit.",
    "The lamp takes an E27 bulb of up to 60 W, which is not included.",
]
UNICODE_COMPLIANT = [
    "The café-style mugs ship in a double-walled box — no bubble wrap needed.",
    "Your “Nordic” throw is 130 × 170 cm and weighs 1,2 kg.",
    "The price already includes VAT at 20 % (€4.17 of the €25.00).",
    "Größe M fits a chest of 96–101 cm; the label inside says “M/48”.",
    "Merci for your patience — the naïve pattern is hand-printed.",
    "The crème finish can be cleaned with a soft, dry cloth.",
    "Delivery to Łódź usually takes 3–4 working days.",
    "The set contains 6 cups, 6 saucers and a 1 ℓ teapot.",
]
DISGUISES = ("lookalike", "invisible", "spaced", "fullwidth", "digits")
_LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}
_DIGITS = {"a": "4", "e": "3", "o": "0", "i": "1", "s": "5"}


def pack_examples(rules_dir: Path = REPO / "rules") -> tuple[list[str], list[str]]:
    """(fail, pass) example texts of every rule in the packs under ``rules_dir``, in file order."""
    fail: list[str] = []
    passes: list[str] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in data.get("rules", []):
            ex = rule.get("examples") or {}
            fail += [str(t) for t in ex.get("fail", [])]
            passes += [str(t) for t in ex.get("pass", [])]
    return fail, passes


def disguise(sentence: str, how: str, rng: random.Random) -> str:
    """``sentence`` with its longest word disguised one way (a reader still reads it)."""
    words = sentence.split(" ")
    i = max(range(len(words)), key=lambda k: (sum(c.isalpha() for c in words[k]), -k))
    w = words[i]
    if how == "lookalike":
        w = "".join(_LOOKALIKE.get(c, c) if rng.random() < 0.5 else c for c in w)
    elif how == "invisible":
        w = "\u200b".join(w[j : j + 2] for j in range(0, len(w), 2))
    elif how == "spaced":
        w = " ".join(w)
    elif how == "fullwidth":
        w = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in w)
    else:
        w = "".join(_DIGITS.get(c, c) for c in w)
    words[i] = w
    return " ".join(words)


def message(rng: random.Random, fail: Sequence[str], passes: Sequence[str]) -> str:
    """One message: greeting, order line, body sentences, maybe a violation, sign-off."""
    roll = rng.random()
    unicode_ = roll < 0.15
    violating = 0.15 <= roll < 0.30 or roll >= 0.95
    disguised = roll >= 0.95
    name = rng.choice(UNICODE_NAMES if unicode_ else NAMES)
    product = rng.choice(PRODUCTS)
    order = (
        f"{rng.randint(100, 999)}-{rng.randint(10**6, 10**7 - 1)}-{rng.randint(10**6, 10**7 - 1)}"
        if rng.random() < 0.7
        else rng.choice(["{{order_id}}", "[[order-id]]", "{OrderId}", "[Order ID]"])
    )
    target = rng.randint(400, 2500)
    head = f"Hi {name},\n\nThis is about your order {order} for the {product}.\n\n"
    tail = f"\n\nBest regards,\n{rng.choice(SHOPS)}\n"
    body: list[str] = []
    pool = COMPLIANT + (UNICODE_COMPLIANT * 2 if unicode_ else [])
    bad: list[str] = []
    if violating:
        bad = [rng.choice(fail) for _ in range(rng.choice((1, 1, 2)))]
        if disguised:
            bad[0] = disguise(bad[0], rng.choice(DISGUISES), rng)
    size = len(head) + len(tail)
    while True:
        s = rng.choice(pool).replace("{p}", product)
        if size + len(s) + 1 > target - sum(len(b) + 1 for b in bad) and size > 0.5 * target:
            break
        body.append(s)
        size += len(s) + 1
    for b in bad:
        body.insert(rng.randint(0, len(body)), b)
    paragraphs = []
    i = 0
    while i < len(body):
        n = rng.randint(1, 4)
        paragraphs.append(" ".join(body[i : i + n]))
        i += n
    text = head + "\n\n".join(paragraphs) + tail
    if len(text) > 2500:
        text = text[:2490].rsplit(" ", 1)[0] + tail
    while len(text) < 400:
        text = text.replace(tail, " " + rng.choice(COMPLIANT).replace("{p}", product) + tail)
    return text


def messages(n: int, seed: int = 20240601, rules_dir: Path = REPO / "rules") -> list[str]:
    """``n`` messages; the first ``k`` are the same for any ``n >= k`` with the same seed."""
    fail, passes = pack_examples(rules_dir)
    rng = random.Random(seed)
    return [message(rng, fail, passes) for _ in range(n)]


def write(folder: Path, texts: Sequence[str], start: int = 0) -> list[Path]:
    """Write ``texts`` as ``m000000.txt`` ... (numbered from ``start``) into sub-folders of
    1,000 files under ``folder``."""
    paths = []
    for i, text in enumerate(texts, start):
        sub = folder / f"part{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"m{i:06d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
