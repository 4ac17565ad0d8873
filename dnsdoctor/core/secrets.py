"""Keeping secrets out of every output.

Every secret the tool reads is registered here the moment it is read. Renderers, the log and error
messages pass their text through :func:`redact`, so a secret that slipped into an exception message
or a server's reply is masked anyway: defence in depth behind never formatting a secret at all.

A registered secret is also remembered in the forms in which a library might print it: stripped,
with invisible characters and quotes removed, and escaped as by ``repr()`` or JSON (``requests``
quotes a bad header value with ``%r``). Anything shaped like a key id is masked whether it was
registered or not: a Tencent Cloud SecretId (``AKID`` and at least 16 more letters or digits) always,
and every shape a provider declares (:func:`register_id_shape`; the provider registry,
:mod:`dnsdoctor.providers`, registers its providers' ``key_id_shapes`` when imported), and so is a
key-shaped value behind a key-ish label (``SecretKey: …``, ``secret_key=…``, ``"SecretKey": "…"``,
``X-TC-Token: …``, ``Tencent_SecretKey='…'``), as a pasted log or a server's message shows them.

A SecretKey or token is shown as its length and fingerprint only (:func:`mask`); a SecretId, which
names a key but signs nothing, keeps its four-character prefix (``AKID``, ``LTAI``, ``STS.``) and
last two characters (:func:`mask_id`). A finding's params carry the same masks as words
(:func:`mask_words`, :func:`mask_id_words`), said in the reader's language ("24 chars" /
"24 个字符"); their ``str()`` is the English mask.
Text is shortened only after it was redacted (:func:`clip`): a cut secret is no longer recognised.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata

from dnsdoctor.core.i18n import Phrase
from dnsdoctor.core.i18n import register as register_texts
from dnsdoctor.outside import visible

_lock = threading.Lock()
_secrets: set[str] = set()

_ID_SHAPES: list[str] = [r"AKID[A-Za-z0-9]{16,}"]
_SECRET_ID_SHAPE = re.compile("|".join(f"(?:{shape})" for shape in _ID_SHAPES))
_QUOTES = "\"'“”‘’「」『』"
_MIN_LEN = 4


def fingerprint(secret: str) -> str:
    """A short, stable fingerprint, so that two keys can be compared without showing either."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def register_id_shape(pattern: str) -> None:
    """Mask anything that fully matches ``pattern`` (a provider's key id, e.g. ``LTAI[A-Za-z0-9]{12,20}``)
    as a key id wherever it appears, registered or not. The pattern should start with a literal
    four-character prefix: :func:`mask_id` shows it."""
    global _SECRET_ID_SHAPE
    with _lock:
        if pattern in _ID_SHAPES:
            return
        _ID_SHAPES.append(pattern)
        _SECRET_ID_SHAPE = re.compile("|".join(f"(?:{shape})" for shape in _ID_SHAPES))


MASK_WORDS = register_texts(
    "secrets",
    {
        # {head}…{tail}: a key id's prefix and last two characters, nothing for a secret
        "mask": {
            "en": "{head}…{tail} ({n} chars, sha256:{fp})",
            "zh": "{head}…{tail}（{n} 个字符，sha256:{fp}）",
        },
    },
)


def mask_words(secret: str) -> Phrase:
    """``… (32 chars, sha256:1a2b3c4d)`` / ``…（32 个字符，sha256:1a2b3c4d）``: a SecretKey or
    token as its length and fingerprint, enough to compare two keys, no character of it."""
    return Phrase(
        MASK_WORDS["mask"], {"head": "", "tail": "", "n": len(secret), "fp": fingerprint(secret)}
    )


def mask_id_words(secret_id: str) -> Phrase:
    """``AKID…Qz (36 chars, sha256:1a2b3c4d)``: a key id keeps its prefix and last two characters,
    which is how people recognise their key. A value in the key id's slot that is not shaped like
    one may be a pasted secret: it gets :func:`mask_words`."""
    shape = cleaned(secret_id)  # around invisible characters and quotes, as the lint reports them
    if not _SECRET_ID_SHAPE.fullmatch(shape):
        return mask_words(secret_id)
    params = {"head": shape[:4], "tail": shape[-2:], "n": len(secret_id)}
    return Phrase(MASK_WORDS["mask"], {**params, "fp": fingerprint(secret_id)})


def mask(secret: str) -> str:
    """:func:`mask_words` in English, for evidence, reprs and :func:`redact`."""
    return str(mask_words(secret))


