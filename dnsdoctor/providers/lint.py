"""The field lint every provider's keys share: the characters that break a request signature.

Nothing here talks to the network. :func:`lint_value` and :func:`lint_credential` find every
character that breaks an HMAC signature over the key — leading, trailing or inner whitespace,
CR/LF, tab, NBSP, the ideographic space U+3000, zero-width characters U+200B/C/D and U+2060, the
BOM U+FEFF, full-width letters typed with a Chinese input method, other non-ASCII characters,
quotes kept from a config file — and report each with its position and Unicode name, never the
secret. This is provider-neutral, so it sits in the provider interface, below both the credential
checks (:mod:`dnsdoctor.checks.creds.lint`, which turn it into findings) and each provider's own
lint (``providers/<name>/lint.py``: the key shapes, which are the provider's conventions).

A problem is data: a kind (``zero-width``), where it is (``trailing``), a position; the words for
kinds and places are the catalogues :data:`KINDS` and :data:`WHERE`, chosen in the reader's
language when a text is shown (:func:`kind_words`, :func:`where_words`, :func:`field_words`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from dnsdoctor import providers
from dnsdoctor.core import secrets
from dnsdoctor.core.i18n import Phrase, register
from dnsdoctor.credentials import Credential

QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂"}
QUOTE_CHARS = frozenset("\"'“”‘’「」『』＂＇`")


KINDS = register(
    "lint.kinds",
    {
        "space": {"en": "space", "zh": "空格"},
        "line-break": {"en": "line break", "zh": "换行符"},
        "tab": {"en": "tab", "zh": "制表符"},
        "nbsp": {"en": "no-break space", "zh": "不换行空格"},
        "ideographic-space": {"en": "ideographic (full-width) space", "zh": "全角空格"},
        "zero-width": {"en": "zero-width character", "zh": "零宽字符"},
        "bom": {"en": "byte order mark", "zh": "字节顺序标记（BOM）"},
        "other-space": {"en": "space character", "zh": "空白字符"},
        "control": {"en": "control character", "zh": "控制字符"},
        "format": {"en": "invisible formatting character", "zh": "不可见的格式字符"},
        "fullwidth": {"en": "full-width character", "zh": "全角字符"},
        "non-ascii": {"en": "non-ASCII character", "zh": "非 ASCII 字符"},
        "quote": {"en": "quote", "zh": "引号"},
    },
)
"""Kind of character → its name in each language."""
WHERE = register(
    "lint.where",
    {
        "leading": {"en": "leading", "zh": "开头"},
        "trailing": {"en": "trailing", "zh": "末尾"},
        "inner": {"en": "inner", "zh": "中间"},
    },
)
FIELDS = register("lint.fields", {"token": {"en": "token", "zh": "临时密钥 Token"}})
"""The parts of a key that have a name of their own in Chinese (a key id's and a secret's labels
are the provider's, the same in both languages)."""

KIND_CODE: dict[str, str] = {kind: "CREDS_INVISIBLE_CHAR" for kind in KINDS}
KIND_CODE.update(
    {
        "fullwidth": "CREDS_FULLWIDTH_CHAR",
        "non-ascii": "CREDS_NON_ASCII_CHAR",
        "quote": "CREDS_QUOTED",
    }
)
"""Kind of character → the finding code that reports it."""


def kind_words(kind: str) -> Phrase:
    return Phrase(KINDS[kind])


def where_words(where: str) -> Phrase:
    return Phrase(WHERE[where])


def field_words(part: str) -> str | Phrase:
    """A part of a key as the reader calls it: ``SecretKey`` stays, ``token`` is 临时密钥 Token."""
    return Phrase(FIELDS[part]) if part in FIELDS else part


# -- pure functions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CharIssue:
    position: int
    """1-based, in characters (code points) of the value as read."""
    codepoint: int
    kind: str
    where: str
    """``leading``, ``trailing`` or ``inner``."""

    @property
    def name(self) -> str:
        """``ZERO WIDTH SPACE (U+200B)``."""
        ch = chr(self.codepoint)
        fallback = {0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN", 0x09: "CHARACTER TABULATION"}
        name = unicodedata.name(ch, "") or fallback.get(self.codepoint, "UNNAMED CHARACTER")
        return f"{name} (U+{self.codepoint:04X})"

    def describe(self, lang: str = "en") -> str:
        if lang == "zh":
            return (
                f"第 {self.position} 位（{where_words(self.where).render(lang)}）的"
                f"{kind_words(self.kind).render(lang)} {self.name}"
            )
        return f"{self.where} {kind_words(self.kind)} {self.name} at position {self.position}"


@dataclass(frozen=True)
class FieldLint:
    part: str
    """``SecretId``, ``SecretKey`` or ``token``."""
    origin: str
    length: int
    issues: tuple[CharIssue, ...]
    quoted: bool
    cleaned: str = field(repr=False)
    masked: str = ""

    @property
    def removable(self) -> bool:
        """Cleaning changes the value: the differential probe can try the cleaned one."""
        return any(i.kind != "non-ascii" for i in self.issues)

    def by_code(self) -> dict[str, list[CharIssue]]:
        groups: dict[str, list[CharIssue]] = {}
        for issue in self.issues:
            groups.setdefault(KIND_CODE[issue.kind], []).append(issue)
        return groups


def classify_char(ch: str) -> str | None:
    """The kind of a character that does not belong in a key, or ``None`` for a fine one."""
    cp = ord(ch)
    if ch in "\r\n" or cp in (0x85, 0x2028, 0x2029):
        return "line-break"
    if ch == "\t":
        return "tab"
    if ch == " ":
        return "space"
    if cp == 0xA0:
        return "nbsp"
    if cp == 0x3000:
        return "ideographic-space"
    if cp in (0x200B, 0x200C, 0x200D, 0x2060):
        return "zero-width"
    if cp == 0xFEFF:
        return "bom"
    if ch in QUOTE_CHARS:
        return "quote"
    if 0xFF01 <= cp <= 0xFF5E:
        return "fullwidth"
    category = unicodedata.category(ch)
    if category in ("Zs", "Zl", "Zp"):
        return "other-space"
    if category == "Cc":
        return "control"
    if category == "Cf":
        return "format"
    if not ch.isascii():
        return "non-ascii"
    return None


def lint_value(value: str, field_name: str = "SecretKey", origin: str = "") -> FieldLint:
    """Every character of ``value`` that breaks signing, with position and kind."""
    kinds = [classify_char(ch) for ch in value]
    issues: list[CharIssue] = []
    for i, kind in enumerate(kinds):
        if kind is None:
            continue
        if all(k is not None for k in kinds[:i]):
            where = "leading"
        elif all(k is not None for k in kinds[i + 1 :]):
            where = "trailing"
        else:
            where = "inner"
        issues.append(CharIssue(i + 1, ord(value[i]), kind, where))
    junk = "".join(ch for ch, k in zip(value, kinds, strict=True) if k not in (None, "quote"))
    core = value.strip(junk) if junk else value
    quoted = len(core) >= 2 and QUOTE_PAIRS.get(core[0]) == core[-1]
    return FieldLint(
        field_name,
        origin,
        len(value),
        tuple(issues),
        quoted,
        secrets.cleaned(value),
        secrets.mask_id(value) if field_name == "SecretId" else secrets.mask(value),
    )


def lint_credential(cred: Credential) -> list[FieldLint]:
    """The key id, the secret and the token of ``cred``, each linted under the provider's label."""
    provider = providers.get(cred.provider)
    fields = [
        lint_value(cred.secret_id, provider.key_id_label, cred.id_origin or cred.origin),
        lint_value(cred.secret_key, provider.secret_label, cred.key_origin or cred.origin),
    ]
    if cred.token:
        fields.append(lint_value(cred.token, "token", cred.token_origin or cred.origin))
    return fields
