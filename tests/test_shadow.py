"""Shadows are wider than their patterns: wherever a pattern matches, every piece of its shadow
matches too (so skipping a rule whose shadow does not match loses nothing)."""
from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import regex

from buyerlint import engine, entities, formats, gates, kinds, prefilter, re2set, re2text, shadow
from buyerlint.patterns import IGNORECASE, Pattern
from buyerlint.rule import Rule

re2 = pytest.importorskip("re2")


def _pieces_match(source: str, text: str, ignorecase: bool = True) -> bool:
    found = shadow.shadow(source, ignorecase)
    assert found is not None, source
    return all(re2.search(piece, text) for piece in found)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        pytest.param(r"(?<!\w)paypal\b", "pay by PayPal now", id="look-behind-and-boundary"),
        pytest.param(r"\bkelvin", "\u212aelvin", id="kelvin-sign-is-k"),
        pytest.param(r"\bdisk", "d\u0130sk", id="dotted-capital-i-is-i"),
        pytest.param(r"\bstars", "\u017ftar\u017f", id="long-s-is-s"),
        pytest.param(r"caf\u00e9", "CAF\u00c9", id="non-ascii-letter-any-case"),
        pytest.param(r"\p{L}{3}@\d", "\u00e9t\u00e9@3", id="property-class"),
        pytest.param(r"x[^\s]y", "x\u200by", id="negated-space-takes-non-ascii"),
        pytest.param(r"x[^\s]y", "x\x1cy", id="negated-space-takes-ascii-separator"),
        pytest.param(r"zq\Sj", "zq\u00e9j", id="not-space-category"),
        pytest.param(r"(\w+) and \1", "salt and salt", id="back-reference"),
        pytest.param(r"(?>xyz|xy)q", "xyzq", id="atomic-group"),
        pytest.param(r"a++b", "aaab", id="possessive"),
        pytest.param(r"please[^.!?\n]{0,100}?stars?", "please, if you can, leave five stars", id="lazy-gap"),
        pytest.param(r"(?-i:ABC)d", "ABCD", id="scoped-case-sensitive"),
        pytest.param(r"(?s)a.b", "a\nb", id="dot-all"),
        pytest.param(r"\d{3}-\d{7}-\d{7}", "\u0663\u0660\u0661-1234567-1234567", id="unicode-digits"),
        pytest.param(r"insta(?:gram)?\s+dms?", "Instagram DMs", id="optional-part-then-more"),
        pytest.param(r"(?:ab.*cd|ef)gh", "ab--cdgh", id="branch-with-a-gap"),
        pytest.param(r"(?:\w+\.)+com", "shop.example.com", id="repeat-with-a-gap"),
        pytest.param(r"(?(1)a|b)(x)?yy", "byy", id="conditional"),
        pytest.param(r"\bpay\b", "\u2014pay\u2014", id="boundary-next-to-non-ascii-non-word"),
        pytest.param(r"\bkelvin\b", "the \u212aelvin scale", id="boundary-before-kelvin-sign"),
        pytest.param(r"\bcaf\u00e9\b", "un caf\u00e9.", id="boundary-after-non-ascii-letter"),
        pytest.param(r"\b[q.]zx", "a.zx", id="boundary-before-a-mixed-class"),
        pytest.param(r"(?<!\w)zebra(?!\w)", "zebra", id="look-arounds-at-the-ends-of-the-text"),
        pytest.param(r"(?<![\p{L}\p{N}])zebra(?![\p{L}\p{N}])", "\u00abzebra\u00bb", id="look-arounds-next-to-non-ascii"),
        pytest.param(r"(?:(?<!\d)zebra|quiz)\d", "1quiz2", id="look-behind-in-a-first-branch"),
        pytest.param(r"(?<=\bcall\s)\d{3}(?=\s+[oil]\w)", "call 555 or", id="look-arounds-joined-at-the-edges"),
        pytest.param(r"\p{Lu}\p{Emoji_Presentation}", "A\U0001f600", id="properties-as-regex-reads-them"),
        pytest.param(r"discount\w*(?!\w)", "big discounts!", id="run-at-the-end-and-what-follows-it"),
        pytest.param(r"(?<!x)(?<!y)foo", "xzfoo", id="two-look-behinds-at-the-start"),
        pytest.param(r"foo(?!x)(?!y)", "foozy", id="two-look-aheads-at-the-end"),
        pytest.param(r"zorg(?!x)(?!y)\w*", "zorg y", id="two-look-aheads-left-at-the-end-by-a-cut-run"),
        pytest.param(r"\w*(?<!x)(?<!y)foo", "xzfoo", id="two-look-behinds-left-at-the-start-by-a-cut-run"),
        pytest.param(r"[^<>]*display\s*:\s*none", '<p style="display: none">', id="run-at-the-start"),
        pytest.param(r"why\s+(?:ignor\w+|not\s+repl\w*)(?!\w)", "why not replying?", id="runs-ending-branches"),
        pytest.param(r"(?:\w+\s+){0,3}stars\b", "five shiny stars", id="optional-repeat-at-the-start"),
    ],
)
def test_shadow_matches_where_the_pattern_does(source: str, text: str) -> None:
    assert regex.search(source, text, regex.IGNORECASE | regex.V0) is not None
    assert _pieces_match(source, text)


