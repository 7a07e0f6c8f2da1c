"""Inputs: expand paths into draft files, and decode bytes into text.

Directories are walked in sorted order for drafts (by extension), skipping hidden and VCS
folders; a file named explicitly is always read. Nothing outside the given paths is read.
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

DRAFT_SUFFIXES = frozenset(
    {
        ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".eml", ".j2", ".jinja",
        ".jinja2", ".hbs", ".handlebars", ".mustache", ".liquid", ".tmpl", ".tpl",
    }
)
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "node_modules", "__pycache__"})
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One input to lint: ``path`` as the user will see it."""

    path: str
    file: Path | None  # None for stdin


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    note: str = ""  # a warning to show, e.g. that a legacy encoding was assumed


class NotText(Exception):
    """The bytes are not a text draft (binary, NUL bytes, undecodable)."""


def expand(
    paths: Sequence[str], skip: Callable[[str], bool] | None = None, stdin_name: str = STDIN
) -> Iterator[Source | str]:
    """Sources for the given paths, or an error string for a path that cannot be used.

    ``skip`` leaves out files and folders found while walking a directory (a file named on
    the command line is always read).
    """
    for given in paths:
        if given == STDIN:
            yield Source(stdin_name, None)
            continue
        p = Path(given)
        if p.is_dir():
            yield from _walk(p, given, skip or (lambda _: False))
        elif p.exists():
            yield Source(given, p)
        else:
            yield f"{given}: no such file or directory"


def _walk(root: Path, given: str, skip: Callable[[str], bool]) -> Iterator[Source | str]:
    seen: set[tuple[int, int]] = set()

    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield f"{_shown(folder, root, given)}: cannot read directory ({exc.strerror or exc})"
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            shown = _shown(Path(entry.path), root, given)
            if skip(shown):
                continue
            if is_dir:
                if entry.name not in SKIP_DIRS:
                    subdirs.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in DRAFT_SUFFIXES:
                yield Source(shown, Path(entry.path))
        stack.extend(reversed(subdirs))


def _shown(path: Path, root: Path, given: str) -> str:
    rel = path.relative_to(root)
    return str(Path(given) / rel) if str(rel) != "." else given


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252 with a warning."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise NotText(f"not valid {encoding} ({exc.reason})") from None
    if b"\x00" in data:
        raise NotText("not a text file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise NotText("not a text file (not UTF-8, UTF-16 or cp1252)") from None
    if sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f") > len(text) // 100 + 1:
        raise NotText("not a text file (binary content)")
    return Decoded(text, "cp1252", "not UTF-8; read as cp1252 (Windows Latin-1)")
