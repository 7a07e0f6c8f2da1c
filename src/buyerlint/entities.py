"""Built-in detectors for things plain regexes do badly: links, email addresses, phones.

Each detector scans a document's normalised view and yields view spans. They know the
disguises writers use ("name at brand dot com", "w w w . brand . com", "oh seven seven …")
and the look-alikes that must not be taken for them (order ids, tracking numbers, ASINs,
prices, dates, "look at page 4").
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import NamedTuple

from buyerlint import digitruns
from buyerlint.patterns import Pattern, compile_pattern, merged_groupiter

# Top-level domains accepted for a bare "brand.tld" written without scheme or www.
# Generic and country TLDs that sellers use; file extensions (pdf, png, zip…) are not here.
DEFAULT_BARE_TLDS: tuple[str, ...] = (
    "com", "net", "org", "info", "biz", "co", "io", "shop", "store", "online", "site",
    "website", "app", "ly", "me", "us", "uk", "co.uk", "org.uk", "de", "fr", "it", "es",
    "nl", "be", "at", "ch", "se", "dk", "no", "fi", "pl", "ie", "pt", "cz", "ca", "au",
    "com.au", "nz", "co.nz", "jp", "co.jp", "cn", "com.cn", "in", "co.in", "sg", "hk",
    "com.mx", "mx", "br", "com.br", "ae", "sa", "tr", "com.tr", "eu", "tv", "cc", "xyz",
    "club", "link", "page", "top", "vip", "life", "world", "global", "tech", "gg", "to",
    "ai", "gl", "ws", "ru", "ua", "za", "co.za", "kr", "tw", "my", "ph", "id", "vn", "th",
)
# a dot between domain labels, plain or written out; "domain. Next sentence" is not one
# top-level domains that are also English words: "the dot at the back" is not a web address
_WORD_TLDS = frozenset({"at", "in", "it", "is", "me", "us", "to", "no", "be", "my", "id", "co", "am", "so", "do", "go"})
DOT = r"(?:\.(?!\s)|\s+\.\s*|\s*[\(\[\{]\s*(?:dot|\.)\s*[\)\]\}]\s*|\s+dot\s+)"
AT = r"(?:\s*@\s*|\s*[\(\[\{]\s*(?:at|@)\s*[\)\]\}]\s*|\s+at\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_PUNCT_TAIL = ".,;:!?)]}'\"*>"
_WEBMAIL = r"gmail|googlemail|yahoo|hotmail|outlook|live|icloud|me|aol|proton(?:mail)?|gmx|qq|163|126|yandex|mail|zoho"


class Link(NamedTuple):
    """A web address found in the view: its span, host and path."""

    start: int
    end: int
    host: str
    path: str
    how: str  # "" when written plainly, else how it was written ("written out")


def _tld_alt(tlds: Sequence[str]) -> str:
    return "|".join(sorted((t.replace(".", DOT) for t in tlds), key=len, reverse=True))


_MAILBOXES = frozenset(
    ["info", "support", "help", "sales", "contact", "service", "services", "care", "hello", "hi", "admin", "orders", "order", "team", "returns", "customerservice", "customercare", "enquiries", "enquiry", "inquiries", "office", "mail", "shop", "store", "billing", "accounts", "warranty", "repairs", "service-desk", "helpdesk", "studio", "feedback", "reply"]
)
_EMAIL_CUE = compile_pattern(r"\b(?:e-?mail\w*|mail|write|writing|send|sending|contact|reach|address|inbox|forward|cc)\b", lazy=True)


@cache
def email_parts() -> tuple[Pattern, ...]:
    """The parts of one alternation (``plain``, ``odd``, ``word``), searched part by part."""
    plain = r"(?<![\w.+\-])[a-z0-9][\w.+\-]{0,63}@" + _LABEL + r"(?:\." + _LABEL + r")*\.[a-z]{2,24}(?![\w\-])"
    # disguised: "(at)"/"[at]"/" @ " ...; or a plain word " at " followed by a written-out dot or
    # a webmail host (checked further in ``emails``: "look at amazon.com" is not an address)
    odd_at = r"(?:\s*@\s*|\s*[\(\[\{]\s*(?:at|@)\s*[\)\]\}]\s*)"
    odd_dot = r"(?:\s*[\(\[\{]\s*(?:dot|\.)\s*[\)\]\}]\s*|\s+dot\s+|\s+\.\s*)"
    local = r"(?<![\w.+\-])(?P<local>[a-z][\w.+\-]{0,63})"
    tld = r"(?=[a-z0-9]{0,11}[a-z])[a-z0-9]{2,12}(?![\w\-])"  # "c0m" too
    domain_any = _LABEL + r"(?:" + DOT + _LABEL + r"){0,3}" + DOT + tld
    domain_odd = _LABEL + r"(?:" + DOT + _LABEL + r"){0,3}" + odd_dot + tld
    domain_webmail = r"(?P<webmail>(?:" + _WEBMAIL + r")" + DOT + r"[a-z]{2,3}(?:" + DOT + r"[a-z]{2})?(?![\w\-]))"
    odd = r"(?<![\w.+\-])[a-z][\w.+\-]{0,63}" + odd_at + domain_any
    word = local + r"\s+at\s+(?:" + domain_webmail + r"|" + domain_odd + r")"
    parts = (("plain", plain), ("odd", odd), ("word", word))
    return tuple(compile_pattern(f"(?P<{name}>{src})", gated=True) for name, src in parts)


WRITTEN_OUT = "written out"
IN_WORDS = "written in words"
LETTERS_FOR_DIGITS = "letters for digits"
SPACED_DIGITS = "spaced-out digits"
ODD_SEPARATORS = "odd separators"
_ODD = frozenset("_/\u00b7\u2022")
_SPACED_NUMBER = re.compile(r"\+?\d(?: \d){6,}")


def emails(view: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, how) for every email address (rules share one result per document through
    the document's memo, see ``kinds``)."""
    return tuple(_emails(view))


