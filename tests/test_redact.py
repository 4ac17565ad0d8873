"""``--redact-domain``: every format masks the checked domains, by the zone cut DNS showed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor.lab.internet import TOKEN, DemoInternet, com_zone, example_zone
from dnsdoctor.redact import DomainMask, guess_zone, mask_domains, masked_domains

Cli = Callable[..., Any]


@pytest.mark.parametrize("fmt", ["json", "rich", "markdown"])
def test_every_format_masks_the_checked_domain(cli: Cli, net: DemoInternet, fmt: str) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    run = cli(*net.check_argv(expect=(TOKEN,)), "-f", fmt, "--redact-domain", "--verbose")
    assert run.exit_code == 1, run.stderr
    assert "example.com" not in run.stdout.lower()
    assert "domain1.example" in run.stdout
    assert "ns2.dnspod.net" in run.stdout  # the provider's servers are no secret
    if fmt == "json":
        report = json.loads(run.stdout)
        assert report["targets"] == ["domain1.example"]
        assert "example.com" not in report["environment"]["argv"]


@pytest.mark.parametrize("fmt", ["json", "rich", "markdown"])
def test_an_output_file_is_masked_too(
    cli: Cli, net: DemoInternet, tmp_path: Path, fmt: str
) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    out = tmp_path / "report"
    run = cli(*net.check_argv(expect=(TOKEN,)), "-f", fmt, "--redact-domain", "-o", str(out))
    assert run.exit_code == 1, run.stderr
    text = out.read_text(encoding="utf-8")
    assert "example.com" not in text.lower() and "domain1.example" in text


def test_the_zone_cut_dns_shows_is_masked_not_a_label_guess(cli: Cli, net: DemoInternet) -> None:
    """example.com is a public suffix here (the registry delegates alice.example.com itself, like
    github.io or ac.jp): a guess by labels would mask example.com and leave "alice" visible."""
    delegation = "alice.example 172800 IN NS ns1.dnspod.net.\n"
    delegation += "alice.example 172800 IN NS ns2.dnspod.net.\n"
    net.set_zone(net.tld, "com.", com_zone(example_ns=()) + delegation)
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "alice.example.com.", example_zone(txt=("an-old-token",)))
    for fmt in ("markdown", "json", "rich"):
        argv = net.check_argv("www.alice.example.com", expect=(TOKEN,))
        run = cli(*argv, "-f", fmt, "--redact-domain")
        assert run.exit_code == 1, run.stderr
        assert "alice" not in run.stdout.lower(), (fmt, run.stdout)
        assert "www.domain1.example" in run.stdout


def test_without_a_cut_the_guess_and_the_whole_name_are_masked() -> None:
    assert guess_zone("shop.alice.ac.jp") == "ac.jp"  # not in the suffix list: a bad guess
    assert masked_domains(["shop.alice.ac.jp"]) == [("ac.jp", "shop.alice.ac.jp")]
    text = "shop.alice.ac.jp, _acme-challenge.shop.alice.ac.jp and ac.jp"
    assert mask_domains(text, ["shop.alice.ac.jp"]) == (
        "domain1.example, _acme-challenge.domain1.example and domain1.example"
    )


def test_with_cuts_the_holding_zone_and_the_registered_domain_are_masked() -> None:
    cuts = {"app.team.example.com": ("example.com", "team.example.com")}
    assert masked_domains(["app.team.example.com"], cuts) == [("team.example.com", "example.com")]
    # a registry zone on the path (co.uk) is shorter than the guess: never the registered domain
    uk = {"www.shop.co.uk": ("co.uk", "shop.co.uk")}
    assert masked_domains(["www.shop.co.uk"], uk) == [("shop.co.uk",)]


def test_only_whole_labels_are_masked_wherever_they_stand_in_a_name() -> None:
    """A checked domain inside a longer name is masked too: the double label the user typed
    (_acme-challenge.example.com.example.com) and a CDN target that embeds it
    (www.example.com.qiniudns.com) would otherwise carry it into the ticket."""
    mask = DomainMask([("example.com",)])
    assert mask.text("myexample.com example.company a.example.com example.com.") == (
        "myexample.com example.company a.domain1.example domain1.example."
    )
    assert mask.text("_acme-challenge.example.com.example.com") == (
        "_acme-challenge.domain1.example.domain1.example"
    )
    assert mask.text("www.example.com.qiniudns.com example.com.cn") == (
        "www.domain1.example.qiniudns.com domain1.example.cn"
    )


def test_a_double_label_record_is_masked_in_every_format(cli: Cli, net: DemoInternet) -> None:
    extra = f'_acme-challenge.example.com 60 IN TXT "{TOKEN}"'
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(extra=extra))
    for fmt in ("rich", "json", "markdown"):
        # not -v: the finding's explanation illustrates the mistake with example.com itself
        run = cli(*net.check_argv(expect=(TOKEN,)), "-f", fmt, "--redact-domain")
        assert run.exit_code == 1, run.stderr
        assert "DNS_DOUBLE_LABEL" in run.stdout
        assert "example.com" not in run.stdout.lower(), (fmt, run.stdout)
        assert "_acme-challenge.domain1.example.domain1.example" in run.stdout.replace("\n", "")


def test_a_masked_report_keeps_every_field_of_a_check_result() -> None:
    """The Chinese reason of a skipped check survives the masking (masked too), so that
    ``--lang zh --redact-domain`` still says in Chinese why a check did not run."""
    from dnsdoctor.core.model import CheckResult, Phrase, Report, Status
    from dnsdoctor.redact import redact_report

    skipped = CheckResult(
        "dns.txt[www.example.com]",
        "dns",
        Status.SKIP,
        duration=0.5,
        wording=Phrase(
            {
                "en": "no authoritative server for {name} answered",
                "zh": "{name} 的权威服务器都没有应答",
            },
            {"name": "www.example.com"},
        ),
    )
    report = Report("check", ["www.example.com"], [skipped], "2026-01-01T00:00:00Z", 1.0)
    report.zones = {"www.example.com": ("example.com",)}  # the cut DNS showed
    (masked,) = redact_report(report).results
    assert masked.check == "dns.txt[www.domain1.example]"
    assert masked.reason == "no authoritative server for www.domain1.example answered"
    assert masked.why("zh") == "www.domain1.example 的权威服务器都没有应答"
    assert (masked.family, masked.status, masked.duration) == ("dns", Status.SKIP, 0.5)
