"""``--redact-domain``: the checked domains replaced by neutral placeholders, in every format.

The unit that is masked is the zone that holds each checked name *as DNS showed it* in this run
(the zone cuts the delegation walk found, :attr:`dnsdoctor.core.model.Report.zones`): for
``shop.alice.ac.jp`` in zone ``alice.ac.jp`` that is ``alice.ac.jp`` whatever list of public
suffixes one has; for a name in a delegated sub-zone, the sub-zone and the domain above it. Only when DNS showed no cut (the
DNS checks did not run, timed out, or the name is not delegated) does a guess by labels stand in,
and then the whole name is masked as well, so that the guess can only over-redact what the user
typed, never leave part of it.

The report itself is masked (targets, finding parameters, evidence, commands, reasons, the
environment's command line), so the console, JSON and Markdown renderers show the same masked
report; the renderers of text formats pass their output through :func:`mask_domains` once more.
The provider's names (``ns1.dnspod.net``) stay: they are no secret and they matter in a ticket.
Nothing here imports a check: renderers may use this module.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import dns.exception
import dns.name

from dnsdoctor.core.model import Evidence, Finding, Report, RootCause, Wording

SECOND_LEVEL_SUFFIXES = frozenset(
    {
        "com.cn",
        "net.cn",
        "org.cn",
        "gov.cn",
        "edu.cn",
        "ac.cn",
        "mil.cn",
        "com.hk",
        "com.tw",
        "com.mo",
        "co.uk",
        "org.uk",
        "co.jp",
        "com.au",
        "com.sg",
    }
)
"""Registry suffixes under which a registered domain has three labels (the guess's only help)."""

PLACEHOLDER = "domain{}.example"


def guess_zone(name: str) -> str:
    """The registered domain of ``name`` by its last labels (two, or three under the suffixes
    above): a fallback for when the zone cut cannot be seen."""
    labels = [label for label in name.lower().rstrip(".").split(".") if label]
    if len(labels) <= 2:
        return ".".join(labels)
    if ".".join(labels[-2:]) in SECOND_LEVEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _base(part: str) -> str | None:
    """The checked name of one target as the report shows it (``*.example.com`` → example.com)."""
    text = part.strip().removeprefix("*.").rstrip(".")
    if text.lower().startswith("_acme-challenge."):
        text = text[len("_acme-challenge.") :]
    try:
        return dns.name.from_text(text).to_text(omit_final_dot=True).lower()
    except (dns.exception.DNSException, UnicodeError, ValueError):
        return None


def _group(base: str, cuts: Sequence[str]) -> tuple[str, ...]:
    """What to mask for one checked name. With the cuts DNS showed: the zone holding the name
    (the deepest cut) and the registered domain above it (the shallowest cut at least as long as
    the label guess, so that a registry zone such as co.uk is never it). Without: the guess and
    the name itself (the guess may be a public suffix: ``ac.jp`` would leave ``alice``)."""
    guess = guess_zone(base)
    if not cuts:
        return (guess, base)
    wanted = len(guess.split("."))
    registered = next((c for c in cuts if len(c.split(".")) >= wanted), cuts[-1])
    return (cuts[-1], registered)


def masked_domains(
    targets: Sequence[str], zones: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[str, ...]]:
    """The domains to mask, one group per checked name in the order the targets name them (the
    group's number in the placeholder); see :func:`_group`."""
    zones = zones or {}
    out: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for shown in targets:
        for part in shown.split(" + "):
            base = _base(part)
            if base is None:
                continue
            wanted = _group(base, zones.get(base, ()))
            group = tuple(d for d in dict.fromkeys(wanted) if d and d not in seen)
            if group:
                seen.update(group)
                out.append(group)
    return out


def _forms(domain: str) -> set[str]:
    """A domain in the forms a report may carry it: as given, A-label (punycode) and Unicode."""
    forms = {domain}
    try:
        name = dns.name.from_text(domain)
        forms |= {name.to_text(omit_final_dot=True), name.to_unicode(omit_final_dot=True)}
    except (dns.exception.DNSException, UnicodeError, ValueError):
        pass
    return {f for f in forms if f}


class DomainMask:
    """Replaces each masked domain (and every name under it) with ``domainN.example``."""

    def __init__(self, groups: Iterable[Sequence[str]]) -> None:
        numbered: dict[str, int] = {}
        for i, group in enumerate(groups, 1):
            for domain in group:
                numbered.setdefault(domain.lower(), i)
        # a domain under another one (sub.example.com and example.com) keeps its own number:
        # the longest form is replaced first
        pairs = sorted(
            ((form, i) for domain, i in numbered.items() for form in _forms(domain)),
            key=lambda p: (-len(p[0]), p[0]),
        )
        self._patterns = [
            (
                # whole labels only (myexample.com is not example.com), but wherever they stand
                # in a name: in the double label _acme-challenge.example.com.example.com or a CDN
                # target www.example.com.cdn.net the checked domain is still the user's
                re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", re.IGNORECASE),
                PLACEHOLDER.format(i),
            )
            for form, i in pairs
        ]

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def text(self, text: str) -> str:
        for pattern, placeholder in self._patterns:
            text = pattern.sub(placeholder, text)
        return text

    def value(self, value: Any) -> Any:
        """Any JSON-like value with every string in it masked (keys too)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value)
        if isinstance(value, Mapping):
            return {self.value(k): self.value(v) for k, v in value.items()}
        if isinstance(value, Wording):
            return value.map_strings(self.text)
        return value

    def finding(self, f: Finding) -> Finding:
        return dataclasses.replace(
            f,
            params=self.value(dict(f.params)),
            evidence=tuple(
                # a secret stays as it is: it is only ever shown masked and fingerprinted
                Evidence(self.text(e.label), e.value if e.secret else self.text(e.value), e.secret)
                for e in f.evidence
            ),
            commands=tuple(self.text(c) for c in f.commands),
            subject=self.text(f.subject),
            related=tuple(self.text(r) for r in f.related),
        )

    def report(self, report: Report) -> Report:
        """A copy of ``report`` with every checked domain masked (root causes keep pointing at
        the same findings, now masked)."""
        masked: dict[int, Finding] = {}

        def find(f: Finding) -> Finding:
            if id(f) not in masked:
                masked[id(f)] = self.finding(f)
            return masked[id(f)]

        results = [
            dataclasses.replace(  # replace, not a new CheckResult: no field is dropped
                r,
                check=self.text(r.check),
                findings=[find(f) for f in r.findings],
                reason=self.text(r.reason),
                wording=r.wording.map_strings(self.text) if r.wording is not None else None,
            )
            for r in report.results
        ]
        return dataclasses.replace(
            report,
            targets=[self.text(t) for t in report.targets],
            results=results,
            environment=self.value(report.environment),
            root_causes=[
                RootCause(find(rc.finding), [find(s) for s in rc.explains])
                for rc in report.root_causes
            ],
            zones={},
        )


def mask_for(report: Report) -> DomainMask:
    return DomainMask(masked_domains(report.targets, report.zones))


def redact_report(report: Report) -> Report:
    """``report`` with its checked domains masked (see the module docstring)."""
    return mask_for(report).report(report)


def mask_domains(
    text: str, targets: Sequence[str], zones: Mapping[str, Sequence[str]] | None = None
) -> str:
    """Replace the zone of every checked name, in Unicode and punycode, with a neutral placeholder
    (``www.example.com`` → ``www.domain1.example``)."""
    return DomainMask(masked_domains(targets, zones)).text(text)
