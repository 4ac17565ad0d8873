"""Keeping secrets out of every output.

Every secret the tool reads is registered here the moment it is read. Renderers, the log and error
messages pass their text through :func:`redact`, so a secret that slipped into an exception message
or a server's reply is masked anyway: defence in depth behind never formatting a secret at all.

A registered secret is also remembered in the forms in which a library might print it: stripped,
with invisible characters and quotes removed, and escaped as by ``repr()`` or JSON (``requests``
quotes a bad header value with ``%r``). Anything shaped like a Tencent Cloud SecretId (``AKID`` and
at least 16 more letters or digits) is masked whether it was registered or not.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata

_lock = threading.Lock()
_secrets: set[str] = set()

_SECRET_ID_SHAPE = re.compile(r"AKID[A-Za-z0-9]{16,}")
_QUOTES = "\"'“”‘’「」『』"
_MIN_LEN = 4


def fingerprint(secret: str) -> str:
    """A short, stable fingerprint, so that two keys can be compared without showing either."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def mask(secret: str) -> str:
    """``AKID…Qz (36 chars, sha256:1a2b3c4d)``: enough to recognise a key, not to use it."""
    n = len(secret)

    def plain(part: str) -> str:
        return "".join(c if c.isascii() and c.isprintable() else "?" for c in part)

    if n >= 16:
        shown = f"{plain(secret[:4])}…{plain(secret[-2:])}"
    elif n >= 8:
        shown = f"{plain(secret[:2])}…"
    else:
        shown = "…"
    return f"{shown} ({n} chars, sha256:{fingerprint(secret)})"


_MASKED = re.compile(r"\(\d+ chars, sha256:[0-9a-f]{8}\)")


def is_masked(text: str) -> bool:
    """Whether ``text`` already went through :func:`mask` (it carries the length and fingerprint)."""
    return bool(_MASKED.search(text))


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf")


def cleaned(secret: str) -> str:
    """The secret without invisible characters and surrounding quotes, full-width forms folded.

    This is the value a user most likely meant; the lint offers it to the differential probe.
    """
    value = "".join(ch for ch in secret if not _invisible(ch))
    while len(value) >= 2 and value[0] in _QUOTES and value[-1] in _QUOTES:
        value = value[1:-1]
    return "".join(
        unicodedata.normalize("NFKC", ch) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in value
    )


def _variants(secret: str) -> set[str]:
    forms = {secret, secret.strip(), cleaned(secret)}
    for form in list(forms):
        forms.add(repr(form)[1:-1])
        forms.add(json.dumps(form)[1:-1])
    return {f for f in forms if len(f.strip()) >= _MIN_LEN}


def register(secret: str) -> None:
    """Remember a secret so that :func:`redact` masks it wherever it appears."""
    if len(secret.strip()) >= _MIN_LEN:
        forms = _variants(secret)
        with _lock:
            _secrets.update(forms)


def is_registered(secret: str) -> bool:
    with _lock:
        return secret in _secrets


def redact(text: str) -> str:
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, f"<secret {mask(secret)}>")
    return _SECRET_ID_SHAPE.sub(lambda m: f"<secret {mask(m.group(0))}>", text)


def forget_all() -> None:
    """For tests: start from an empty registry."""
    with _lock:
        _secrets.clear()
