"""The ACME clients dnsdoctor knows, one module each (``lego``, ``certimate``, ``acmesh``,
``certbot``), behind :class:`dnsdoctor.clients.base.AcmeClient`.

Adding a client means adding its module and its name to :data:`MODULES`: ``explain --log``
recognises its log and its failures, and the credential checks and policies see the actions it
calls, without a change anywhere else.
"""

from __future__ import annotations

import importlib
from functools import cache

from dnsdoctor.clients.base import AcmeClient

MODULES: tuple[str, ...] = ("certimate", "lego", "acmesh", "certbot")
"""In the order a log is tested against them: Certimate prints lego's words, so it comes first."""


@cache
def all_clients() -> tuple[AcmeClient, ...]:
    return tuple(importlib.import_module(f"dnsdoctor.clients.{m}").CLIENT for m in MODULES)


def get(name: str) -> AcmeClient:
    """The client named ``name`` (``lego``, ``acme.sh``); ``KeyError`` if there is none."""
    for client in all_clients():
        if client.name == name:
            return client
    raise KeyError(name)


def detect(text: str) -> tuple[str, str]:
    """The client whose log ``text`` is, and the wording it prints (``("lego", "v5")``);
    ``("", "")`` when nothing says."""
    lowered = text.lower()
    wordings = {c.name: _wording(c, text) for c in all_clients()}
    for client in all_clients():
        borrowed = client.detection.wordings_of
        wording = wordings.get(borrowed, "") if borrowed else wordings[client.name]
        if client.detection.matches(text, lowered) or (not borrowed and wording):
            return client.name, wording
    return "", ""


def _wording(client: AcmeClient, text: str) -> str:
    return next((w.name for w in client.wordings if any(m in text for m in w.markers)), "")


def provider_actions(provider: str) -> dict[str, tuple[str, ...]]:
    """Client name → the actions it calls at ``provider`` (clients that do not use it left out)."""
    return {c.name: c.actions[provider] for c in all_clients() if provider in c.actions}


__all__ = ["AcmeClient", "all_clients", "detect", "get", "provider_actions"]
