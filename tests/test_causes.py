"""Causes are causes, symptoms are shown under them without contradicting advice, and every code has
one default severity with documented exceptions (issue 12, items 3-6).

Findings are built by hand from the real specs (the relation and the texts alone); the demo worlds
of test_diagnosis.py and tests/checks/ show the same from real answers.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from rich.console import Console

from dnsdoctor.checks.ca import dnssec as dnssec_specs
from dnsdoctor.checks.creds import specs as creds_specs
from dnsdoctor.checks.dns import specs as dns_specs
from dnsdoctor.checks.resolvers import specs as resolver_specs
from dnsdoctor.core.diagnosis import diagnose, symptom_remedy
from dnsdoctor.core.diagnosis import hygiene as hygiene_of
from dnsdoctor.core.model import (
    CheckResult,
    Finding,
    FindingSpec,
    Report,
    Severity,
    SpecMaker,
    Status,
)
from dnsdoctor.engine.catalog import all_specs
from dnsdoctor.preflight import findings as preflight_specs
from dnsdoctor.report.console import render_console
from dnsdoctor.report.explain import explain_text
from dnsdoctor.report.json import render_json
from dnsdoctor.report.markdown import render_markdown

T = "example.com"
NS1 = "127.0.0.13"
NS2 = "127.0.0.14"
ALI1 = "127.0.0.15"
ALI2 = "127.0.0.16"


def at(server: str) -> str:
    return f"{T}|{server}"


def report_of(*findings: Finding) -> Report:
    report = Report(
        command="check",
        targets=[T],
        results=[CheckResult("synthetic", "dns", Status.FAIL, list(findings))],
        started_at="2026-12-01T00:00:00+00:00",
        duration=0.0,
    )
    report.root_causes = diagnose(report)
    return report


def console(report: Report, lang: str = "en") -> str:
    out = StringIO()
    render_console(report, Console(file=out, width=200, no_color=True), lang)
    return out.getvalue()


def head(report: Report, lang: str = "en") -> str:
    """The part of the terminal report before the list of checks: causes and what they explain."""
    return console(report, lang).split("\n\n", 1)[0]


# ------------------------------------------------------------- item 3: root causes are causes

LAME = Finding(dns_specs.SERVER_LAME, {"server": "ns2.dnspod.net", "zone": T}, subject=at(NS2))
HYGIENE = [
    Finding(creds_specs.CREDS_ROOT_KEY, {"secret_id": "AKID…", "account": "1"}, subject="$ENV"),
    Finding(creds_specs.CREDS_STALE_TXT, {"count": 3, "name": T}, subject="_acme-challenge." + T),
    Finding(dns_specs.TXT_EXTRA, {"name": T, "count": 30}, subject=T),
    Finding(dns_specs.WILDCARD_TXT, {"name": T, "values": "'v=spf1'"}, subject=T),
    Finding(preflight_specs.LEFTOVERS, {"count": 1}, subject=T),
    Finding(creds_specs.CREDS_FILE_PERMISSIONS, {"path": "~/.tccli"}, subject="~/.tccli"),
    Finding(resolver_specs.NEGATIVE_TTL_LONG, {"zone": T, "neg_ttl": 3600}, subject=T),
    Finding(
        dnssec_specs.ALGORITHM,
        {"zone": T, "algorithms": "RSASHA1 (5)", "effect": "is deprecated (RFC 8624)"},
        subject=T,
    ),
]


@pytest.mark.parametrize("hygiene", HYGIENE, ids=lambda f: f.code)
def test_hygiene_and_risk_findings_are_never_root_causes(hygiene: Finding) -> None:
    alone = report_of(hygiene)
    assert alone.root_causes == [] and hygiene_of(alone) == [hygiene]
    assert alone.verdict == "warning"
    assert head(alone).splitlines()[0] == "✓ No cause of failure found."
    assert f"! Worth fixing, not a cause of failure: {hygiene.title()}" in head(alone)
    data = json.loads(render_json(alone))
    assert data["root_causes"] == [] and [h["code"] for h in data["hygiene"]] == [hygiene.code]
    # beside a real cause, even a low-ranked one, the cause is named first and alone
    beside = report_of(hygiene, LAME)
    assert [rc.finding.code for rc in beside.root_causes] == ["DNS_SERVER_LAME"]
    lines = head(beside).splitlines()
    assert lines[0].startswith("✗ ns2.dnspod.net is not authoritative")
    assert lines[-2].startswith("! Worth fixing, not a cause of failure: ")
    assert "## Worth fixing, not a cause of failure" in render_markdown(beside)


def test_a_hygiene_finding_groups_the_hygiene_findings_it_explains() -> None:
    wildcard = Finding(dns_specs.WILDCARD_TXT, {"name": T, "values": "'v=spf1'"}, subject=T)
    extra = Finding(dns_specs.TXT_EXTRA, {"name": T, "count": 1, "values": "'v=spf1'"}, subject=T)
    report = report_of(extra, wildcard)
    assert hygiene_of(report) == [wildcard]
    text = console(report)
    # "delete the stale values" is wrong for values a wildcard synthesises
    assert "Delete the stale TXT values" not in text
    assert f"↳ explains: {extra.title()}  [DNS_TXT_EXTRA_VALUES]" in text
    assert json.loads(render_json(report))["hygiene"][0]["explained"][0]["code"] == extra.code


def test_a_cause_still_explains_a_hygiene_finding_and_shows_it_under_itself() -> None:
    denied = Finding(creds_specs.CREDS_DELETE_DENIED, {"zone": T}, subject=T, related=("_acme",))
    stale = Finding(creds_specs.CREDS_STALE_TXT, {"count": 3, "name": T}, subject="_acme")
    report = report_of(stale, denied)
    assert [(rc.finding.code, [s.code for s in rc.explains]) for rc in report.root_causes] == [
        ("CREDS_DELETE_DENIED", ["CREDS_STALE_TXT"])
    ]
    assert hygiene_of(report) == []  # shown under its cause, not again on its own
    assert "↳ explains: 3 TXT record(s)" in head(report)


# ----------------------------------- item 4: explained symptoms keep no contradicting advice

MISMATCH = Finding(
    dns_specs.NS_MISMATCH,
    {"zone": T, "parent": "dns9.hichina.com, ns1.dnspod.net", "child": "ns1.dnspod.net, ns2"},
    severity=Severity.ERROR,
    subject=T,
    related=(at(ALI1), at(ALI2)),
)


def lag(server: str) -> Finding:
    return Finding(
        dns_specs.SERIAL_LAG,
        {"server": server, "serial": 1, "leader": "ns1.dnspod.net", "latest": 2},
        subject=at(server),
        related=(at(server),),
    )


def missing(server: str) -> Finding:
    params = {"server": server, "zone": T, "host": "_acme-challenge", "expect": "tok"}
    return Finding(dns_specs.TXT_MISSING, {**params, "answer": "NXDOMAIN"}, subject=at(server))


NOT_DELEGATED = Finding(dns_specs.NOT_DELEGATED, {"name": T, "zone": "com."}, subject=T)
TLD_NEG_TTL = Finding(
    resolver_specs.NEGATIVE_TTL_LONG,
    {"zone": "com", "neg_ttl": 900, "minimum": 900, "soa_ttl": 900},
    subject=T,
)

# (cause, symptom, words its remedy must say under the cause or None: no remedy of its own,
#  words that must appear nowhere in the report once explained)
SYMPTOMS = [
    pytest.param(
        MISMATCH, lag(ALI1), "will never get your new records", "Wait for the server", id="ns-lag"
    ),
    pytest.param(
        MISMATCH,
        missing(ALI2),
        "is not your DNS provider's",
        "Check that the record was created",
        id="ns-missing",
    ),
    pytest.param(lag(NS2), missing(NS2), "Do not create the record again", "at your DNS", id="lag"),
    pytest.param(NOT_DELEGATED, TLD_NEG_TTL, None, "SOA MINIMUM of com", id="tld-negative-ttl"),
    pytest.param(
        Finding(dns_specs.SERVER_TIMEOUT, {"server": NS2}, subject=at(NS2)),
        missing(NS2),
        None,
        "Check that the record was created",
        id="timeout",
    ),
]


@pytest.mark.parametrize(("cause", "symptom", "says", "never"), SYMPTOMS)
def test_a_symptom_is_shown_under_its_cause_without_contradicting_advice(
    cause: Finding, symptom: Finding, says: str | None, never: str
) -> None:
    report = report_of(symptom, cause)
    (root,) = report.root_causes
    assert root.finding is cause and root.explains == [symptom]
    rewritten = symptom_remedy(root, symptom)
    assert (rewritten is None) if says is None else (says in (rewritten or ""))
    top = head(report)
    assert f"↳ explains: {symptom.title()}  [{symptom.code}]" in top
    for text in (console(report), render_markdown(report), render_json(report)):
        assert never not in text, text
    finding = json.loads(render_json(report))["checks"][0]["findings"][0]
    assert finding["explained_by"] == {"code": cause.code, "subject": cause.subject}
    assert finding["commands"] == []
    for lang in ("en", "zh"):  # every placeholder of a rewrite is filled
        assert "{" not in (symptom_remedy(root, symptom, lang) or "")


def test_json_explains_has_no_duplicates_and_names_every_subject() -> None:
    symptoms = [lag(ALI1), lag(ALI2), missing(ALI1), missing(ALI2)]
    provider = missing(NS2)
    data = json.loads(render_json(report_of(*symptoms, provider, MISMATCH)))
    first = data["root_causes"][0]
    assert first["explains"] == ["DNS_SERIAL_LAG", "DNS_TXT_MISSING"]
    assert [(e["code"], e["subject"]) for e in first["explained"]] == [
        ("DNS_SERIAL_LAG", at(ALI1)),
        ("DNS_SERIAL_LAG", at(ALI2)),
        ("DNS_TXT_MISSING", at(ALI1)),
        ("DNS_TXT_MISSING", at(ALI2)),
    ]
    assert all(e["remedy"] and "{" not in e["remedy"] for e in first["explained"])
    assert data["root_causes"][1]["code"] == "DNS_TXT_MISSING"  # the provider's own server


def test_a_symptom_explained_through_another_symptom_is_under_the_root_once() -> None:
    # ns-mismatch explains the old server's lag, which explains its missing record
    report = report_of(lag(ALI1), missing(ALI1), MISMATCH)
    (root,) = report.root_causes
    assert [s.code for s in root.explains] == ["DNS_SERIAL_LAG", "DNS_TXT_MISSING"]
    assert head(report).count("↳ explains:") == 2


# A run-wide cause (empty subject) such as DNS interception (issue 10) explains symptoms of every
# name and server, and rewrites what they would advise.
PATH = SpecMaker("path")(
    "TEST_PATH_INTERCEPTED",
    Severity.ERROR,
    ("DNS from this host is intercepted by {box}", "本机的 DNS 被 {box} 拦截"),
    ("Answers come from the box.", "应答来自拦截设备。"),
    ("Exempt this host from {box}.", "让本机绕过 {box}。"),
    explains=("DNS_NOT_DELEGATED", "DNS_TXT_MISSING", "RESOLVER_UNREACHABLE"),
    symptom_remedies={
        "DNS_NOT_DELEGATED": (
            "Says nothing about {name}: {cause_box} answered for com.",
            "与 {name} 无关：是 {cause_box} 代替 com. 应答的。",
        )
    },
    rank=0,
)


def test_a_run_wide_cause_explains_symptoms_everywhere_and_rewrites_them() -> None:
    path = Finding(PATH, {"box": "Clash"})
    unreachable = Finding(
        resolver_specs.UNREACHABLE,
        {"resolver": "1.1.1.1", "role": "public resolver"},
        severity=Severity.WARNING,
        subject="@1.1.1.1",
    )
    other = Finding(dns_specs.NOT_DELEGATED, {"name": "other.example", "zone": "com."}, subject="o")
    report = report_of(NOT_DELEGATED, missing(NS1), unreachable, other, path)
    (root,) = report.root_causes
    assert root.finding is path and len(root.explains) == 4
    assert (
        symptom_remedy(root, NOT_DELEGATED)
        == "Says nothing about example.com: Clash answered for com."
    )
    assert symptom_remedy(root, unreachable) is None
    text = console(report)
    assert "Check the domain's status" not in text  # DNS_NOT_DELEGATED's own remedy
    assert "→ Says nothing about other.example: Clash answered for com." in text
    assert "Follows from TEST_PATH_INTERCEPTED" in text  # under the check: a pointer to the cause


def test_a_symptom_remedy_for_a_code_the_spec_does_not_explain_is_refused() -> None:
    with pytest.raises(ValueError, match="does not explain"):
        SpecMaker("x")(
            "TEST_BAD",
            Severity.ERROR,
            ("t", "t"),
            ("m", "m"),
            ("r", "r"),
            symptom_remedies={"DNS_TXT_MISSING": ("a", "b")},
        )


# ------------------------------------------------------------------ item 5: one severity per code


def test_a_finding_with_an_undocumented_severity_is_refused() -> None:
    with pytest.raises(ValueError, match="no severity rule"):
        Finding(dns_specs.TXT_MISSING, severity=Severity.INFO)
    with pytest.raises(ValueError, match="no severity rule"):
        Finding(dns_specs.SERIAL_LAG, severity=Severity.ERROR)
    Finding(dns_specs.NS_MISMATCH, severity=Severity.ERROR)  # documented escalation


# code, default severity, the other severities it may be reported with
SEVERITIES = [
    ("DNS_NS_MISMATCH", "warning", {"error"}),
    ("DNS_DOUBLE_LABEL", "warning", {"error"}),
    ("RESOLVER_NEGATIVE_CACHED", "error", {"warning"}),
    ("RESOLVER_STALE_VALUE", "error", {"warning"}),
    ("CREDS_DELETE_DENIED", "warning", set()),
    ("CREDS_NOT_FOUND", "error", set()),
    ("CREDS_INCOMPLETE", "warning", {"error"}),
    ("CREDS_INVISIBLE_CHAR", "error", {"warning"}),
    ("PREFLIGHT_PROBE_REFUSED", "warning", {"error"}),
    ("DNS_SERVER_ADDRESS_TIMEOUT", "warning", set()),
]


@pytest.mark.parametrize(("code", "default", "others"), SEVERITIES)
def test_each_code_has_one_default_severity_and_documented_exceptions(
    code: str, default: str, others: set[str]
) -> None:
    spec = all_specs()[code]
    assert spec.severity.label == default
    assert {r.severity.label for r in spec.severity_rules} == others
    for lang in ("en", "zh"):
        text = explain_text(spec, lang)
        for rule in spec.severity_rules:
            assert rule.when[lang] in text


def test_every_severity_rule_is_documented_in_the_findings_page() -> None:
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "findings.md").read_text(encoding="utf-8")
    for spec in all_specs().values():
        for rule in spec.severity_rules:
            assert rule.when["en"] in page, spec.code


def test_a_cleanup_failure_is_not_issuance_will_fail() -> None:
    denied = Finding(creds_specs.CREDS_DELETE_DENIED, {"zone": T}, subject=T)
    report = report_of(denied)
    assert report.verdict == "warning"
    assert "the certificate is issued" in denied.meaning()


def specs_with(pred: object) -> list[FindingSpec]:
    return [s for s in all_specs().values() if callable(pred) and pred(s)]


def test_only_documented_hygiene_codes_are_not_causes() -> None:
    assert sorted(s.code for s in all_specs().values() if not s.cause) == sorted(
        f.code for f in HYGIENE
    )
