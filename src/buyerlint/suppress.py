"""Inline suppressions, honoured only inside template comments that never reach the buyer.

    {# buyerlint: ignore payment.paypal -- quoting the buyer's own question #}
    {{!-- buyerlint: ignore-file reviews -- this template is reviewed by legal --}}
    <!-- buyerlint: ignore links.external -- warranty site Amazon allows here -->

``ignore`` covers the lines of the comment, or the next non-blank line when the comment
stands alone on its line; ``ignore-file`` covers the whole draft. Each names one or more
selectors (rule id, pack, category or prefix) and must give a reason after ``--``.
A suppression that suppressed nothing, or that has no reason, is reported.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from buyerlint.models import Finding
from buyerlint.patterns import compile_pattern

# Comment syntaxes by template engine; plain text has none (a comment there is sent).
_COMMENTS = {
    "jinja": r"\{#-?(?P<body>.*?)-?#\}",
    "handlebars": r"\{\{!--(?P<body>.*?)--\}\}|\{\{!(?!--)(?P<body2>.*?)\}\}",
    "liquid": r"\{%-?\s*comment\s*-?%\}(?P<body>.*?)\{%-?\s*endcomment\s*-?%\}|\{%-?\s*#(?P<body2>.*?)-?%\}",
    "html": r"<!--(?P<body>.*?)-->",
}
_ENGINES = {
    ".j2": "jinja", ".jinja": "jinja", ".jinja2": "jinja", ".tmpl": "jinja", ".tpl": "jinja",
    ".hbs": "handlebars", ".handlebars": "handlebars", ".mustache": "handlebars", ".liquid": "liquid",
}
MARK = "buyerlint:"  # every directive has it; a draft without it has no suppressions
_DIRECTIVE = compile_pattern(
    r"^\s*buyerlint:\s*(?P<verb>ignore-file|ignore)\s+(?P<sel>[\w.*,\s-]+?)\s*(?:--\s*(?P<reason>.*\S)\s*)?$",
    lazy=True,
)


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ``buyerlint: ignore`` comment: the lines it covers and what it suppresses."""

    line: int  # where the comment starts
    first: int  # lines covered (inclusive); 0..0 with whole_file
    last: int
    selectors: tuple[str, ...]
    reason: str
    whole_file: bool


def engines_for(path: str) -> tuple[str, ...]:
    suffixes = [s.lower() for s in PurePath(path).suffixes]
    out = [_ENGINES[s] for s in suffixes if s in _ENGINES]
    if any(s in (".html", ".htm") for s in suffixes) or (out and ".md" in suffixes):
        out.append("html")
    return tuple(dict.fromkeys(out))


def _line_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def scan(path: str, text: str) -> list[Suppression]:
    engines = engines_for(path)
    if not engines or MARK not in text:
        return []
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    lines = text.split("\n")
    found: list[Suppression] = []
    for engine in engines:
        for span, g in compile_pattern("(?s)" + _COMMENTS[engine], ignorecase=False).groupiter(text):
            body = (g.get("body") or g.get("body2") or "").strip()
            for _s, d in _DIRECTIVE.groupiter(" ".join(body.split())):
                first, last = _line_of(starts, span.start), _line_of(starts, span.end - 1)
                before = lines[first - 1][: span.start - starts[first - 1]]
                after = lines[last - 1][span.end - starts[last - 1] :]
                if not before.strip() and not after.strip():  # alone on its line(s): the next line
                    nxt = last + 1
                    while nxt <= len(lines) and not lines[nxt - 1].strip():
                        nxt += 1
                    first = last = nxt
                selectors = tuple(s for s in (d.get("sel") or "").replace(",", " ").split() if s)
                whole = d.get("verb") == "ignore-file"
                found.append(Suppression(_line_of(starts, span.start), 0 if whole else first,
                                         0 if whole else last, selectors, d.get("reason") or "", whole))
    return found


def _matches(selector: str, f: Finding) -> bool:
    sel = selector.rstrip("*")
    return (
        f.rule == selector or f.category == selector or f.rule.split(".", 1)[0] == selector
        or (selector.endswith(("*", ".")) and f.rule.startswith(sel))
    )


def apply(
    path: str, text: str, findings: Sequence[Finding]
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """Findings left after the draft's suppressions, and notes about the suppressions."""
    sups = scan(path, text)
    if not sups:
        if MARK in text and not engines_for(path) and "buyerlint: ignore" in text:
            return tuple(findings), ("suppression comments are not honoured in plain-text drafts, "
                                     "which are sent as written; use a baseline instead",)
        return tuple(findings), ()
    notes = [f"line {s.line}: suppression without a reason (add '-- why') is ignored"
             for s in sups if not s.reason]
    active = [s for s in sups if s.reason]
    used: set[int] = set()
    kept = []
    for f in findings:
        hit = next((i for i, s in enumerate(active)
                    if (s.whole_file or s.first <= f.line <= s.last) and any(_matches(x, f) for x in s.selectors)),
                   None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
    notes += [f"line {s.line}: unused suppression of {', '.join(s.selectors)}"
              for i, s in enumerate(active) if i not in used]
    return tuple(kept), tuple(notes)