@pytest.mark.parametrize(
    ("source", "piece"),
    [
        pytest.param(r"discount\w*(?!\w)", "discount", id="run-at-the-end-left-out-with-its-look-ahead"),
        pytest.param(r"[^<>]*(?:display|hidden)", "(?:display|hidden)", id="run-at-the-start-left-out"),
        pytest.param(r"a[^.]+", r"a(?:[^.]){1}", id="run-of-one-or-more-cut-to-one"),
        pytest.param(r"x{2,5}y?", r"x{2,5}y?", id="bounded-repeats-kept-whole"),
        pytest.param(r"call\w*\s+me", r"call\w*\s+me", id="run-inside-kept"),
    ],
)
def test_runs_at_the_edges_of_a_match_are_cut(source: str, piece: str) -> None:
    """An automaton need not follow a run that may go on and on at either end of a match: a
    text with a match has a match without it."""
    found = shadow.shadow(source, ignorecase=False, min_bits=0.0)
    assert found is not None and len(found) == 1
    expected = shadow.shadow(piece, ignorecase=False, min_bits=0.0)
    assert found == expected


def test_shadow_of_a_case_sensitive_pattern_keeps_case_where_regex_does() -> None:
    assert regex.search("STOP", "stop") is None
    assert shadow.shadow("STOP", ignorecase=False) is not None
    assert not _pieces_match("STOP", "please stop", ignorecase=False)
    assert _pieces_match("STOP", "reply STOP", ignorecase=False)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        pytest.param(r"\bpaypal\b", "Your lamp ships on Monday.", id="absent-word"),
        pytest.param(r"leave[^.]{0,80}five\s+stars", "Leave it by the door. Five days!", id="one-piece-absent"),
        pytest.param(r"\d{3}-\d{7}-\d{7}", "order 123-45", id="digits-too-short"),
        pytest.param(r"\bNINO?\b", "We are running late.", id="word-boundary-inside-a-word"),
        pytest.param(r"\bpay\b", "prepaying", id="word-boundary-after-a-word"),
        pytest.param(r"(?<!\w)zebra", "the xzebra", id="look-behind-at-the-start"),
        pytest.param(r"\p{Emoji_Presentation}+", "Thanks for your order: 3 items, #5 & *", id="emoji-needs-non-ascii"),
        pytest.param(r"zebra(?![\p{L}\p{N}])", "zebras", id="look-ahead-at-the-end"),
        pytest.param(r"(?<=\bcall\s{1,3})\d{3}", "the 555 to call", id="look-behind-joined-to-the-match"),
    ],
)
def test_shadow_rules_out_texts_where_a_piece_is_missing(source: str, text: str) -> None:
    assert not _pieces_match(source, text)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(r"(?:paypal){e<=1}", id="fuzzy-matching"),
        pytest.param(r"[[:alpha:]]+pay", id="posix-class"),
        pytest.param(r"(?<name>x)pay", id="regex-only-group-syntax"),
        pytest.param(r"\mpay", id="regex-only-escape"),
        pytest.param(r"pay\L<words>", id="named-list"),
        pytest.param(r"x{2", id="brace-that-is-not-a-count"),
        pytest.param(r"(?:x)?", id="nothing-needed"),
    ],
)
def test_no_shadow_where_it_could_not_be_wider(source: str) -> None:
    assert shadow.shadow(source) is None


def _bundled_patterns(rules: tuple[Rule, ...]) -> list[Pattern]:
    found: list[Pattern] = []
    for rule in rules:
        kind = rule.kind
        if isinstance(kind, kinds.Forbid):
            found += [kind.pattern, *(b.pattern for b in kind.parts)]
        elif isinstance(kind, kinds.Near):
            found += kind.groups
    found += [*entities.email_parts(), *entities.link_parts(entities.DEFAULT_BARE_TLDS)]
    return [*found, entities._numeric_rx(), entities._worded_rx()]


