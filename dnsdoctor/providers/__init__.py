"""DNS providers: one folder each, behind the interface of :mod:`dnsdoctor.providers.base`.

A provider folder's ``__init__`` exports ``PROVIDER`` (metadata only: importing it loads no SDK).
Adding a provider means adding its folder and its name to :data:`NAMES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from dnsdoctor.providers.base import Provider

NAMES: tuple[str, ...] = ("tencentcloud", "alidns")
"""Every provider, in the order ``--provider auto`` tries them when nothing else decides."""


def get(name: str) -> Provider:
    """The provider named ``name`` (a ``--provider`` value); ``KeyError`` if there is none."""
    if name not in NAMES:
        raise KeyError(name)
    module = importlib.import_module(f"dnsdoctor.providers.{name}")
    provider: Provider = module.PROVIDER
    return provider


def all_providers() -> tuple[Provider, ...]:
    return tuple(get(name) for name in NAMES)


def serving(ns_hosts: Iterable[str]) -> Provider | None:
    """The provider whose name servers these are, when they all belong to one provider."""
    hosts = [h for h in ns_hosts if h]
    if not hosts:
        return None
    for provider in all_providers():
        if all(provider.serves(h) for h in hosts):
            return provider
    return None
