"""Text from outside, made safe to show: the one sanitiser between the world and a reader.

A TXT value, an API error message, an HTTP header or a pasted log can carry characters that a
terminal acts on or hides: ``ESC ] 0 ; … BEL`` retitles it, ``ESC [ 2 J`` clears it, OSC 8 draws
a link whose text hides its target, a bidi override (U+202E) reverses what follows, a zero-width
space makes two different values look the same. :func:`visible` turns each such character into
an escape the reader sees (``\\x1b``, ``\\u202e``), in the form Python's ``repr`` uses.

It is applied where outside text becomes data (:func:`from_wire` for DNS answers, the error types
of the network adapters, :class:`~dnsdoctor.core.model.Finding` and
:class:`~dnsdoctor.core.model.Evidence` themselves) and once more by every renderer before it writes,
so a path that forgets it still prints nothing raw. It is idempotent: its output has no character
left to escape.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Cc: C0, DEL, C1. Cf: bidi overrides and isolates, zero-width characters, BOM, soft hyphen,
# tags. Cs: lone surrogates (from a surrogateescape decode; they cannot even be written). Zl, Zp:
# U+2028/U+2029, line breaks for some terminals and editors.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    n = ord(ch)
    if n < 0x100:
        return f"\\x{n:02x}"
    if n < 0x10000:
        return f"\\u{n:04x}"
    return f"\\U{n:08x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control, format (bidi, zero-width) and separator character other than
    those in ``keep`` replaced by a visible escape: ``"a\\x1b[2Jb"`` for ``"a" ESC "[2Jb"``."""
    if text.isprintable():  # the common case: no character of any of those categories
        return text
    return "".join(
        _escape(c) if c not in keep and unicodedata.category(c) in _HIDDEN else c for c in text
    )


def from_wire(data: bytes) -> str:
    """Bytes received from the network as text: UTF-8, an undecodable byte as ``\\xNN`` (not
    U+FFFD, which would hide which byte it was), then :func:`visible`."""
    return visible(data.decode("utf-8", "backslashreplace"))


def visible_tree(value: Any, keep: str = "") -> Any:
    """:func:`visible` applied to every string in nested dicts, lists and tuples (keys too)."""
    if isinstance(value, str):
        return visible(value, keep)
    if isinstance(value, dict):
        return {visible_tree(k, keep): visible_tree(v, keep) for k, v in value.items()}
    if isinstance(value, list):
        return [visible_tree(v, keep) for v in value]
    if isinstance(value, tuple):
        return tuple(visible_tree(v, keep) for v in value)
    if hasattr(value, "map_strings"):  # a Phrase of dnsdoctor.core.i18n: its data, not its words
        return value.map_strings(lambda text: visible(text, keep))
    return value
