"""The data every check produces and every renderer reads.

A finding is data: a stable code, a severity, the parameters that fill its texts, evidence and
copy-pasteable commands. Its words (title, explanation, remedy) come from the finding's
:class:`FindingSpec`, in the reader's language, so the same finding renders in English and Chinese
and `dnsdoctor explain CODE` reads the very text the report uses. Nothing here knows about
terminals or colours.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dnsdoctor.core.i18n import LANGS as LANGS  # re-exported: the languages of every text
from dnsdoctor.core.i18n import Joined as Joined  # re-exported: wording params of a finding
from dnsdoctor.core.i18n import Phrase as Phrase
from dnsdoctor.core.i18n import Wording as Wording
from dnsdoctor.core.i18n import fill as fill
from dnsdoctor.core.i18n import pick_text
from dnsdoctor.outside import visible, visible_tree


class Severity(enum.IntEnum):
    """How bad one finding is. Ordered: a higher value is worse."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class Status(enum.Enum):
    """A check's outcome, distinct from the severities of its findings."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    CRASH = "crash"


Text = Mapping[str, str]
"""A text in every language: ``{"en": "...", "zh": "..."}``; ``{placeholders}`` are filled from
the finding's params."""


def pick(text: Text, lang: str) -> str:
    """A finding text in ``lang``, else in English (the lookup of :mod:`dnsdoctor.core.i18n`)."""
    return pick_text(text, lang)


@dataclass(frozen=True)
class SeverityRule:
    """A documented exception to a code's default severity: when a finding of the code is
    reported as ``severity`` instead (worse or milder). Reports, ``explain`` and the docs print
    the rules; a finding with a severity its spec does not name is refused."""

    severity: Severity
    when: Text
    """The condition, in every language."""


@dataclass(frozen=True)
class FindingSpec:
    """The documentation of one finding code. Codes are public: never renumber or reuse one."""

    code: str
    family: str
    severity: Severity
    title: Text
    """One line of facts, filled from the finding's params."""
    meaning: Text
    """What it means and why it breaks (or does not break) a DNS-01 order."""
    remedy: Text
    """What to do, in one or two sentences, filled from params."""
    evidence: Text = field(default_factory=lambda: {"en": "", "zh": ""})
    """What evidence the report shows for it (documentation only)."""
    links: tuple[str, ...] = ()
    explains: tuple[str, ...] = ()
    """Codes of findings this one can explain (a cause before its symptoms)."""
    rank: int = 50
    """Among causes of equal severity, a lower rank is more fundamental and is named first."""
    blocks: bool = False
    """A finding of this code leaves nothing for dependent checks to examine: they are skipped."""
    cause: bool = True
    """False for hygiene and risk findings (a root-account key, leftovers): worth fixing, but they
    do not make an order fail, so they are never root causes and never outrank one."""
    symptom_remedies: Mapping[str, Text] = field(default_factory=dict)
    """What to do about a symptom (by its code) when this finding explains it, filled from the
    symptom's params and this finding's params prefixed ``cause_``. A symptom without an entry shows
    no remedy of its own under its cause: its own remedy would contradict the cause's."""
    severity_rules: tuple[SeverityRule, ...] = ()
    """When a finding of this code is reported with another severity than the default."""

    def __post_init__(self) -> None:
        for name in ("title", "meaning", "remedy"):
            text: Text = getattr(self, name)
            missing = [lang for lang in LANGS if not text.get(lang)]
            if missing:
                raise ValueError(f"{self.code}: {name} lacks {', '.join(missing)}")
        for code in self.symptom_remedies:
            if code not in self.explains:
                raise ValueError(f"{self.code}: a remedy for {code}, which it does not explain")
        for texts in (*self.symptom_remedies.values(), *(r.when for r in self.severity_rules)):
            if any(not texts.get(lang) for lang in LANGS):
                raise ValueError(f"{self.code}: a symptom remedy or severity rule lacks a language")

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Every severity a finding of this code may have: the default first."""
        return (self.severity, *(r.severity for r in self.severity_rules))


class SpecMaker:
    """Builds the specs of one family from (English, Chinese) pairs: ``_spec = SpecMaker("dns")``."""

    def __init__(self, family: str) -> None:
        self.family = family

    def __call__(
        self,
        code: str,
        severity: Severity,
        title: tuple[str, str],
        meaning: tuple[str, str],
        remedy: tuple[str, str],
        evidence: tuple[str, str] = ("", ""),
        *,
        links: tuple[str, ...] = (),
        explains: tuple[str, ...] = (),
        rank: int = 50,
        blocks: bool = False,
        cause: bool = True,
        symptom_remedies: Mapping[str, tuple[str, str]] | None = None,
        severity_rules: tuple[tuple[Severity, tuple[str, str]], ...] = (),
    ) -> FindingSpec:
        def both(pair: tuple[str, str]) -> dict[str, str]:
            return {"en": pair[0], "zh": pair[1]}

        return FindingSpec(
            code=code,
            family=self.family,
            severity=severity,
            title=both(title),
            meaning=both(meaning),
            remedy=both(remedy),
            evidence=both(evidence),
            links=links,
            explains=explains,
            rank=rank,
            blocks=blocks,
            cause=cause,
            symptom_remedies={k: both(v) for k, v in (symptom_remedies or {}).items()},
            severity_rules=tuple(SeverityRule(sev, both(when)) for sev, when in severity_rules),
        )


@dataclass(frozen=True)
class Evidence:
    """One fact behind a finding. ``secret`` evidence is shown only masked (:attr:`shown`)."""

    label: str
    value: str
    secret: bool = False

    def __post_init__(self) -> None:
        # Evidence often quotes the world (a TXT value, a server's message): no terminal control
        # in it survives (dnsdoctor.outside). A raw secret is left as it is: masking fingerprints it.
        object.__setattr__(self, "label", visible(self.label))
        if not self.secret:
            object.__setattr__(self, "value", visible(self.value))

    @property
    def shown(self) -> str:
        """What a renderer may print: a secret value through :func:`dnsdoctor.core.secrets.mask`,
        unless its producer already masked it."""
        if not self.secret:
            return self.value
        from dnsdoctor.core.secrets import is_masked, mask

        return visible(self.value) if is_masked(self.value) else mask(self.value)


@dataclass(frozen=True)
class Finding:
    spec: FindingSpec
    params: Mapping[str, Any] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    commands: tuple[str, ...] = ()
    """Copy-pasteable commands for the remedy; shown, never run."""
    severity: Severity | None = None
    """Overrides the spec's default severity when the same code can be worse or milder."""
    subject: str = ""
    """What the finding is about (a name, a server), for sorting and grouping."""
    related: tuple[str, ...] = ()
    """Subjects of the findings this one explains; empty: all findings of the explained codes."""

    def __post_init__(self) -> None:
        # Params fill the titles and often quote the world (TXT values, server messages, names):
        # every text in them is made visible here, so no check can pass a terminal control on.
        object.__setattr__(self, "params", visible_tree(dict(self.params)))
        object.__setattr__(self, "subject", visible(self.subject))
        object.__setattr__(self, "commands", tuple(visible(c) for c in self.commands))
        object.__setattr__(self, "related", tuple(visible(r) for r in self.related))
        if self.severity is not None and self.severity not in self.spec.severities:
            raise ValueError(
                f"{self.spec.code} reported as {self.severity.label}: its spec has no severity "
                "rule for that (FindingSpec.severity_rules)"
            )

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def family(self) -> str:
        return self.spec.family

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else self.spec.severity

    def title(self, lang: str = "en") -> str:
        return fill(pick(self.spec.title, lang), self.params, lang)

    def remedy(self, lang: str = "en") -> str:
        return fill(pick(self.spec.remedy, lang), self.params, lang)

    def meaning(self, lang: str = "en") -> str:
        return fill(pick(self.spec.meaning, lang), self.params, lang)


