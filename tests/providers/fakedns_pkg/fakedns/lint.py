"""Fake DNS key shapes: a Key ID is ``FDNS`` + 16 capitals or digits, a secret 32 characters."""

from __future__ import annotations

import re

from dnsdoctor.core import secrets
from dnsdoctor.providers.base import FormatProblem

ID_SHAPE = re.compile(r"FDNS[A-Z0-9]{16}")
SECRET_SHAPE = re.compile(r"[A-Za-z0-9]{32}")


def is_key_id(value: str) -> bool:
    return bool(ID_SHAPE.fullmatch(value))


def format_problems(key_id: str, secret: str, token: str | None = None) -> list[FormatProblem]:
    kid, sec = secrets.cleaned(key_id), secrets.cleaned(secret)
    base: dict[str, str | int] = {"provider": "fakedns"}
    if is_key_id(sec) and not is_key_id(kid):
        return [FormatProblem("CREDS_SWAPPED", dict(base))]
    problems = []
    if not is_key_id(kid):
        problems.append(
            FormatProblem("CREDS_ID_FORMAT", {**base, "length": len(kid), "expected": "FDNS + 16"})
        )
    if not SECRET_SHAPE.fullmatch(sec):
        problems.append(
            FormatProblem("CREDS_KEY_FORMAT", {**base, "length": len(sec), "expected": "32"})
        )
    return problems
