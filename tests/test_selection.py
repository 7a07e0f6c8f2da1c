from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from buyerlint import packs, selection, yamlsrc
from buyerlint.config import Config
from buyerlint.errors import ConfigError
from buyerlint.kinds import LinkKind
from buyerlint.models import Severity
from buyerlint.rule import Rule

COMMON = "message: m, help: h, policy: p"
PAYMENT = f"""\
name: payment
version: '1'
description: d
defaults: {{category: payment-outside-amazon, severity: error}}
rules:
  - {{id: paypal, kind: forbid, terms: [paypal], {COMMON}}}
  - {{id: venmo, kind: forbid, terms: [venmo], {COMMON}}}
"""
REVIEWS = f"""\
name: reviews
version: '1'
description: d
defaults: {{category: review-manipulation, severity: warning}}
rules:
  - {{id: rev-ask, kind: forbid, terms: [review us], {COMMON}}}
  - {{id: rev-bribe, kind: forbid, terms: [free gift], {COMMON}}}
  - {{id: stars, kind: forbid, terms: [five stars], category: marketing, {COMMON}}}
"""
LINKS = f"""\
name: links
version: '1'
description: d
rules:
  - {{id: url, kind: link, allow-domains: [amazon.com], category: external-link, severity: error, {COMMON}}}
  - {{id: short, kind: link, only-domains: [bit.ly], category: external-link, severity: error, {COMMON}}}
"""
ALL_IDS = ("payment.paypal", "payment.venmo", "reviews.rev-ask", "reviews.rev-bribe", "reviews.stars", "links.url",
           "links.short")


@pytest.fixture(scope="module")
def rules() -> tuple[Rule, ...]:
    built = [packs.build_pack(yamlsrc.load(text, f"{n}.yaml")) for n, text in
             (("payment", PAYMENT), ("reviews", REVIEWS), ("links", LINKS))]
    return tuple(r for pack in built for r in pack.rules)


def ids(rules: Sequence[Rule]) -> tuple[str, ...]:
    return tuple(r.id for r in rules)


def load(tmp_path: Path, text: str) -> Config:
    from buyerlint import config

    (tmp_path / ".buyerlint.yaml").write_text(text)
    return config.load(tmp_path / ".buyerlint.yaml")


# ------------------------------------------------------------------------------ selection
@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        pytest.param(None, (), ALL_IDS, id="everything-by-default"),
        pytest.param(("payment",), (), ("payment.paypal", "payment.venmo"), id="pack"),
        pytest.param(("payment-outside-amazon",), (), ("payment.paypal", "payment.venmo"), id="category"),
        pytest.param(("reviews.rev*",), (), ("reviews.rev-ask", "reviews.rev-bribe"), id="star-prefix"),
        pytest.param(("reviews.",), (), ("reviews.rev-ask", "reviews.rev-bribe", "reviews.stars"), id="dot-prefix"),
        pytest.param(
            None, ("reviews",),
            ("payment.paypal",
            "payment.venmo",
            "links.url",
            "links.short"),
            id="ignore-pack",
        ),
        pytest.param(("payment",), ("payment.paypal",), ("payment.venmo",), id="id-beats-pack"),
        pytest.param(("payment.paypal",), ("payment",), ("payment.paypal",), id="id-select-beats-pack-ignore"),
        pytest.param(None, ("marketing",), tuple(i for i in ALL_IDS if i != "reviews.stars"),
                     id="implicit-select-is-weakest"),
        pytest.param(("reviews.rev-*",), ("reviews.",), ("reviews.rev-ask", "reviews.rev-bribe"),
                     id="longer-prefix-wins"),
        pytest.param(("reviews.",), ("reviews",), ("reviews.rev-ask", "reviews.rev-bribe", "reviews.stars"),
                     id="prefix-beats-pack"),
        pytest.param(("reviews",), ("review-manipulation",), ("reviews.rev-ask", "reviews.rev-bribe", "reviews.stars"),
                     id="pack-beats-category"),
        pytest.param(("marketing",), ("reviews",), (), id="category-loses-to-pack"),
        pytest.param(("payment",), ("payment",), (), id="ignore-wins-ties"),
        pytest.param(("*",), ("marketing",), tuple(i for i in ALL_IDS if i != "reviews.stars"), id="star-is-weakest"),
        pytest.param((), (), (), id="empty-select-selects-nothing"),
    ],
)
def test_selection_applies_the_most_specific_selector(
    rules: tuple[Rule, ...], select: tuple[str, ...] | None, ignore: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert ids(selection.apply(rules, Config(select=select, ignore=ignore))) == expected


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        pytest.param((), {"payment.paypal": "error", "reviews.stars": "warning"}, id="pack-defaults"),
        pytest.param((("payment", Severity.WARNING),), {"payment.paypal": "warning", "payment.venmo": "warning"},
                     id="pack"),
        pytest.param((("payment.paypal", Severity.INFO), ("payment", Severity.WARNING)),
                     {"payment.paypal": "info", "payment.venmo": "warning"}, id="id-beats-pack-whatever-the-order"),
        pytest.param((("marketing", Severity.ERROR), ("reviews", Severity.INFO)),
                     {"reviews.stars": "info", "reviews.rev-ask": "info"}, id="pack-beats-category"),
        pytest.param((("reviews.rev*", Severity.ERROR),), {"reviews.rev-ask": "error", "reviews.stars": "warning"},
                     id="prefix"),
    ],
)
def test_severity_overrides_apply(
    rules: tuple[Rule, ...], severity: tuple[tuple[str, Severity], ...], expected: dict[str, str]
) -> None:
    got = {r.id: r.severity.label for r in selection.apply(rules, Config(severity=severity))}
    assert {k: got[k] for k in expected} == expected


