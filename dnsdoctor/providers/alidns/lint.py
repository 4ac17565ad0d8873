"""Offline shape checks of Alibaba Cloud keys, as data the credential checks turn into findings.

The character-level lint (pasted whitespace, zero-width characters, full-width letters, quotes) is
provider-neutral and lives in :mod:`dnsdoctor.providers.lint`; it applies to an Alibaba
:class:`~dnsdoctor.credentials.Credential` unchanged (:func:`character_lint` calls it).
What is Alibaba's own is the shape of the values, checked here on the cleaned values like
``creds_lint.format_problems`` and returned in the same ``(code, params)`` shape, so that the same
finding specs render them:

- ``CREDS_ID_FORMAT``: an AccessKey ID is ``LTAI`` + 12–20 letters or digits (16, 20 or 24
  characters as issued over the years: ``LTAIV7SkrAVSkwFb`` and ``LTAI5t6N1g102t6Af1wDbHim``
  appear in public bug reports), a temporary one ``STS.`` + letters and digits;
- ``CREDS_KEY_FORMAT``: an AccessKey Secret is 30 letters or digits (a temporary one is longer);
- ``CREDS_SWAPPED``: the Secret has an ID's shape and the ID does not (the API then answers
  ``InvalidAccessKeyId.NotFound``, as in jeessy2/ddns-go #1126 "key和密钥填反了");
- :data:`CREDS_TOKEN_MISSING`: an ``STS.`` key without its security token
  (Alibaba answers ``MissingSecurityToken``/``InvalidSecurityToken.*``); lego reads it from
  ``ALICLOUD_SECURITY_TOKEN``, acme.sh's ``dns_ali`` cannot send one at all;
- :data:`CREDS_OTHER_PROVIDER_KEY`: a Tencent Cloud SecretId (``AKID…``) given as
  the AccessKey ID.

These are conventions observed, not a documented contract: warnings, as in ``creds_lint``.
Every param is data (lengths, the provider, the expected shape); none holds a secret.
"""

from __future__ import annotations

import re

from dnsdoctor.core import secrets
from dnsdoctor.credentials import Credential
from dnsdoctor.providers.base import FormatProblem
from dnsdoctor.providers.lint import FieldLint, lint_credential

PROVIDER = "alidns"
ID_SHAPE = re.compile(r"LTAI[A-Za-z0-9]{12,20}")
STS_ID_SHAPE = re.compile(r"STS\.[A-Za-z0-9]{10,64}")
SECRET_SHAPE = re.compile(r"[A-Za-z0-9]{30}")
STS_SECRET_SHAPE = re.compile(r"[A-Za-z0-9]{30,64}")
TENCENT_ID_SHAPE = re.compile(r"AKID[A-Za-z0-9]{16,}")
EXPECTED_ID = "LTAI + 12–20 letters or digits (STS. + letters and digits for a temporary key)"
EXPECTED_SECRET = "30 letters or digits"

CREDS_ID_FORMAT = "CREDS_ID_FORMAT"
CREDS_KEY_FORMAT = "CREDS_KEY_FORMAT"
CREDS_SWAPPED = "CREDS_SWAPPED"
CREDS_TOKEN_MISSING = "CREDS_TOKEN_MISSING"
"""A temporary key without its security token."""
CREDS_OTHER_PROVIDER_KEY = "CREDS_OTHER_PROVIDER_KEY"
"""Another provider's key in this provider's slot."""


def _is_id(value: str) -> bool:
    return bool(ID_SHAPE.fullmatch(value) or STS_ID_SHAPE.fullmatch(value))


def is_key_id(value: str) -> bool:
    """``value`` (cleaned) has the shape of an AccessKey ID: another provider's lint names one in
    its own key id's place with it (CREDS_OTHER_PROVIDER_KEY)."""
    return _is_id(value)


def format_problems(key_id: str, secret: str, token: str | None = None) -> list[FormatProblem]:
    """Shape problems of an AccessKey, on the cleaned values (what the user most likely meant)."""
    kid, sec = secrets.cleaned(key_id), secrets.cleaned(secret)
    base: dict[str, str | int] = {"provider": PROVIDER}
    if TENCENT_ID_SHAPE.fullmatch(kid):
        return [FormatProblem(CREDS_OTHER_PROVIDER_KEY, {**base, "looks_like": "tencentcloud"})]
    if _is_id(sec) and not _is_id(kid):
        return [FormatProblem(CREDS_SWAPPED, dict(base))]
    problems: list[FormatProblem] = []
    temporary = bool(STS_ID_SHAPE.fullmatch(kid))
    if not _is_id(kid):
        problems.append(
            FormatProblem(CREDS_ID_FORMAT, {**base, "length": len(kid), "expected": EXPECTED_ID})
        )
    shape = STS_SECRET_SHAPE if temporary else SECRET_SHAPE
    if not shape.fullmatch(sec):
        expected = "30 or more letters or digits" if temporary else EXPECTED_SECRET
        problems.append(
            FormatProblem(CREDS_KEY_FORMAT, {**base, "length": len(sec), "expected": expected})
        )
    if temporary and not (token and token.strip()):
        problems.append(FormatProblem(CREDS_TOKEN_MISSING, dict(base)))
    return problems


def credential_problems(cred: Credential) -> list[FormatProblem]:
    return format_problems(cred.secret_id, cred.secret_key, cred.token)


def character_lint(cred: Credential) -> list[FieldLint]:
    """Every character of the key id, secret and token that breaks signing (provider-neutral)."""
    return lint_credential(cred)
