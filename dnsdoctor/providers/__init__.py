"""DNS providers: one folder each, behind the interface of :mod:`dnsdoctor.providers.base`.

A provider folder's ``__init__`` exports ``PROVIDER`` (metadata only: importing it loads no SDK).
Adding a provider means adding its folder and its name to :data:`NAMES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from dnsdoctor.core import secrets
from dnsdoctor.providers.base import Provider

NAMES: tuple[str, ...] = ("tencentcloud", "alidns")
"""Every provider, in the order ``--provider auto`` tries them when nothing else decides."""


def get(name: str) -> Provider:
    """The provider named ``name`` (a ``--provider`` value); ``KeyError`` if there is none."""
    if name not in NAMES:
        raise KeyError(name)
    module = importlib.import_module(f"dnsdoctor.providers.{name}")
    provider: Provider = module.PROVIDER
    _mask_key_ids(provider)
    return provider


def canonical(value: str) -> str:
    """A ``--provider`` value as the registry's name: a provider's alias (``dnspod``, ``aliyun``)
    is its name; anything else is returned as it is (lower-cased)."""
    name = value.strip().lower()
    for provider in all_providers():
        if name == provider.name or name in provider.aliases:
            return provider.name
    return name


def all_providers() -> tuple[Provider, ...]:
    return tuple(get(name) for name in NAMES)


def _mask_key_ids(provider: Provider) -> None:
    """Output masks every provider's key ids wherever they appear (a pasted log, a server's
    message), not only the keys this run read: each provider's shapes are registered when the
    registry is imported, and a provider added to :data:`NAMES` later when it is first looked up
    (registering a shape twice is a no-op)."""
    for shape in provider.key_id_shapes:
        secrets.register_id_shape(shape)


all_providers()  # every provider's key-id shapes, from the start


def serving(ns_hosts: Iterable[str]) -> Provider | None:
    """The provider whose name servers these are, when they all belong to one provider."""
    hosts = [h for h in ns_hosts if h]
    if not hosts:
        return None
    for provider in all_providers():
        if all(provider.serves(h) for h in hosts):
            return provider
    return None