def test_severity_override_keeps_the_rule_otherwise_intact(rules: tuple[Rule, ...]) -> None:
    (paypal,) = selection.apply(rules, Config(select=("payment.paypal",), severity=(("payment", Severity.INFO),)))
    assert paypal.severity is Severity.INFO
    assert paypal.kind is rules[0].kind and paypal.source == rules[0].source


# ------------------------------------------------------------------------------- per-path
@pytest.mark.parametrize(
    ("glob", "path"),
    [
        pytest.param("drafts/**", "drafts/a/b.txt", id="double-star-tail"),
        pytest.param("**/legacy/*.txt", "x/y/legacy/a.txt", id="double-star-head"),
        pytest.param("**/legacy/*.txt", "legacy/a.txt", id="double-star-matches-nothing"),
        pytest.param("drafts/**/*.md", "drafts/a.md", id="double-star-middle-empty"),
        pytest.param("drafts/**/*.md", "drafts/x/y/a.md", id="double-star-middle"),
        pytest.param("*.html", "deep/er/a.html", id="no-slash-any-name"),
        pytest.param("legacy", "drafts/legacy/a.txt", id="no-slash-folder"),
        pytest.param("drafts/old", "drafts/old/a.txt", id="parent-folder"),
        pytest.param("./drafts/*", "drafts/a.txt", id="leading-dot-slash"),
        pytest.param("drafts/*.txt", ".\\drafts\\a.txt", id="windows-separators"),
        pytest.param("drafts/[ab].txt", "drafts/b.txt", id="char-class"),
        pytest.param("drafts/[!ab].txt", "drafts/c.txt", id="negated-class"),
        pytest.param("a?.txt", "a1.txt", id="question-mark"),
    ],
)
def test_globs_apply(glob: str, path: str) -> None:
    assert selection.path_matches(glob, path)


@pytest.mark.parametrize(
    ("glob", "path"),
    [
        pytest.param("drafts/*.txt", "drafts/a/b.txt", id="star-stays-in-folder"),
        pytest.param("drafts/**", "other/drafts.txt", id="anchored"),
        pytest.param("*.html", "a.html.txt", id="whole-name"),
        pytest.param("drafts/[!ab].txt", "drafts/a.txt", id="negated-class"),
        pytest.param("a?.txt", "a/.txt", id="question-mark-not-slash"),
        pytest.param("old", "drafts/older/a.txt", id="whole-folder-name"),
    ],
)
def test_globs_reject(glob: str, path: str) -> None:
    assert not selection.path_matches(glob, path)


