"""What a check is, and the registry of all of them.

A check is a small async function that declares its family, the checks it requires and the finding
codes it can return. It never prints. It raises :class:`Skip` when it cannot apply (no IPv6 here, no
credentials given) and returns its findings otherwise. Checks read shared, memoised facts from the
:class:`~dnsdoctor.core.context.Context` (the authoritative servers of a name, the answers they gave), so
two checks never ask the same server the same question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, overload

from dnsdoctor.core.model import Finding, FindingSpec, Wording

if TYPE_CHECKING:
    from dnsdoctor.core.context import Context, Target


class Scope(Enum):
    RUN = "run"
    """Runs once per run (the clock, the credentials)."""
    TARGET = "target"
    """Runs once for every name given on the command line."""


class Skip(Exception):
    """Raised by a check that does not apply; ``reason`` is shown to the user in their language
    (``str()`` is the English form).

    The reason is a :class:`~dnsdoctor.core.i18n.Wording`: a
    :class:`~dnsdoctor.core.i18n.Phrase` of the check's catalogue filled with the data (a zone,
    an exception's text), so that no code words it in both languages up front. The older form
    ``Skip(en, zh)`` (one fixed sentence in each language) is still accepted."""

    @overload
    def __init__(self, reason: Wording) -> None: ...
    @overload
    def __init__(self, reason: str, zh: str) -> None: ...

    def __init__(self, reason: str | Wording, zh: str = "") -> None:
        wording = reason if isinstance(reason, Wording) else _Sentence(reason, zh or reason)
        super().__init__(str(wording))
        self.reason: Wording = wording

    @property
    def zh(self) -> str:
        """The reason in Chinese (what error reporters that read ``exc.zh`` show)."""
        return self.reason.render("zh")


@dataclass(frozen=True)
class _Sentence(Wording):
    """A skip reason given as one sentence per language (``Skip(en, zh)``); its strings are
    treated as data (redacted, sanitised) since the older callers build them with f-strings."""

    en: str
    zh: str

    def render(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def map_strings(self, fn: Callable[[str], str]) -> _Sentence:
        return _Sentence(fn(self.en), fn(self.zh))


def named(target: Target | None) -> Target:
    """The name a per-name check runs for; a :class:`Skip` when the run was given none."""
    if target is None:
        raise Skip("no name given", "没有给出域名")
    return target


RunFn = Callable[["Context", "Target | None"], Awaitable[Iterable[Finding]]]


@dataclass(frozen=True)
class Check:
    name: str
    """Stable identifier, ``family.property`` (``dns.txt_at_authoritative``)."""
    family: str
    scope: Scope
    run: RunFn
    specs: tuple[FindingSpec, ...]
    requires: tuple[str, ...] = ()
    summary: dict[str, str] = field(default_factory=dict)
    """One line per language saying what the check verifies (``list-checks``)."""
    commands: frozenset[str] = frozenset({"check"})
    """The dnsdoctor commands that run this check."""


_REGISTRY: dict[str, Check] = {}
_SPECS: dict[str, FindingSpec] = {}


def register_specs(*specs: FindingSpec) -> tuple[FindingSpec, ...]:
    for spec in specs:
        if spec.code in _SPECS and _SPECS[spec.code] is not spec:
            raise ValueError(f"finding code {spec.code} defined twice")
        _SPECS[spec.code] = spec
    return specs


def check(
    name: str,
    *,
    family: str,
    specs: Iterable[FindingSpec],
    summary: dict[str, str],
    scope: Scope = Scope.TARGET,
    requires: Iterable[str] = (),
    commands: Iterable[str] = ("check",),
) -> Callable[[RunFn], RunFn]:
    """Register a check function: ``@check("dns.x", family="dns", specs=[...], summary={...})``."""

    def decorate(fn: RunFn) -> RunFn:
        if name in _REGISTRY:
            raise ValueError(f"check {name} registered twice")
        spec_tuple = register_specs(*specs)
        _REGISTRY[name] = Check(
            name=name,
            family=family,
            scope=scope,
            run=fn,
            specs=spec_tuple,
            requires=tuple(requires),
            summary=summary,
            commands=frozenset(commands),
        )
        return fn

    return decorate
