"""Relate findings so that causes come before symptoms.

A finding R explains a finding S when S's code is among R's spec ``explains`` and R concerns S's
subject: R's ``related`` subjects if it names them; else the same server when R is about one
server (``name|address``), the same name when R is about a name, anything when R is run-wide
(empty subject: the clock, an intercepted path).

Root causes are the problems no other problem explains, ordered by severity, then by how
fundamental their code is (``rank``), then by report order. Two independent causes are both root
causes. Only findings whose spec is a ``cause`` take part: a hygiene or risk finding (a root-account
key, leftover records) is never a root cause and explains nothing here; a cause may explain it, and
then it is shown under that cause. A root cause lists every problem it explains, directly or through
another of its symptoms, each once.

Under its cause, a symptom's own remedy is not shown: it would contradict the cause's ("create the
record" under a lagging server that already has it elsewhere). The explaining spec may give the
symptom another remedy instead (``FindingSpec.symptom_remedies``).
"""

from __future__ import annotations

from dnsdoctor.core.model import Finding, Report, RootCause, Severity, fill, pick


def explains(cause: Finding, symptom: Finding) -> bool:
    if cause is symptom or symptom.code not in cause.spec.explains:
        return False
    if cause.related:
        return symptom.subject in cause.related
    if not cause.subject:  # a run-wide cause explains its symptoms wherever they are
        return True
    if "|" in cause.subject:  # about one server: it explains what that server did, nothing else
        return symptom.subject == cause.subject
    return symptom.subject.split("|", 1)[0] == cause.subject


def diagnose(report: Report) -> list[RootCause]:
    problems = [f for f in report.findings if f.level >= Severity.WARNING]
    causes = [f for f in problems if f.spec.cause]
    order = {id(f): i for i, f in enumerate(problems)}

    def key(f: Finding) -> tuple[int, int, int]:
        return (-int(f.level), f.spec.rank, order[id(f)])

    roots: list[RootCause] = []
    for f in causes:
        if any(explains(c, f) and not _mutual_loser(c, f) for c in causes):
            continue
        roots.append(RootCause(f, _explained(f, problems)))

    def weight(root: RootCause) -> tuple[int, int, int]:
        # A cause is as grave as the worst symptom it explains.
        worst = max([root.finding.level, *(s.level for s in root.explains)])
        own = key(root.finding)
        return (-int(worst), own[1], own[2])

    return sorted(roots, key=weight)


def hygiene(report: Report) -> list[Finding]:
    """Warnings and errors of codes that are no cause of failure (a risk, a leftover) that
    neither a root cause nor another of them explains: worth fixing, named after the causes
    (:func:`hygiene_roots` gives what each explains). A function here, not a property of the
    report: the model knows nothing of the diagnosis."""
    return [rc.finding for rc in hygiene_roots(report)]


def hygiene_roots(report: Report) -> list[RootCause]:
    """The hygiene and risk findings (not causes) that no root cause explains, each with the
    hygiene findings it explains in turn (a wildcard TXT explains the extra values it adds), in
    report order: worth fixing, named after the causes."""
    explained = {id(s) for rc in report.root_causes for s in rc.explains}
    rest = [
        f
        for f in report.findings
        if f.level >= Severity.WARNING and not f.spec.cause and id(f) not in explained
    ]
    return [
        RootCause(f, [s for s in rest if explains(f, s) and not _mutual_loser(f, s)])
        for f in rest
        if not any(explains(c, f) and not _mutual_loser(c, f) for c in rest)
    ]


def _explained(root: Finding, problems: list[Finding]) -> list[Finding]:
    """Everything ``root`` explains, directly or through a symptom that is a cause itself."""
    seen = {id(root)}
    frontier = [root]
    while frontier:
        found = [
            s
            for c in frontier
            for s in problems
            if id(s) not in seen and explains(c, s) and not _mutual_loser(c, s)
        ]
        for s in found:
            seen.add(id(s))
        frontier = [s for s in found if s.spec.cause]
    return [s for s in problems if id(s) in seen and s is not root]


def _mutual_loser(cause: Finding, symptom: Finding) -> bool:
    """When two findings explain each other, the more fundamental one stays a root cause."""
    return explains(symptom, cause) and symptom.spec.rank < cause.spec.rank


def explainer(root: RootCause, symptom: Finding) -> Finding:
    """The finding under ``root`` that explains ``symptom`` directly (the root itself first)."""
    for c in (root.finding, *root.explains):
        if (c.spec.cause or c is root.finding) and explains(c, symptom):
            return c
    return root.finding


def symptom_remedy(root: RootCause, symptom: Finding, lang: str = "en") -> str | None:
    """What to do about ``symptom`` under ``root``: the explaining spec's remedy for it, or
    ``None`` (nothing of its own: the cause's remedy is the one to follow)."""
    by = explainer(root, symptom)
    text = by.spec.symptom_remedies.get(symptom.code)
    if text is None:
        return None
    params = {**symptom.params, **{f"cause_{k}": v for k, v in by.params.items()}}
    return fill(pick(text, lang), params, lang)


def explained_by(report: Report, finding: Finding) -> RootCause | None:
    """The first root cause (else hygiene finding) that explains ``finding``, if any."""
    for rc in (*report.root_causes, *hygiene_roots(report)):
        if any(s is finding for s in rc.explains):
            return rc
    return None