def test_per_path_overrides_apply_on_top(rules: tuple[Rule, ...], tmp_path: Path) -> None:
    cfg = load(tmp_path, (
        "select: [payment, reviews]\nignore: [reviews.stars]\n"
        "per-path:\n"
        "  'legacy/**':\n    ignore: [payment]\n    select: [reviews.stars, links.url]\n"
        "  '**/*.html':\n    severity: {payment.venmo: info}\n    ignore: [payment.paypal]\n"
    ))
    base = ("payment.paypal", "payment.venmo", "reviews.rev-ask", "reviews.rev-bribe")
    assert ids(selection.apply(rules, cfg)) == base
    assert ids(selection.apply(rules, cfg, "drafts/a.txt")) == base
    assert ids(selection.apply(rules, cfg, "legacy/x/a.txt")) == (
        "reviews.rev-ask", "reviews.rev-bribe", "reviews.stars", "links.url"
    )
    html = selection.apply(rules, cfg, "drafts/a.html")
    assert ids(html) == base[1:]
    assert html[0].severity is Severity.INFO


def test_results_are_cached(rules: tuple[Rule, ...]) -> None:
    cfg = Config(ignore=("reviews",))
    first = selection.apply(rules, cfg, "a.txt")
    assert selection.apply(rules, cfg, "b.txt") is first
    assert selection.apply(rules, Config(ignore=("reviews",)), "c.txt") is first  # equal configs share entries


# --------------------------------------------------------------------------- allow-domains
def test_allow_domains_extend_link_rules_that_have_an_allow_list(rules: tuple[Rule, ...]) -> None:
    got = {r.id: r for r in selection.apply(rules, Config(allow_domains=("brand.com", "amazon.com")))}
    url, short = got["links.url"].kind, got["links.short"].kind
    assert isinstance(url, LinkKind) and isinstance(short, LinkKind)
    assert url.allow_domains == ("amazon.com", "brand.com")
    assert short.allow_domains == () and short.only_domains == ("bit.ly",)
    assert got["payment.paypal"] is rules[0]


# ------------------------------------------------------------------------------- excludes
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("drafts/a.bak", True, id="suffix"),
        pytest.param("archive/2019/a.txt", True, id="folder"),
        pytest.param("drafts/a.txt", False, id="kept"),
    ],
)
def test_excluded(path: str, expected: bool) -> None:
    assert selection.excluded(path, Config(exclude=("*.bak", "archive/"))) is expected


# ------------------------------------------------------------------------ unknown selectors
@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("select: [paymnt]\n", ".buyerlint.yaml:1: unknown selector 'paymnt' in 'select'"
                     " (it matches no loaded rule, pack or category); did you mean 'payment'?", id="select"),
        pytest.param("ignore:\n  - reviews\n  - payment.paypl\n", ".buyerlint.yaml:3: unknown selector 'payment.paypl'"
                     " in 'ignore' (it matches no loaded rule, pack or category); did you mean 'payment.paypal'?",
                     id="ignore-id"),
        pytest.param("ignore: [reveiws.]\n", ".buyerlint.yaml:1: unknown selector 'reveiws.' in 'ignore'"
                     " (it matches no loaded rule, pack or category); did you mean 'reviews'?", id="prefix"),
        pytest.param("severity:\n  markting: info\n", ".buyerlint.yaml:2: unknown selector 'markting' in 'severity'"
                     " (it matches no loaded rule, pack or category); did you mean 'marketing'?", id="severity"),
        pytest.param("per-path:\n  'a/**': {ignore: [links.uri]}\n", ".buyerlint.yaml:2: unknown selector 'links.uri'"
                     " in \"per-path 'a/**' ignore\"", id="per-path"),
    ],
)
def test_unknown_selectors_are_rejected(rules: tuple[Rule, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        selection.apply(rules, load(tmp_path, text))
    assert str(info.value).startswith(message)


def test_unknown_selector_from_the_command_line(rules: tuple[Rule, ...]) -> None:
    with pytest.raises(ConfigError, match=r"^command line: unknown selector 'venmo' in 'ignore'"):
        selection.apply(rules, Config().with_overrides(ignore=["venmo"]))


def test_known_category_without_loaded_rules_is_accepted(rules: tuple[Rule, ...]) -> None:
    assert ids(selection.apply(rules, Config(ignore=("opt-out",)))) == ALL_IDS
