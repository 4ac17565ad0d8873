"""Relate findings so that causes come before symptoms.

A finding R explains a finding S when S's code is among R's spec ``explains`` and R concerns S's
subject: R's ``related`` subjects if it names them; else the same server when R is about one
server (``name|address``), the same name when R is about a name, anything when R is run-wide. Root causes are the problems no other problem explains,
ordered by severity, then by how fundamental their code is (``rank``), then by report order. Two
independent causes are both root causes.
"""

from __future__ import annotations

from dnsdoctor.model import Finding, Report, RootCause, Severity


def explains(cause: Finding, symptom: Finding) -> bool:
    if cause is symptom or symptom.code not in cause.spec.explains:
        return False
    if cause.related:
        return symptom.subject in cause.related
    if not cause.subject:  # a run-wide cause (the clock) explains its symptoms wherever they are
        return True
    if "|" in cause.subject:  # about one server: it explains what that server did, nothing else
        return symptom.subject == cause.subject
    return symptom.subject.split("|", 1)[0] == cause.subject


def diagnose(report: Report) -> list[RootCause]:
    problems = [f for f in report.findings if f.level >= Severity.WARNING]
    order = {id(f): i for i, f in enumerate(problems)}

    def key(f: Finding) -> tuple[int, int, int]:
        return (-int(f.level), f.spec.rank, order[id(f)])

    roots: list[RootCause] = []
    for f in problems:
        if any(explains(c, f) and not _mutual_loser(c, f) for c in problems):
            continue
        roots.append(RootCause(f, [s for s in problems if explains(f, s)]))

    def weight(root: RootCause) -> tuple[int, int, int]:
        # A cause is as grave as the worst symptom it explains.
        worst = max([root.finding.level, *(s.level for s in root.explains)])
        own = key(root.finding)
        return (-int(worst), own[1], own[2])

    return sorted(roots, key=weight)


def _mutual_loser(cause: Finding, symptom: Finding) -> bool:
    """When two findings explain each other, the more fundamental one stays a root cause."""
    return explains(symptom, cause) and symptom.spec.rank < cause.spec.rank
