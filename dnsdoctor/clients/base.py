"""What dnsdoctor knows about one ACME client, as data: how its log is recognised, the lines of
its log that name a failure, the DNS-provider API actions it calls and the settings to give it.

A client is one module of :mod:`dnsdoctor.clients` exporting ``CLIENT``, an :class:`AcmeClient`.
Nothing here runs anything: ``explain --log`` (:mod:`dnsdoctor.logparse`) scans a log with these
tables; the credential checks read :attr:`AcmeClient.actions` through
:attr:`dnsdoctor.providers.base.Provider.client_actions`; preflight's recommendations
(:mod:`dnsdoctor.preflight.settings`) read :attr:`AcmeClient.settings`: variable and plugin names,
defaults, how the client words a failed call. Only the standard library is imported, so every layer may read it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from dnsdoctor.core.model import Text


@dataclass(frozen=True)
class Wording:
    """A generation of a client's messages (lego v4 and v5 word the same failures differently)."""

    name: str
    """``v4``, ``v5``: :attr:`dnsdoctor.logparse.LogMatch.wording`."""
    markers: tuple[str, ...]
    """Text only this generation prints (case-sensitive)."""


@dataclass(frozen=True)
class Detection:
    """How a pasted text is recognised as this client's: any marker is enough."""

    markers: tuple[str, ...] = ()
    """Case-sensitive substrings."""
    markers_ci: tuple[str, ...] = ()
    """Substrings in any case (the client's own name)."""
    patterns: tuple[re.Pattern[str], ...] = ()
    wordings_of: str = ""
    """The client whose :attr:`AcmeClient.wordings` this one prints (Certimate prints lego's);
    any of those wordings' markers recognises this client too when :attr:`markers` also match."""

    def matches(self, text: str, lowered: str) -> bool:
        return (
            any(m in text for m in self.markers)
            or any(m in lowered for m in self.markers_ci)
            or any(p.search(text) is not None for p in self.patterns)
        )


@dataclass(frozen=True)
class LogPattern:
    """One line shape of a client's log that names a failure by itself.

    Each named group of :attr:`regex` becomes a field of the match under the same name. Every
    pattern starts with a literal, so a long line costs linear time."""

    kind: str
    """What the log says (:attr:`dnsdoctor.logparse.LogMatch.kind`)."""
    cause: str
    """What it most likely means (a key of :data:`dnsdoctor.logparse.causes.CAUSES`)."""
    regex: re.Pattern[str]
    confirm: str = "check"
    """The ``dnsdoctor`` commands that confirm it: ``check``, ``creds``, ``clock``, ``none``,
    joined with ``+``."""
    names: tuple[str, ...] = ()
    """Groups holding a DNS name: quotes and brackets around it are dropped."""
    trim: tuple[str, ...] = ()
    """Groups whose trailing ``.,;:`` is punctuation of the sentence, not of the name."""
    domain_from: str = ""
    """The group a certificate name is read from when the line itself names none."""
    domain_always: bool = False
    """That group names the certificate even when the line names another (the CA's words)."""


@dataclass(frozen=True)
class Settings:
    """What to give a client so that its DNS-01 check fits the provider (data; the values to use
    come from measurements, e.g. preflight's)."""

    propagation_timeout: str = ""
    """Where the propagation time limit is set (an environment variable, a flag, a form field)."""
    default_timeout: float | None = None
    """Its default in seconds (``None``: the client has no such limit)."""
    polling_interval: str = ""
    default_interval: float | None = None
    ttl: str = ""
    default_ttl: int | None = None
    resolvers: str = ""
    """Where the resolvers its check asks are set (empty: it asks no resolver of its own)."""
    wait: str = ""
    """Where a fixed wait instead of a check is set (acme.sh ``--dnssleep``)."""
    credentials: tuple[str, ...] = ()
    """The environment variables / settings it reads the provider's keys from: the key id's and
    the secret's first (:attr:`key_variables`), then the optional ones (a session token)."""
    plugin: str = ""
    """The name of the provider's plugin in this client (``--dns dns_ali``, ``alidns``)."""
    api_error: str = ""
    """How the client reports a failed API call of this provider (lego:
    ``tencentcloud: API call failed: …``)."""

    @property
    def key_variables(self) -> tuple[str, ...]:
        """Where the key id and the secret go (``TENCENTCLOUD_SECRET_ID``, …)."""
        return self.credentials[:2]


class FormLabel(NamedTuple):
    """A field of a client's settings form, as its UI labels it in Chinese and in English."""

    zh: str
    en: str


@dataclass(frozen=True)
class AcmeClient:
    name: str
    """Stable identifier: :attr:`dnsdoctor.logparse.LogMatch.client` (``lego``, ``acme.sh``)."""
    title: str
    detection: Detection
    labels: Mapping[str, Text]
    """How ``explain --log`` names the client, by wording (``""``: the wording is not known)."""
    wordings: tuple[Wording, ...] = ()
    patterns: tuple[LogPattern, ...] = ()
    """Lines that name a failure by themselves (the engine reads lego's propagation check,
    whose lines need the whole log, with the expressions of :mod:`dnsdoctor.clients.lego`)."""
    actions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Provider name → the API actions this client calls there, as the provider's policy language
    writes them (``dnspod:CreateRecord``, ``alidns:AddDomainRecord``)."""
    settings: Mapping[str, Settings] = field(default_factory=dict)
    """Provider name → where this client's DNS-01 settings for that provider are set."""
    form: Mapping[str, FormLabel] = field(default_factory=dict)
    """For a client set in a form (Certimate): a :class:`Settings` field's name → the label of
    the form's field that sets it, so that a text names it in the reader's language."""
    sources: str = ""
    """Where the facts of this module were read (the client's sources, its issues)."""