_SWAPS = ["\u212a", "\u0130", "\u0131", "\u017f", "\u00a0", "\u2003", "\x1c", "\u00e9", "\u0663", "@", ".", "\n"]


def _variants(text: str, rng: random.Random) -> list[str]:
    """The text, its case flipped here and there, and with odd characters put in."""
    flipped = "".join(c.swapcase() if rng.random() < 0.3 else c for c in text)
    spiked = list(text)
    for _ in range(3):
        spiked.insert(rng.randrange(len(spiked) + 1), rng.choice(_SWAPS))
    return [text, flipped, "".join(spiked)]


def test_every_bundled_pattern_is_inside_its_shadow(bundled_rules: tuple[Rule, ...]) -> None:
    """Over every pack example (and variants), wherever a bundled pattern or detector part
    matches, every piece of its shadow matches too."""
    rng = random.Random(11)
    texts = [v for r in bundled_rules for t in (*r.examples.fail, *r.examples.passes) for v in _variants(t, rng)]
    checked = 0
    compiled: dict[str, object] = {}
    for pattern in _bundled_patterns(bundled_rules):
        pieces = shadow.shadow(pattern.expanded, bool(pattern.flags & IGNORECASE))
        if pieces is None:
            continue
        rx = [compiled.setdefault(p, re2.compile(p)) for p in pieces]
        for text in texts:
            if pattern.search(text) is not None:
                checked += 1
                assert all(r.search(text) for r in rx), (pattern.source[:80], text)  # type: ignore[attr-defined]
    assert checked > 1000


def test_most_bundled_patterns_have_a_shadow(bundled_rules: tuple[Rule, ...]) -> None:
    patterns = _bundled_patterns(bundled_rules)
    with_shadow = [p for p in patterns if shadow.shadow(p.expanded, bool(p.flags & IGNORECASE))]
    assert len(with_shadow) >= 0.9 * len(patterns)


def test_a_positive_look_ahead_adds_what_it_looks_for() -> None:
    source = r"\bemail\b(?=[^.]{0,60}\bnewsletter)"
    assert _pieces_match(source, "Your email for our newsletter, please")
    assert not _pieces_match(source, "Email us about the order.")


def test_a_gap_stays_in_one_piece_in_order() -> None:
    source = r"zebra[^.!?]{0,80}quiz(?:\s+crossing)?"
    found = shadow.shadow(source)
    assert found is not None and len(found) == 1
    assert _pieces_match(source, "zebra, then a long way later, a quiz")
    assert not _pieces_match(source, "a quiz, then a zebra")
    assert not _pieces_match(source, "zebra. Later a quiz")


def test_a_back_reference_cuts_the_pattern_in_pieces() -> None:
    found = shadow.shadow(r"(zebra)\s+and\s+\1\s+quiz")
    assert found is not None and len(found) == 2
    assert _pieces_match(r"(zebra)\s+and\s+\1\s+quiz", "zebra and zebra quiz")


def test_a_set_answers_which_patterns_occur_and_has_no_answer_for_text_re2_cannot_read() -> None:
    from buyerlint import re2set

    scan = re2set.compile_set(["zelle", r"pay\s?pal"])
    assert scan is not None
    assert scan("Pay by zelle or pay pal") == frozenset({0, 1})
    assert scan("Thanks for your order") == frozenset()
    assert scan("zelle \ud800") is None  # a lone surrogate is not UTF-8: no answer, not "none"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("", frozenset(), id="empty-text"),
        pytest.param("\n", frozenset(), id="only-a-newline"),
        pytest.param("send it by zelle", frozenset({0}), id="match-at-the-very-end"),
        pytest.param("zelle\n", frozenset({0}), id="match-before-a-final-newline"),
        pytest.param("pay pal, then zelle", frozenset({0, 1}), id="both"),
    ],
)
def test_a_finished_scan_is_told_from_a_failed_one_wherever_the_text_ends(text: str, found: frozenset[int]) -> None:
    from buyerlint import re2set

    for literal, patterns in ((False, ["zelle", r"pay\s?pal"]), (True, ["zelle", "pay pal"])):
        scan = re2set.compile_set(patterns, literal=literal)
        assert scan is not None
        assert scan(text) == found, literal


