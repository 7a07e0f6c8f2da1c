from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import api, formats
from buyerlint.rule import Rule

DEMO = str(Path(__file__).resolve().parent / "packs" / "demo.yaml")
SCOPED = """\
name: scoped
version: "1"
description: rules that use scope, formats and when
rules:
  - id: important
    kind: forbid
    category: marketing
    severity: error
    scope: subject
    patterns: ['\\[important\\]']
    when: {reason: {not: [delivery-problem, customization]}}
    message: "[Important] on a message that is not critical."
    help: Drop the tag.
    policy: https://example.com
    examples: {fail: ["Subject: [Important] hi"], pass: ["Subject: hi"]}
  - id: markup
    kind: forbid
    category: html-or-media
    severity: error
    formats: [text]
    patterns: ['</?[a-z][a-z0-9]*\\b[^>]*>']
    message: HTML in a plain-text message.
    help: Plain text only.
    policy: https://example.com
    examples: {fail: ["<p>hi</p>"], pass: ["hi"]}
  - id: pixel
    kind: forbid
    category: html-or-media
    severity: error
    scope: markup
    patterns: ['<img\\b[^>]*\\bwidth="1"[^>]*>']
    message: Tracking pixel.
    help: Remove it.
    policy: https://example.com
    examples: {fail: ['<img src="x" width="1">'], pass: ['<img src="x" width="100">']}
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rule, ...]:
    p = tmp_path_factory.mktemp("packs") / "scoped.yaml"
    p.write_text(SCOPED, encoding="utf-8")
    return api.load_rules([DEMO, str(p)])


def _found(path: str, text: str, rules: tuple[Rule, ...]) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.column, f.match) for f in api.lint_text(text, rules, path=path)]


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        pytest.param("a.txt", "text", id="txt"),
        pytest.param("a.html", "html", id="html"),
        pytest.param("a.html.j2", "html", id="html-template"),
        pytest.param("a.j2", "text", id="bare-template"),
        pytest.param("a.md", "markdown", id="markdown"),
        pytest.param("a.eml", "eml", id="eml"),
        pytest.param("-", "text", id="stdin"),
        pytest.param("dir.html/A.HTM.Tmpl", "html", id="folder-suffix-and-case"),
        pytest.param(".html", "text", id="dotfile"),
        pytest.param("a.html.", "text", id="trailing-dot"),
    ],
)
def test_format_from_name(path: str, fmt: str) -> None:
    assert formats.detect(path) == fmt


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        pytest.param("Subject: Hi\nbody", "Hi", id="first-line"),
        pytest.param(" \tSUBJECT: Hi\nbody", "Hi", id="indented-any-case"),
        pytest.param("\u017fubject: Hi\nbody", "Hi", id="long-s-folds-to-s"),
        pytest.param(" " * 100 + "Subject: Hi\nbody", "Hi", id="far-indented"),
    ],
)
def test_a_subject_line_is_found(text: str, subject: str) -> None:
    draft = formats.load("a.txt", text)
    assert draft.subject is not None
    assert text[draft.subject[0] : draft.subject[1]] == subject


@pytest.mark.parametrize("text", [
    pytest.param("Hello\nSubject: Hi", id="not-first-line"),
    pytest.param("Subj", id="cut-short"),
    pytest.param("", id="empty"),
])
def test_no_subject_line_is_found(text: str) -> None:
    assert formats.load("a.txt", text).subject is None


HTML = """<html><head><style>.x{color:red}</style></head><body>
<p>Hi &amp; thanks, we refund by PayPal.</p>
<p>Mail <a href="mailto:help@shop.example">us</a></p>
<img src="https://t.example/o.gif" width="1" height="1">
</body></html>"""


def test_html_is_linted_on_visible_text_and_addresses_with_file_positions(rules: tuple[Rule, ...]) -> None:
    found = _found("mail.html", HTML, rules)
    assert ("demo.paypal", 2, 34, "PayPal") in found
    assert ("demo.email", 3, 25, "help@shop.example") in found
    assert ("scoped.pixel", 4, 1, '<img src="https://t.example/o.gif" width="1" height="1">') in found
    assert not [f for f in found if f[0] == "scoped.markup"]  # HTML markup is fine in an HTML draft


def test_markup_rule_applies_to_plain_text(rules: tuple[Rule, ...]) -> None:
    assert [f[0] for f in _found("a.txt", "<p>Order 112-1234567-1234567</p>", rules)] == ["scoped.markup", "scoped.markup"]


EML = """From: Shop <shop@x.example>
To: buyer@y.example
Subject: [Important] PayPal =?utf-8?q?caf=C3=A9?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Order 112-1234567-1234567: we can refund you by Pay=
Pal, caf=C3=A9.
--b1
Content-Type: text/html

<p>Same in HTML with PayPal</p>
--b1--
"""


def test_eml_lints_subject_and_text_body_only(rules: tuple[Rule, ...]) -> None:
    found = _found("msg.eml", EML, rules)
    rules_found = [f[0] for f in found]
    assert "demo.email" not in rules_found  # From/To headers are not linted
    assert ("scoped.important", 3, 10, "[Important]") in found
    body_paypal = [f for f in found if f[0] == "demo.paypal" and f[1] == 11]
    assert body_paypal == [("demo.paypal", 11, 49, "Pay=\nPal")]
    assert not [f for f in found if f[1] == 16]  # the HTML alternative is not linted twice


def test_eml_subject_scope_ignores_the_body(rules: tuple[Rule, ...]) -> None:
    text = "Subject: Delivery\n\nOrder 112-1234567-1234567. [Important] is only a word here."
    assert "scoped.important" not in [f[0] for f in _found("m.eml", text, rules)]


@pytest.mark.parametrize(
    ("front", "flagged"),
    [
        pytest.param("reason: review-request", True, id="non-critical-reason"),
        pytest.param("reason: delivery-problem", False, id="critical-reason"),
        pytest.param("other: x", True, id="no-reason"),
    ],
)
def test_front_matter_feeds_when_conditions(front: str, flagged: bool, rules: tuple[Rule, ...]) -> None:
    text = f"---\n{front}\n---\nSubject: [Important] about your order\n\nOrder 112-1234567-1234567"
    found = _found("t.txt", text, rules)
    assert (("scoped.important", 4, 10, "[Important]") in found) is flagged


def test_front_matter_is_not_linted(rules: tuple[Rule, ...]) -> None:
    text = "---\nowner: help@shop.example\n---\nOrder 112-1234567-1234567 ships today."
    assert _found("t.md", text, rules) == []


def test_invalid_front_matter_is_linted_as_text_with_a_note() -> None:
    draft = formats.load("t.txt", "---\n: : [\n---\nbody")
    assert draft.meta == {}
    assert draft.notes and "front matter" in draft.notes[0]


def test_eml_without_headers_is_plain_text() -> None:
    draft = formats.load("x.eml", "Just a body with PayPal")
    assert draft.doc.view == "Just a body with PayPal"