def _emails(view: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, how) for every email address, plain (how "") or written out.

    "name at brand dot com" counts when "name" looks like a mailbox (support, info, a dotted or
    numbered name), the host is a webmail service, or an email word comes just before it; so
    "on sale now at brand(dot)shop" is a web address, not an email.
    """
    for span, groups in merged_groupiter(email_parts(), view):
        if groups.get("word") is not None:
            local = (groups.get("local") or "").lower()
            mailbox = local in _MAILBOXES or any(c in local for c in "._-+0123456789")
            cue = _EMAIL_CUE.search(view[max(0, span.start - 30) : span.start]) is not None
            if not (mailbox or cue or groups.get("webmail")):
                continue
        yield span.start, span.end, "" if groups.get("plain") is not None else WRITTEN_OUT


@cache
def link_parts(tlds: tuple[str, ...]) -> tuple[Pattern, ...]:
    """The parts of one alternation (``scheme``, ``www``, ``bare``, ``spelled``), searched part by part."""
    tld = _tld_alt(tlds)
    spelled_tld = _tld_alt(tuple(t for t in tlds if t not in _WORD_TLDS))
    path = r"(?:/[^\s<>\"'`]*)?"
    scheme = r"\b(?:https?|ftp)://[^\s<>\"'`]+"
    www = r"(?<![\w.])www" + DOT + _LABEL + r"(?:" + DOT + _LABEL + r")*" + r"(?:\s*/\s*[\w\-./?=&%#]*[\w/])?"
    not_email = r"(?<![@\w.\-])(?<!\blive:)"  # "live:name.tech" is a Skype ID
    bare = not_email + r"(?:" + _LABEL + r"\.)+(?:" + tld.replace(DOT, r"\.") + r")(?![\w\-@])" + path
    spelled_path = r"(?:\s*(?:/|\s+slash\s+)\s*[\w\-]+)"
    # longest first, ties in name order: the same text in every process (the compiled-pattern
    # cache is keyed by it; a set's order changes with string hash randomisation)
    word_tld = "|".join(sorted(_WORD_TLDS & set(tlds), key=lambda t: (-len(t), t)))
    spelled = (
        not_email + _LABEL + r"(?:" + DOT + _LABEL + r"){0,3}"
        + r"(?:\s*[\(\[\{]\s*(?:dot|\.)\s*[\)\]\}]\s*|\s+dot\s+|\s+\.\s+)"
        # a TLD that is also an English word ("wa dot me") counts when a path follows it
        + r"(?:(?:" + spelled_tld + r")(?![\w\-@])" + spelled_path + r"*"
        + (r"|(?:" + word_tld + r")(?![\w\-@])" + spelled_path + r"+" if word_tld else "") + r")"
    )
    parts = (("scheme", scheme), ("www", www), ("bare", bare), ("spelled", spelled))
    return tuple(compile_pattern(f"(?P<{name}>{src})", gated=True) for name, src in parts)


_SPELLED_DOT = compile_pattern(DOT, lazy=True)
_SPELLED_SLASH = compile_pattern(r"\s*(?:/|\s+slash\s+)\s*", lazy=True)


def _split_url(url: str) -> tuple[str, str]:
    rest = url.split("://", 1)[1] if "://" in url else url
    for i, ch in enumerate(rest):
        if ch in "/?#":
            host, path = rest[:i], rest[i:]
            break
    else:
        host, path = rest, ""
    host = host.rsplit("@", 1)[-1].split(":")[0].lower().strip(".")
    return host, path


def links(
    view: str, tlds: tuple[str, ...] = DEFAULT_BARE_TLDS, taken: Sequence[tuple[int, int]] | None = None
) -> Iterator[Link]:
    """Every web address: with scheme, www., bare "brand.com" or spelled "brand dot com".

    The domain part of an email address is not a link (``taken``: the email spans, if known).
    """
    if taken is None:
        taken = [(a, b) for a, b, _ in emails(view)]
    for span, groups in merged_groupiter(link_parts(tlds), view):
        start, end = span.start, span.end
        if any(a < end and start < b for a, b in taken):
            continue
        while end > start and view[end - 1] in _PUNCT_TAIL:
            end -= 1
        raw = view[start:end]
        spelled = groups.get("spelled") is not None or (groups.get("www") is not None and " " in raw)
        if spelled:
            raw = _SPELLED_SLASH.sub("/", _SPELLED_DOT.sub(".", raw))
        host, path = _split_url(raw)
        if host:
            yield Link(start, end, host, path, WRITTEN_OUT if spelled else "")


def host_in(host: str, domains: Sequence[str]) -> bool:
    """True when ``host`` is one of ``domains`` or a subdomain of one."""
    host = host.lower()
    return any(host == d or host.endswith("." + d) for d in domains)


# ---------------------------------------------------------------------------- phones
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_ORDER_ID = r"(?<!\d)(?:\d{3}|D\d{2})-\d{7}-\d{7}(?!\d)"
_DATE = r"\b(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})\b"
_NUMERIC = (
    r"(?<![\w+.,/:$£€])(?<!\w-)(?P<num>(?:\+\s?)?(?:\(\s*[\dO]{1,5}\s*\)\s?)?[\dO](?:[ ./\-_\u2013\u00b7\u2022]{0,2}[\dOolI|]|\s?\(\s*[\dO]{1,5}\s*\)\s?)+)(?![\w/:])"
)
_DIGIT_UNIT = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|\d)"
# a token is one or more units run together ("four1five"), optionally after double/triple
_WORD_DIGIT = r"(?:double[\s\-]*|triple[\s\-]*|)" + _DIGIT_UNIT + "+"  # (…)? as an alternation: see shadow
_WORDED = r"(?<!\w)" + _WORD_DIGIT + r"(?:[\s,\-]{1,3}" + _WORD_DIGIT + r"){4,}(?!\w)"
_NOT_PHONE_CUE = compile_pattern(
    r"(?:track\w*|parcel|waybill|consignment|shipment|reference|ref|invoice|order|serial|s/n|sku|asin|"
    r"isbn|ean|upc|model|part|item|account|acct|iban|swift|sort\s*code|card|id|code|key|licen[cs]e|pin|po|"
    r"vat|tax|number\s+of|batch|lot|receipt|transaction|case|ticket|claim|rma|#)"
    r"(?:[\s#:.\-]+(?:number|no|nr|id|code|is))?(?:[\s#:.\-]+[a-z0-9]{1,4}){0,5}[\s#:.\-]*$",
    lazy=True,
)
_PHONE_CUE = compile_pattern(
    r"\b(?:call|ring|phone|tel|telephone|mobile|cell|whats\s*app|wa|text|sms|dial|fax|viber|signal|"
    r"hotline|helpline|contact|reach|number|line|landline)\b",
    lazy=True,
)


_UNIT = re.compile(_DIGIT_UNIT)
_SWAPS = frozenset("OolI|")  # letters (and a bar) written for digits


@cache
def _numeric_rx() -> Pattern:
    # case matters for the letter swaps (O for 0, l/I for 1)
    return compile_pattern(_NUMERIC, ignorecase=False, gated=True)


@cache
def _worded_rx() -> Pattern:
    return compile_pattern(_WORDED, gated=True)


@cache
def _exclusion_rx() -> Pattern:
    return compile_pattern(f"{_ORDER_ID}|{_DATE}")


def _worded_digits(text: str) -> tuple[int, int]:
    """(digits spelled out, word tokens) in a run like "oh seven seven double-oh nine"."""
    digits = words = 0
    repeat = 1
    for token in text.lower().replace(",", " ").replace("-", " ").split():
        if token in ("double", "triple"):
            repeat = 2 if token == "double" else 3
            words += 1
            continue
        for unit in _UNIT.findall(token):
            digits += repeat
            words += unit in _DIGIT_WORDS
            repeat = 1
        repeat = 1
    return digits, words


def _phone_how(raw: str, swapped: int) -> str:
    if swapped:
        return LETTERS_FOR_DIGITS
    if _SPACED_NUMBER.fullmatch(raw.strip()):
        return SPACED_DIGITS
    return ODD_SEPARATORS if _ODD.intersection(raw) else ""


def phones(
    view: str, min_digits: int = 7, max_digits: int = 15, runs: digitruns.Runs | None = None
) -> Iterator[tuple[int, int, str]]:
    """(start, end, how) for every phone number that is not another kind of number; ``how``
    says whether it was written in words or with letters for digits ("" when plain).
    ``runs``: ``digitruns.beyond_order_ids(view)``, when already known."""
    excluded: list[tuple[int, int]] | None = None  # order ids and dates: found when first needed
    worded: list[tuple[int, int]] = []
    for span in _worded_rx().finditer(view):
        digits, words = _worded_digits(view[span.start : span.end])
        mixed = words >= 1 and digits >= 9  # "07 seven 00 9 double 0 3 8 2"
        if (words >= 3 or mixed) and min_digits <= digits <= max_digits:
            worded.append((span.start, span.end))
    found = [(a, b, IN_WORDS) for a, b in worded]
    usable = digitruns.beyond_order_ids(view) if runs is None else runs
    for span in digitruns.search_runs(_numeric_rx(), view, found=usable):  # a phone has five digits or more
        start, end = span.start, span.end
        raw = view[start:end]
        real = sum(map(str.isdigit, raw))
        swapped = sum(map(_SWAPS.__contains__, raw))
        total = real + swapped
        if not (min_digits <= total <= max_digits) or swapped > real or real < 5:
            continue
        if excluded is None:
            excluded = [(s.start, s.end) for s in _exclusion_rx().finditer(view)]
        if any(a < end and start < b for a, b in excluded + worded):
            continue
        before = view[max(0, start - 40) : start]
        if _NOT_PHONE_CUE.search(before) is not None:
            continue
        formatted = raw.startswith("+") or "(" in raw or any(not c.isalnum() for c in raw.strip())
        if formatted or _PHONE_CUE.search(before[-25:]) is not None:
            found.append((start, end, _phone_how(raw, swapped)))
    yield from sorted(found)