@dataclass
class CheckResult:
    """What one check returned (or how it failed to return)."""

    check: str
    family: str
    status: Status
    findings: list[Finding] = field(default_factory=list)
    duration: float = 0.0
    reason: str = ""
    """Why a check was skipped or crashed, in English: a crash's exception text as it is (data,
    the same in every language), else :attr:`wording` in English. Renderers read :meth:`why`."""
    wording: Wording | None = None
    """The same as words chosen in the reader's language (a skip's reason, the budget): a
    catalogue entry and its data, never a text translated in advance."""

    def why(self, lang: str) -> str:
        """The reason in ``lang``."""
        return self.wording.render(lang) if self.wording is not None else self.reason

    def __post_init__(self) -> None:
        # often an exception's message, which may quote the world
        if self.wording is not None:
            self.wording = self.wording.map_strings(visible)
            self.reason = str(self.wording)
        self.reason = visible(self.reason)


@dataclass
class Report:
    """Everything one run established. Renderers turn it into text; it never prints itself."""

    command: str
    targets: list[str]
    results: list[CheckResult]
    started_at: str
    duration: float
    environment: dict[str, Any] = field(default_factory=dict)
    root_causes: list[RootCause] = field(default_factory=list)
    zones: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Checked name (A-label, no final dot) → the zone cuts DNS showed holding it in this run,
    shallowest first; what ``--redact-domain`` masks (:mod:`dnsdoctor.redact`). Not rendered."""

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def worst(self) -> Severity | None:
        levels = [f.level for f in self.findings]
        return max(levels) if levels else None

    @property
    def verdict_key(self) -> str:
        """The verdict's wording: ``incomplete`` when only a crashed check makes it an error."""
        if self.verdict == "error" and self.worst is not Severity.ERROR:
            return "incomplete"
        return self.verdict

    @property
    def verdict(self) -> str:
        worst = self.worst
        if worst is Severity.ERROR or any(r.status is Status.CRASH for r in self.results):
            return "error"
        if worst is Severity.WARNING:
            return "warning"
        return "ok"


@dataclass
class RootCause:
    """A finding that explains others: the report names it first."""

    finding: Finding
    explains: list[Finding] = field(default_factory=list)
    """Every problem it explains, directly or through another of them, each once, in report
    order."""