def test_a_draft_re2_cannot_read_runs_every_rule_the_keywords_allow(
    bundled_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    from buyerlint import prefilter

    monkeypatch.setattr(prefilter.Prefilter, "RE2_AFTER", 0)
    pf = prefilter.Prefilter(bundled_rules)
    tokens = {w for r in bundled_rules for g in r.keywords for w in g if w.startswith(shadow.PREFIX)}
    assert tokens
    assert tokens <= pf.present("Pay me by Zelle \ud800")
    assert not tokens <= pf.present("Pay me by Zelle")


def test_gates_for_several_patterns_answer_each_in_one_pass() -> None:
    test = gates.gates(((r"\bzebra\b", True), (r"quiz\d+", False), (r"(?:paypal){e<=1}", False)))
    assert test is not None
    assert test("A Zebra crossing") == (True, False, True)  # the last one has no shadow: always True
    assert test("quiz42 zebras") == (False, True, True)


def test_a_gate_s_shadow_comes_from_the_disk_cache_only_for_its_own_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUYERLINT_CACHE_DIR", str(tmp_path))
    source = r"\bzebra\s+crossing\b"
    first = gates._pieces(source, True)
    assert first == shadow.shadow(source, True, min_bits=0.0) and first
    assert gates._pieces(source, False) != first  # the case it was made for counts
    translated: list[str] = []

    def translate(text: str, ignorecase: bool, min_bits: float) -> tuple[str, ...]:
        translated.append(text)
        return ("zebra",)

    monkeypatch.setattr(gates, "shadow", translate)
    assert gates._pieces(source, True) == first and translated == []  # read back
    [entry] = [e for e in (tmp_path / "gates").iterdir() if e.read_bytes().find(b"|i|") > 0]
    entry.write_bytes(entry.read_bytes().replace(b"zebra", b"zebu"))  # made for another pattern
    assert gates._pieces(source, True) == ("zebra",) and translated == [source]
    entry.write_bytes(entry.read_bytes()[:-3])  # damaged
    assert gates._pieces(source, True) == ("zebra",) and translated == [source, source]


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[gates._Shared, list[int]]]:
    """A set of gates of the test's own, and a count of its RE2 passes."""
    fresh = gates._Shared()
    monkeypatch.setattr(gates, "_SHARED", fresh)
    gates.gates.cache_clear()
    compile_set = re2set.compile_set
    passes = [0]

    def counted(patterns: Sequence[str], max_mem: int = 256 << 20, literal: bool = False) -> re2set.SetScan[int] | None:
        scan = compile_set(patterns, max_mem, literal)
        if scan is None:
            return None

        def counting(text: str) -> frozenset[int] | None:
            passes[0] += 1
            return scan(text)

        return counting

    monkeypatch.setattr(re2set, "compile_set", counted)
    yield fresh, passes
    gates.gates.cache_clear()


def test_gates_asked_about_one_text_share_one_pass(shared: tuple[gates._Shared, list[int]]) -> None:
    passes = shared[1]
    zebra, quiz = gates.gate(r"\bzebra\b", True), gates.gate(r"quiz\d+", False)
    assert zebra is not None and quiz is not None
    text = "A zebra crossing"
    assert zebra(text) and not quiz(text)
    assert passes == [1]
    assert quiz("quiz42") and not zebra("quiz42")
    assert passes == [2]


def test_answers_for_a_batch_of_texts_are_kept(shared: tuple[gates._Shared, list[int]]) -> None:
    """A batch's views are all built (asking the gates) before its rules run (asking again)."""
    passes = shared[1]
    zebra = gates.gate(r"\bzebra\b", True)
    assert zebra is not None
    texts = [f"text {i} with a zebra" if i % 2 else f"text {i}" for i in range(gates._KEEP)]
    assert [zebra(t) for t in texts] == [bool(i % 2) for i in range(gates._KEEP)]
    assert passes == [gates._KEEP]
    assert [zebra(t) for t in texts] == [bool(i % 2) for i in range(gates._KEEP)]
    assert passes == [gates._KEEP]


