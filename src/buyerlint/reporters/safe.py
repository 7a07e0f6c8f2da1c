"""Make draft text safe to print: no control characters or escape sequences reach a terminal."""
from __future__ import annotations

_CONTROL = {i: f"\\x{i:02x}" for i in range(32) if chr(i) not in "\t"}
_CONTROL.update({0x7F: "\\x7f"})
_CONTROL.update({i: f"\\x{i:02x}" for i in range(0x80, 0xA0)})
_CONTROL.update({0x9B: "\\x9b"})
# bidi controls (they reorder what follows), and the line and paragraph separators (some
# terminals, editors and ``str.splitlines`` break lines there: one finding must stay one line)
for _cp in (0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
            0x2028, 0x2029):
    _CONTROL[_cp] = f"\\u{_cp:04x}"


def printable(text: str) -> str:
    """``text`` with control characters (C0 but TAB, C1, DEL, bidi controls, line and paragraph
    separators) and lone surrogates shown as escapes."""
    out = text.translate(_CONTROL)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in out):
        out = "".join(f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c for c in out)
    return out