def mask_id(secret_id: str) -> str:
    """:func:`mask_id_words` in English, for evidence, reprs and :func:`redact`."""
    return str(mask_id_words(secret_id))


# a mask in either language (an evidence value, a text a param was worded into)
_MASKED = re.compile(r"\(\d+ chars, sha256:[0-9a-f]{8}\)|（\d+ 个字符，sha256:[0-9a-f]{8}）")
# a whole key id's mask, "LTAI…cv (24 chars, sha256:…)" or "LTAI…cv（24 个字符，sha256:…）"
_ID_MASK = re.compile(r"[^\s…]{0,4}…[^\s(（…]{0,2}(?: ?" + _MASKED.pattern + ")")


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
        forms.add(visible(form))  # as a renderer shows a control character in it
        forms.add(json.dumps(visible(form))[1:-1])
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


def _masked(value: str) -> str:
    return f"<secret {mask_id(value) if _SECRET_ID_SHAPE.fullmatch(value) else mask(value)}>"


# A key-ish label, its separator (``: ``, ``=``, ``": "``, ``='``, JSON-escaped quotes, or only
# spaces), and the value. The label is not preceded by a letter, so ``Tencent_SecretKey`` and
# ``TENCENTCLOUD_SECRET_KEY`` count, ``SecretKeyId`` is no label (it ends in a letter).
_LABELLED = re.compile(
    r"(?i)(?<![a-z])(?:secret[_-]?(?:access[_-]?)?key|access[_-]?key[_-]?secret|api[_-]?key"
    r"|private[_-]?key|client[_-]?secret|dp[_-]key|(?:x-tc-|security[_-]?|session[_-]?"
    r"|access[_-]?|auth[_-]?)?token|password|passwd|secret)(?![a-z])"
    r"(?P<sep>(?:\\?[\"'])?(?:[ \t]{0,3}(?:=>|[:=])[ \t]{0,3}|[ \t]{1,3})(?:\\?[\"'])?)"
    r"(?P<value>[^\s'\"\\,;&<>(){}\[\]]+)"
)
_KEY_SHAPE = re.compile(r"(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9+/=_.~-]{16,}")
_BEARER = re.compile(r"(?i)(?<![a-z])(bearer\s+)([A-Za-z0-9+/=_.~-]{16,})")
_JWT = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}")


def _labelled(m: re.Match[str]) -> str:
    sep, value = m.group("sep"), m.group("value")
    if ":" in sep or "=" in sep:
        # after "label:" or "label=" any value of 8 or more characters is taken for a secret,
        # unless it is a placeholder such as $VAR or *** (a template, or already masked)
        # (a key id's mask in Chinese, "SecretId: LTAI…cv（24 个字符…", reaches past 8)
        keep = len(value) < 8 or value[0] in "$%*" or value.startswith("…")
        keep = keep or bool(_ID_MASK.match(m.string, m.start("value")))
    else:
        keep = not _KEY_SHAPE.fullmatch(value)  # "SecretKey does not match": prose
    if keep or _SECRET_ID_SHAPE.fullmatch(value):
        return m.group(0)
    return m.group(0)[: m.start("value") - m.start()] + _masked(value)


def redact(text: str) -> str:
    """``text`` with every registered secret, SecretId and labelled key-shaped value masked."""
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, _masked(secret))
    text = _SECRET_ID_SHAPE.sub(lambda m: _masked(m.group(0)), text)
    text = _LABELLED.sub(_labelled, text)
    text = _BEARER.sub(lambda m: m.group(1) + _masked(m.group(2)), text)
    return _JWT.sub(lambda m: _masked(m.group(0)), text)


def printable(text: str, keep: str = "") -> str:
    """What a renderer may write: ``text`` redacted, then every control or invisible format
    character other than those in ``keep`` (say, ``"\\n"`` for a document) made visible."""
    return visible(redact(text), keep)


def clip(text: str, limit: int) -> str:
    """``text`` redacted, then shortened to ``limit`` characters (with "…"). Cutting first could
    leave a prefix of a secret that redaction no longer recognises; a cut never splits a mask."""
    text = redact(text)
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    start = cut.rfind("<secret ")
    if start >= 0 and ">" not in cut[start:]:
        cut = cut[:start]
    return cut + "…"


def forget_all() -> None:
    """For tests: start from an empty registry."""
    with _lock:
        _secrets.clear()
