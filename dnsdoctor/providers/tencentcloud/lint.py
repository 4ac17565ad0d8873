"""Tencent Cloud key shapes: what a SecretId/SecretKey pair looks like, and what it is when not.

The character-level lint (invisible, full-width, quoted characters) is the same for every provider
and lives in :mod:`dnsdoctor.providers.lint` (:func:`character_lint` applies it); the shapes here
are Tencent's conventions, so the findings are warnings only.
"""

from __future__ import annotations

import re

from dnsdoctor.core import secrets
from dnsdoctor.credentials import Credential
from dnsdoctor.providers.base import FormatProblem
from dnsdoctor.providers.lint import FieldLint, lint_credential

ID_SHAPE = re.compile(r"AKID[A-Za-z0-9]{32}")
KEY_SHAPE = re.compile(r"[A-Za-z0-9]{32}")
LEGACY_TOKEN = re.compile(r"\d{3,10},[0-9a-fA-F]{32}")
LEGACY_ID = re.compile(r"\d{3,10}")
LEGACY_KEY = re.compile(r"[0-9a-f]{32}")


def is_key_id(value: str) -> bool:
    """``value`` (cleaned) has the shape of a SecretId: another provider's lint names a SecretId
    in its own key id's place with it (CREDS_OTHER_PROVIDER_KEY)."""
    return bool(ID_SHAPE.fullmatch(value))


def format_problems(
    secret_id: str, secret_key: str, token: str | None = None
) -> list[FormatProblem]:
    """Heuristics on the cleaned values: a legacy DNSPod token, swapped fields, odd shapes.
    (``token``: a temporary SecretId has the same shape as a permanent one, so nothing tells
    that one is missing.)"""
    sid, key = secrets.cleaned(secret_id), secrets.cleaned(secret_key)
    legacy = (
        LEGACY_TOKEN.fullmatch(sid)
        or LEGACY_TOKEN.fullmatch(key)
        or (LEGACY_ID.fullmatch(sid) and LEGACY_KEY.fullmatch(key))
    )
    if legacy:
        return [FormatProblem("CREDS_LEGACY_DNSPOD_TOKEN", {})]
    if ID_SHAPE.fullmatch(key) and not ID_SHAPE.fullmatch(sid):
        return [FormatProblem("CREDS_SWAPPED", {})]
    problems: list[FormatProblem] = []
    if not ID_SHAPE.fullmatch(sid):
        problems.append(FormatProblem("CREDS_ID_FORMAT", {"length": len(sid)}))
    if not KEY_SHAPE.fullmatch(key):
        problems.append(FormatProblem("CREDS_KEY_FORMAT", {"length": len(key)}))
    return problems


def character_lint(cred: Credential) -> list[FieldLint]:
    """Every character of the SecretId, SecretKey and token that breaks signing (provider-neutral)."""
    return lint_credential(cred)