@pytest.mark.parametrize(
    ("count", "length", "kept"),
    [
        pytest.param(gates._KEEP + 5, 10, gates._KEEP, id="at-most-KEEP-texts"),
        pytest.param(8, gates._KEEP_CHARS // 3 - 5, 3, id="at-most-KEEP_CHARS-characters"),
        pytest.param(2, gates._KEEP_CHARS + 1, 0, id="a-text-longer-than-all-is-not-kept"),
    ],
)
def test_kept_answers_are_bounded(shared: tuple[gates._Shared, list[int]], count: int, length: int, kept: int) -> None:
    assert gates.gate(r"\bzebra\b", True) is not None
    texts = [chr(ord("a") + i % 26) * length + str(i) for i in range(count)]
    for text in texts:
        shared[0].hits(text)
    assert [t for t, _, _ in shared[0].seen.values()] == texts[len(texts) - kept :]
    assert shared[0].chars == sum(map(len, texts[len(texts) - kept :]))


def test_a_gate_met_later_is_answered_by_the_set_built_again(shared: tuple[gates._Shared, list[int]]) -> None:
    zebra = gates.gate(r"\bzebra\b", True)
    assert zebra is not None and not zebra("quiz42 and more")
    quiz = gates.gate(r"quiz\d+", False)
    assert quiz is not None and quiz("quiz42 and more") and not quiz("quiz and more")
    assert zebra("a zebra") and not zebra("quiz42 and more")


def test_an_answer_from_a_set_without_a_gates_pieces_means_may_match(
    shared: tuple[gates._Shared, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    quiz = gates.gate(r"quiz\d+", False)
    assert quiz is not None and not quiz("no such thing")
    monkeypatch.setattr(shared[0], "hits", lambda text: (frozenset(), 0))  # as if built before quiz came
    assert quiz("no such thing")


def test_a_piece_named_twice_gets_one_number(shared: tuple[gates._Shared, list[int]]) -> None:
    assert shared[0].add(("zebra", "zebra", "quiz")) == frozenset({0, 1})
    assert shared[0].hits("a zebra") == (frozenset({0}), 2)


def test_a_piece_re2_refuses_leaves_the_other_gates_working(shared: tuple[gates._Shared, list[int]]) -> None:
    assert shared[0].add(("a(",)) is None
    zebra = gates.gate(r"\bzebra\b", True)
    assert zebra is not None and zebra("zebra") and not zebra("horse")


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        pytest.param(r"refund[^.!?\n]{0,60}paypal", 2, id="gap"),
        pytest.param(r"refund\w*\s+via", 1, id="word-run"),
        pytest.param(r"refund\s+via\s+paypal", 0, id="short-runs-only"),
    ],
)
def test_pieces_are_told_apart_by_how_long_an_automaton_stays_in_them(source: str, kind: int) -> None:
    found = shadow.shadow(source)
    assert found is not None and len(found) == 1
    assert re2text.lingering(found[0]) == kind


def test_pieces_found_by_the_gates_pass_are_those_re2_finds(shared: tuple[gates._Shared, list[int]]) -> None:
    passes = shared[1]
    zebra = gates.gate(r"\bzebra\b", True)
    assert zebra is not None
    pieces = tuple(p for source in (r"\bquiz\d+", r"paypal") for p in shadow.shadow(source, True) or ())
    found = gates.pieces_found(pieces)
    assert found is not None
    for text in ("a zebra", "quiz42 and PayPal", "PAYPAL only", ""):
        before = passes[0]
        assert found(text) == {p for p in pieces if re2.search(p, text)}
        assert zebra(text) is ("zebra" in text)
        assert passes[0] == before + 1  # the zebra gate asked about the same text: one pass


def test_link_and_email_rules_run_only_where_a_part_of_their_detector_may_match(
    bundled_rules: tuple[Rule, ...],
) -> None:
    detectors = [r for r in bundled_rules if isinstance(r.kind, (kinds.LinkKind, kinds.EmailKind))]
    assert len(detectors) >= 3 and all(r.keywords for r in detectors)
    pf = prefilter.Prefilter(detectors)
    pf.RE2_AFTER = 0
    plain = pf.present("Your lamp ships on Monday. Thanks for your order!")
    assert not any(prefilter.may_match(r, plain) for r in detectors)
    for text in ("See www.example.com today", "Mail help@example.co.uk", "visit shop dot com/deals"):
        present = pf.present(text)
        found = [r.id for r in detectors if engine.lint(formats.load("t.txt", text), [r])]
        assert found and all(prefilter.may_match(r, present) for r in detectors if r.id in found), text


@pytest.mark.parametrize(
    ("source", "edge"),
    [
        pytest.param(r"(?<![a-z])cat", r"[\x{0}-\x{60}\x{7b}-\x{7f}\x{80}-\x{10FFFF}]", id="not-after-a-letter"),
        pytest.param(r"cat", None, id="no-look-behind"),
        pytest.param(r"(?<!ab)cat", None, id="a-look-behind-of-two-characters"),
        pytest.param(r"(?<=a)cat", None, id="a-positive-look-behind"),
        pytest.param(r"(?<![^a])cat", None, id="a-class-without-a-newline"),
        pytest.param(r"c(?<![a-z])at", None, id="not-at-the-start"),
    ],
)
def test_a_lead_s_edge_is_the_class_before_a_match_that_opens_with_a_look_behind(source: str, edge: str | None) -> None:
    assert shadow.lead_edge(source, False) == edge
