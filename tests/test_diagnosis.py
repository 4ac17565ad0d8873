"""Causes before symptoms: which finding explains which, and the order root causes are named in.

First with findings built by hand from the real specs (the relation alone), then end to end in demo
worlds where the cause and its symptoms come out of real answers.
"""

from __future__ import annotations

from collections.abc import Callable

from dnsdoctor.checks.dns import specs
from dnsdoctor.core.diagnosis import diagnose, explains
from dnsdoctor.core.model import (
    CheckResult,
    Finding,
    FindingSpec,
    Report,
    RootCause,
    Severity,
    Status,
)
from dnsdoctor.lab.internet import (
    ALI1,
    ALI2,
    NS1,
    NS2,
    SERIAL,
    TOKEN,
    DemoInternet,
    com_zone,
    example_zone,
)

CheckWorld = Callable[..., Report]
T = "example.com"


def at(server: str, target: str = T) -> str:
    return f"{target}|{server}"


def report_of(*findings: Finding) -> Report:
    return Report(
        command="check",
        targets=[T],
        results=[CheckResult("synthetic", "dns", Status.FAIL, list(findings))],
        started_at="2026-12-01T00:00:00+00:00",
        duration=0.0,
    )


def summary(roots: list[RootCause]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [
        (rc.finding.code, rc.finding.subject, [(s.code, s.subject) for s in rc.explains])
        for rc in roots
    ]


# ----------------------------------------------------------------------------- the relation


def test_serial_lag_explains_the_missing_txt_at_that_server_only() -> None:
    lag = Finding(specs.SERIAL_LAG, subject=at(NS2), related=(at(NS2),))
    missing_ns2 = Finding(specs.TXT_MISSING, subject=at(NS2))
    missing_ali = Finding(specs.TXT_MISSING, subject=at(ALI1))
    assert explains(lag, missing_ns2)
    assert not explains(lag, missing_ali)
    assert not explains(missing_ns2, lag)
    roots = diagnose(report_of(missing_ali, missing_ns2, lag))
    assert summary(roots) == [
        ("DNS_SERIAL_LAG", at(NS2), [("DNS_TXT_MISSING", at(NS2))]),
        ("DNS_TXT_MISSING", at(ALI1), []),
    ]


def test_ns_mismatch_explains_the_symptoms_of_parent_only_servers() -> None:
    mismatch = Finding(
        specs.NS_MISMATCH, severity=Severity.ERROR, subject=T, related=(at(ALI1), at(ALI2))
    )
    symptoms = [
        Finding(specs.SERIAL_LAG, subject=at(ALI1), related=(at(ALI1),)),
        Finding(specs.TXT_MISSING, subject=at(ALI1)),
        Finding(specs.TXT_MISSING, subject=at(ALI2)),
    ]
    provider = Finding(specs.TXT_MISSING, subject=at(NS2))
    assert explains(mismatch, Finding(specs.SERVER_LAME, subject=at(ALI2)))
    assert not explains(mismatch, Finding(specs.SERVER_LAME, subject=at(NS2)))
    roots = diagnose(report_of(*symptoms, provider, mismatch))
    assert summary(roots) == [
        (
            "DNS_NS_MISMATCH",
            T,
            [
                ("DNS_SERIAL_LAG", at(ALI1)),
                ("DNS_TXT_MISSING", at(ALI1)),
                ("DNS_TXT_MISSING", at(ALI2)),
            ],
        ),
        ("DNS_TXT_MISSING", at(NS2), []),
    ]


PER_SERVER_BUG = (
    "diagnosis.py explains(): a cause without `related` is compared by target only "
    "(cause.subject.split('|')[0]), so a per-server finding (DNS_SERVER_LAME/TIMEOUT/MALFORMED, "
    "subject 'example.com|<address>') explains DNS_TXT_MISSING at every other server of the "
    "target: an independent missing record is hidden behind an unrelated dead server"
)


def test_a_per_server_cause_explains_symptoms_at_that_server_only() -> None:
    lame = Finding(specs.SERVER_LAME, subject=at(NS2))
    missing_elsewhere = Finding(specs.TXT_MISSING, subject=at(NS1))
    assert not explains(lame, missing_elsewhere)


def test_a_cause_without_related_subjects_explains_its_whole_target() -> None:
    not_delegated = Finding(specs.NOT_DELEGATED, subject=T)
    symptom = Finding(specs.TXT_NOT_FOUND, subject=T)
    per_server = Finding(specs.TXT_MISSING, subject=at(NS1))
    other_target = Finding(specs.TXT_NOT_FOUND, subject="other.example")
    assert explains(not_delegated, symptom) and explains(not_delegated, per_server)
    assert not explains(not_delegated, other_target)
    roots = diagnose(report_of(symptom, other_target, per_server, not_delegated))
    assert summary(roots) == [
        (
            "DNS_NOT_DELEGATED",
            T,
            [("DNS_TXT_NOT_FOUND", T), ("DNS_TXT_MISSING", at(NS1))],
        ),
        ("DNS_TXT_NOT_FOUND", "other.example", []),
    ]


def test_two_independent_causes_are_both_named_the_more_fundamental_first() -> None:
    lame = Finding(specs.SERVER_LAME, subject=at(NS2))
    double = Finding(specs.DOUBLE_LABEL, severity=Severity.ERROR, subject=T)
    not_found = Finding(specs.TXT_NOT_FOUND, subject=T)
    roots = diagnose(report_of(not_found, double, lame))
    assert summary(roots) == [
        ("DNS_SERVER_LAME", at(NS2), []),  # rank 6 before rank 20, both errors
        ("DNS_DOUBLE_LABEL", T, [("DNS_TXT_NOT_FOUND", T)]),
    ]


def test_a_warning_that_explains_an_error_comes_before_an_unexplained_warning() -> None:
    lag = Finding(specs.SERIAL_LAG, subject=at(NS2), related=(at(NS2),))
    missing = Finding(specs.TXT_MISSING, subject=at(NS2))
    tcp = Finding(specs.TCP_FAILED, subject=at(NS1))
    disagree = Finding(specs.TXT_INCONSISTENT, subject=T)
    roots = diagnose(report_of(disagree, tcp, missing, lag))
    assert [rc.finding.code for rc in roots] == [
        "DNS_SERIAL_LAG",  # as grave as the error it explains
        "DNS_TCP_FAILED",  # rank 40
        "DNS_TXT_INCONSISTENT",  # rank 65
    ]


def test_info_findings_are_never_causes() -> None:
    roots = diagnose(
        report_of(
            Finding(specs.TXT_PRESENT, subject=T),
            Finding(specs.CNAME_FOLLOWED, subject=T),
            Finding(specs.IPV6_UNTESTED, subject=T),
        )
    )
    assert roots == []


def test_a_mild_override_is_not_a_cause() -> None:
    from dnsdoctor.checks.creds import specs as creds_specs

    # a format slip in a credential source that is found but not used: info, by a severity rule
    mild = Finding(creds_specs.CREDS_KEY_FORMAT, severity=Severity.INFO, subject="~/.tccli")
    assert diagnose(report_of(mild)) == []


def _spec(code: str, explained: tuple[str, ...], rank: int) -> FindingSpec:
    text = {"en": code, "zh": code}
    return FindingSpec(
        code=code,
        family="test",
        severity=Severity.ERROR,
        title=text,
        meaning=text,
        remedy=text,
        explains=explained,
        rank=rank,
    )


def test_of_two_findings_that_explain_each_other_the_lower_rank_is_the_cause() -> None:
    a = Finding(_spec("TEST_A", ("TEST_B",), rank=30), subject=T)
    b = Finding(_spec("TEST_B", ("TEST_A",), rank=10), subject=T)
    assert summary(diagnose(report_of(a, b))) == [("TEST_B", T, [("TEST_A", T)])]
    assert summary(diagnose(report_of(b, a))) == [("TEST_B", T, [("TEST_A", T)])]


def test_a_finding_never_explains_itself() -> None:
    weird = Finding(_spec("TEST_SELF", ("TEST_SELF",), rank=1), subject=T)
    assert not explains(weird, weird)
    assert summary(diagnose(report_of(weird))) == [("TEST_SELF", T, [])]


# ----------------------------------------------------------------------------- in demo worlds


def test_a_lagging_server_explains_its_own_missing_txt_not_another_servers(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    # three servers listed consistently; ns2 lags behind, dns9 is up to date but lacks the token
    ns = ("ns1.dnspod.net.", "ns2.dnspod.net.", "dns9.hichina.com.")
    net.set_zone(net.tld, "com.", com_zone(ns))
    net.set_zone(net.ns1, "example.com.", example_zone(SERIAL + 1, (TOKEN,), ns))
    net.set_zone(net.ns2, "example.com.", example_zone(SERIAL, (), ns))
    net.set_zone(net.ali1, "example.com.", example_zone(SERIAL + 1, (), ns))
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert summary(report.root_causes) == [
        ("DNS_SERIAL_LAG", at(NS2), [("DNS_TXT_MISSING", at(NS2))]),
        ("DNS_TXT_MISSING", at(ALI1), []),
    ]
    assert report.root_causes[0].finding.params["server"] == f"ns2.dnspod.net ({NS2}:{net.port})"


def test_ns_mismatch_explains_the_old_servers_but_not_the_providers_own(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_zone(net.tld, "com.", com_zone(("ns1.dnspod.net.", "dns9.hichina.com.")))
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    net.set_txt(serial=SERIAL + 1, servers=(net.ns2,))  # provider's second server: no token
    report = check_world(net, "example.com", expect=(TOKEN,))
    (mismatch, provider) = report.root_causes
    assert mismatch.finding.code == "DNS_NS_MISMATCH"
    assert sorted((s.code, s.subject) for s in mismatch.explains) == [
        ("DNS_SERIAL_LAG", at(ALI1)),
        ("DNS_SERIAL_LAG", at(ALI2)),
        ("DNS_TXT_MISSING", at(ALI1)),
        ("DNS_TXT_MISSING", at(ALI2)),
    ]
    assert (provider.finding.code, provider.finding.subject, provider.explains) == (
        "DNS_TXT_MISSING",
        at(NS2),
        [],
    )


def test_a_lame_server_and_a_double_label_are_two_causes(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    extra = f'_acme-challenge.example.com 60 IN TXT "{TOKEN}"'
    net.set_zone(net.ns1, "example.com.", example_zone(SERIAL + 1, extra=extra))
    net.world.run_sync(net.ns2.zones.clear)
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert [(rc.finding.code, rc.finding.subject) for rc in report.root_causes] == [
        ("DNS_SERVER_LAME", at(NS2)),
        ("DNS_DOUBLE_LABEL", T),
    ]
    # ns2 answers nothing usable, so only ns1's answer counts: the token is missing there
    assert [(s.code, s.subject) for s in report.root_causes[1].explains] == [
        ("DNS_TXT_MISSING", at(NS1))
    ]


def test_a_dead_server_does_not_hide_a_missing_record_at_another(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_txt("an-old-token", serial=SERIAL + 1, servers=(net.ns1,))  # the new one never arrived
    net.ns2.fault = "drop"
    report = check_world(net, "example.com", expect=(TOKEN,), query_timeout=0.2)
    roots = summary(report.root_causes)
    assert roots[0] == ("DNS_SERVER_TIMEOUT", at(NS2), [])
    assert ("DNS_TXT_MISSING", at(NS1), []) in roots
