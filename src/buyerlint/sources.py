"""Inputs: expand paths into draft files, read them, and decode bytes into text.

Directories are walked in sorted order for drafts (by extension), skipping hidden and VCS
folders and anything that is not a regular file (FIFOs, sockets, devices); a file named
explicitly is always read. Nothing outside the given paths is read: while walking, a symbolic
link is followed only when its target lies inside the folder being walked (so links out of
the tree and link loops are skipped). At most ``MAX_DRAFT_BYTES`` (``MAX_EML_BYTES`` for an
``.eml``) are read from any input.
"""
from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

DRAFT_SUFFIXES = frozenset(
    {
        ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".eml", ".j2", ".jinja",
        ".jinja2", ".hbs", ".handlebars", ".mustache", ".liquid", ".tmpl", ".tpl",
    }
)
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "node_modules", "__pycache__"})
STDIN = "-"
MAX_DRAFT_BYTES = 1 << 20  # 1 MiB: hundreds of times any buyer message; bigger files are not drafts
# An .eml may carry attachments (Amazon allows up to 10 MB, base64-encoded in the file); they
# are not linted, so the file may be larger. Its linted text is held to MAX_DRAFT_BYTES too.
MAX_EML_BYTES = 16 << 20


class Source(NamedTuple):
    """One input to lint: ``path`` as the user will see it."""

    path: str
    file: str | Path | None  # None for stdin


class Decoded(NamedTuple):
    """The text of an input and the encoding it was read with."""

    text: str
    encoding: str
    note: str = ""  # a warning to show, e.g. that a legacy encoding was assumed


class NotText(Exception):
    """The bytes are not a text draft (binary, NUL bytes, undecodable)."""


class Unreadable(Exception):
    """An input that could not be read (or is too large to be a draft); the message says why."""


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB"


def read(source: Source, read_stdin: Callable[[int], bytes], limit: int = MAX_DRAFT_BYTES) -> bytes:
    """The bytes of one input, at most ``limit`` of them (else ``Unreadable``).

    ``read_stdin(n)`` reads up to ``n`` bytes of standard input.
    """
    too_large = f"too large for a buyer message (over {_mib(limit)}); not checked"
    if source.file is None:
        data = read_stdin(limit + 1)
        if len(data) > limit:
            raise Unreadable(too_large)
        return data
    try:
        with open(source.file, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise Unreadable(
                    f"too large for a buyer message ({_mib(size)}; the limit is {_mib(limit)}); not checked"
                )
            data = fh.read(limit + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise Unreadable(too_large)
    return data


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
        try:
            is_dir = stat.S_ISDIR(p.stat().st_mode)
        except FileNotFoundError:
            yield f"{given}: no such file or directory"
            continue
        except OSError as exc:
            yield f"{given}: cannot read ({exc.strerror or exc})"
            continue
        if is_dir:
            yield from _walk(p, given, skip or (lambda _: False))
        else:
            yield Source(given, p)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a dangling link or a link loop
        return False


def _walk(root: Path, given: str, skip: Callable[[str], bool]) -> Iterator[Source | str]:
    """The drafts under ``root`` (the path ``given``), each shown as ``Path(given) / relative``
    shows it: paths are joined as strings, as ``pathlib`` joins a name (thousands of files
    a second cost no ``Path`` objects)."""
    seen: set[tuple[int, int]] = set()
    real_root = root.resolve()
    top = str(root)
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            # only the names of drafts and folders are kept (and sorted), not every entry
            entries = sorted(_listing(folder, real_root))
        except OSError as exc:
            yield f"{given if folder == top else folder}: cannot read directory ({exc.strerror or exc})"
            continue
        subdirs = []
        for name, is_dir in entries:
            path = name if folder == "." else os.path.join(folder, name)  # as ``Path(folder) / name``
            if skip(path):
                continue
            if is_dir:
                subdirs.append(path)
            else:
                yield Source(path, path)
        stack.extend(reversed(subdirs))


def _listing(folder: str, real_root: Path) -> Iterator[tuple[str, bool]]:
    """(name, is a folder) of the drafts and the folders to walk in ``folder``, in any order."""
    with os.scandir(folder) as it:
        for entry in it:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink() and not _inside(Path(entry.path), real_root):
                    continue
                if entry.is_dir():
                    if entry.name not in SKIP_DIRS:
                        yield entry.name, True
                elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in DRAFT_SUFFIXES:
                    yield entry.name, False
            except OSError:
                continue


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32", "cp1252": "cp1252"}


def _where(data: bytes, byte: int, encoding: str) -> str:
    """``line L, column C`` of the character that starts at ``data[byte]``."""
    before = data[:byte].decode(encoding, "replace").lstrip("\ufeff")
    lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return f"line {len(lines)}, column {len(lines[-1]) + 1}"


def _lenient(data: bytes, encoding: str) -> tuple[str, str]:
    """Decode; undecodable bytes become U+FFFD (one code point each, so columns stay right)."""
    try:
        return data.decode(encoding), ""
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, "replace")
        bad = text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")
        if bad * 10 > len(text):
            raise NotText(f"not a text file (mostly undecodable as {_NAMES[encoding]})") from None
        note = (f"not valid {_NAMES[encoding]}: {bad} undecodable byte sequence(s) shown as U+FFFD "
                f"(the first at {_where(data, exc.start, encoding)})")
        return text, note


def _utf8_with_errors(data: bytes) -> bool:
    """UTF-8 with a few bad bytes rather than a legacy encoding: it has well-formed multi-byte
    characters (which cp1252 text almost never forms by chance), at least a third as many as
    undecodable bytes."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return good > 0 and 3 * good >= bad


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252 with a warning.

    Undecodable bytes never end a read: each becomes U+FFFD and the note says where the
    first one is. A file without a BOM that has NUL bytes, or many control characters once
    decoded, is not a text file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, note = _lenient(data, encoding)
            return _checked(Decoded(text, encoding, note))
    if b"\x00" in data:
        raise NotText("not a text file (contains NUL bytes)")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    if _utf8_with_errors(data):
        text, note = _lenient(data, "utf-8")
        return _checked(Decoded(text, "utf-8", note))
    text, problem = _lenient(data, "cp1252")
    note = "not UTF-8; read as cp1252 (Windows Latin-1)"
    if problem:
        note += "; " + problem.replace("not valid cp1252: ", "")
    return _checked(Decoded(text, "cp1252", note))


def _checked(decoded: Decoded) -> Decoded:
    """``decoded``, unless it is binary: NUL characters, or (in a guessed or 16/32-bit
    encoding, where binary data decodes without error) control characters in over 1%."""
    text = decoded.text
    if "\x00" in text:
        raise NotText("not a text file (contains NUL characters)")
    if decoded.encoding.startswith("utf-8"):
        return decoded
    if sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f") > len(text) // 100 + 1:
        raise NotText("not a text file (binary content)")
    return decoded
