"""Issue 13's claim, proven with a third provider: adding one folder (+ its tests) and touching no
check, renderer or CLI module is enough.

``fakedns_pkg/fakedns/`` is a complete provider built the way docs/providers.md ("Adding a
provider") says, with an in-memory API (no network). The fixture puts the folder where
``dnsdoctor.providers`` imports providers from (the package's ``__path__``) and its name into
``NAMES``, both undone afterwards; the tests then drive the real CLI (``dnsdoctor.cli:main``).
The CLI, the checks, the renderers and ``explain --log`` are imported before the fake provider is
registered, as they are in a test session (and as a plug-in registered at run time would find them).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

import dnsdoctor.cli
import dnsdoctor.logparse.engine  # noqa: F401
from dnsdoctor import providers
from dnsdoctor.checks.clock import specs as clock_specs
from dnsdoctor.checks.creds import specs as creds_specs
from dnsdoctor.core import secrets
from dnsdoctor.core.model import FindingSpec
from dnsdoctor.engine.catalog import all_specs
from dnsdoctor.providers import base
from dnsdoctor.providers.base import Provider

PKG = Path(__file__).parent / "fakedns_pkg"
RW_KEY = "FDNSRW7Q2M9K4X1B8C5V"
RW_SECRET = "s3cr3tRWa8b7c6d5e4f3g2h1j0k9m8n7"
RO_KEY = "FDNSRO3H6J8L2P4T7W9Y"
RO_SECRET = "s3cr3tROz1y2x3w4v5u6t7s8r9q0p1o2"
WRONG_SECRET = "wr0ngRWa8b7c6d5e4f3g2h1j0k9m8n7x"

OTHER_PROVIDERS = re.compile(
    r"Tencent|DNSPod|腾讯|\bCAM\b|tccli|AuthFailure|TENCENTCLOUD_|SecretId|SecretKey|DomainId"
    r"|Alibaba|阿里|AccessKey|\bRAM\b|aliyun|ALICLOUD_|(?<![\d.])300 (s\b|秒)"
)
"""What a Fake DNS report must never say: another provider's names, terms, codes or window."""
PIECE = 6


@pytest.fixture
def fakedns(fakedns_folder: Provider) -> Provider:
    """The folder in the registry, as docs/adding-a-provider.md says a provider is added (the
    shared ``fakedns_folder`` of tests/conftest.py, which also undoes it)."""
    return fakedns_folder


def _env(tmp_path: Path, key_id: str, secret: str) -> dict[str, str]:
    return {"HOME": str(tmp_path), "FAKEDNS_KEY": key_id, "FAKEDNS_SECRET": secret}


def _assert_no_secret(where: str, text: str, *secret_values: str) -> None:
    for value in secret_values:
        pieces = [value[i : i + PIECE] for i in range(len(value) - PIECE + 1)]
        leaked = [p for p in pieces if p in text]
        assert not leaked, f"{where}: pieces {leaked[:3]} of a secret in the output"


def _codes(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for c in report["checks"] for f in c["findings"]}


def _creds_json(cli: Any, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """The JSON report of ``dnsdoctor creds example.com --provider fakedns``."""
    run = cli("creds", "example.com", "--provider", "fakedns", "-f", "json", *extra, env=env)
    assert run.json is not None, run.stderr
    report: dict[str, Any] = run.json
    return report


# -- the folder --------------------------------------------------------------------------------


def test_the_folder_is_a_provider(fakedns: Provider) -> None:
    """Every module docs/providers.md lists is there and reached through the registry."""
    assert [p.name for p in providers.all_providers()][-1] == "fakedns"
    assert fakedns.title == "Fake DNS" and fakedns.clock_window == 120.0
    for part in ("api", "errors", "sources", "lint", "policy", "logs", "texts"):
        assert fakedns.module(part).__name__ == f"dnsdoctor.providers.fakedns.{part}"
    assert fakedns.log_patterns() is not None
    assert providers.serving(["ns1.fakedns.com.", "ns2.fakedns.com"]) is fakedns
    assert str(PKG) in fakedns.module("api").__file__


def test_preflight_recommends_the_settings_its_folder_declares(fakedns: Provider) -> None:
    """The clients' modules do not know Fake DNS: lego's and acme.sh's settings for it are the
    folder's (``client_settings``), and Certimate, which declares none, gets no recommendation."""
    from dnsdoctor.preflight.settings import recommend, settings_findings

    got = {f.code: f for f in settings_findings(recommend(5.0), ["example.com"], provider=fakedns)}
    lego = got["PREFLIGHT_SETTINGS_LEGO"]
    assert lego.title("en") == (
        "lego: FAKEDNS_PROPAGATION_TIMEOUT=60 FAKEDNS_POLLING_INTERVAL=2 FAKEDNS_TTL=600"
    )
    assert "lego 的 fakedns 插件" in lego.meaning("zh")
    assert " lego --dns fakedns -d example.com " in lego.commands[-1]
    assert got["PREFLIGHT_SETTINGS_ACME_SH"].commands == (
        "acme.sh --issue --dns dns_fake -d example.com --dnssleep 20",
    )
    assert "PREFLIGHT_SETTINGS_CERTIMATE" not in got
    assert fakedns.settings_for("certbot") is None
    # FakeIAM's policy has no Action/Resource statements: the folder says what it allows
    policy = got["PREFLIGHT_CAM_POLICY"]
    assert policy.title("en") == (
        "FakeIAM policy for the ACME client's key: fakedns:ListZones, fakedns:GetZone, "
        "fakedns:ListRecords, fakedns:CreateRecord, fakedns:DeleteRecord (resource zones/*)"
    )
    assert "（resource zones/*）" in policy.title("zh")


def test_the_registry_is_restored_after_the_fixture() -> None:
    assert "fakedns" not in providers.NAMES
    assert not any(m.startswith("dnsdoctor.providers.fakedns") for m in sys.modules)
    assert not hasattr(providers, "fakedns")
    assert not any(name == "fakedns" for name, _, _ in base._WORDED)
    assert secrets.redact(f"key {RW_KEY}") == f"key {RW_KEY}"
    from dnsdoctor.lab import scenarios

    assert not any(name.startswith("fakedns-") for name in scenarios._SCENARIOS)


# -- dnsdoctor demo --------------------------------------------------------------------------------


def test_the_folder_brings_its_demo_scenarios(cli: Any, fakedns: Provider) -> None:
    """``PROVIDER.demo_scenarios`` names the folder's scenario module: ``demo --list`` lists its
    scenarios after the lab's, and the lab's registry names no provider."""
    from dnsdoctor.lab import scenarios

    assert "fakedns" not in Path(scenarios.__file__).read_text(encoding="utf-8")
    assert scenarios.scenario_modules()[-1] == "dnsdoctor.providers.fakedns.demo"
    run = cli("demo", "--list")
    assert run.exit_code == 0, run.stderr
    names = [line.split()[0] for line in run.stdout.splitlines()]
    assert names[-2:] == ["fakedns-healthy", "fakedns-signature"]
    assert names == list(scenarios.all_scenarios())
    assert "fakedns-signature          Fake DNS: the Key Secret does not match" in run.stdout
    zh = cli("demo", "--list", "--lang", "zh")
    assert "假 DNS：Key Secret 与 Key ID 不匹配" in zh.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_folders_demo_scenario_runs(cli: Any, fakedns: Provider, lang: str) -> None:
    run = cli("demo", "fakedns-signature", "-f", "json", "--lang", lang)
    assert run.exit_code == 1, run.stderr
    assert run.json is not None
    assert run.json["root_causes"][0]["code"] == "CREDS_SIGNATURE_FAILURE"
    assert "dnsdoctor creds example.com --provider fakedns" in run.stderr
    said = run.stdout + run.stderr
    found = OTHER_PROVIDERS.search(said)
    assert not found, found
    _assert_no_secret(f"demo {lang}", said, RW_SECRET, WRONG_SECRET)


def test_the_tour_diagnoses_the_folders_scenarios(
    capsys: pytest.CaptureFixture[str], fakedns: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``demo --all`` runs them as it runs the lab's (the tour over the registry's scenarios)."""
    from dnsdoctor.cli.demo import _demo_tour
    from dnsdoctor.lab.scenarios import all_scenarios

    monkeypatch.setenv("DNSDOCTOR_LOOPBACK_ONLY", "1")
    mine = [s for s in all_scenarios().values() if s.name.startswith("fakedns-")]
    assert _demo_tour(mine, "en") == 0, capsys.readouterr().out
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines[:2]] == [
        ["✓", "fakedns-healthy"],
        ["✓", "fakedns-signature"],
    ]


def test_the_demo_lists_no_scenario_of_a_provider_taken_out() -> None:
    from dnsdoctor.lab.scenarios import all_scenarios

    assert not [name for name in all_scenarios() if name.startswith("fakedns")]


# -- dnsdoctor creds -------------------------------------------------------------------------------

SCENARIOS = {
    # name: (key id, secret, exit code, the codes the report must hold)
    "healthy": (RW_KEY, RW_SECRET, 0, ("CREDS_AUTHENTICATED", "CREDS_PERMISSIONS_OK")),
    "signature": (RW_KEY, WRONG_SECRET, 1, ("CREDS_SIGNATURE_FAILURE",)),
    "read-only": (RO_KEY, RO_SECRET, 0, ("CREDS_AUTHENTICATED", "CREDS_DELETE_DENIED")),
}
WORDS = {"en": "Fake DNS", "zh": "假 DNS"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["json", "rich", "markdown"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_creds(cli: Any, fakedns: Provider, tmp_path: Path, name: str, fmt: str, lang: str) -> None:
    key_id, secret, exit_code, codes = SCENARIOS[name]
    argv = ["creds", "example.com", "--provider", "fakedns", "--timeout", "10"]
    run = cli(*argv, "-f", fmt, "--lang", lang, "-v", env=_env(tmp_path, key_id, secret))
    said = run.stdout + run.stderr
    assert run.exit_code == exit_code, said
    for code in codes:
        assert code in said, (code, said)
    assert WORDS[lang] in said
    found = OTHER_PROVIDERS.search(said)
    assert not found, f"{name} {fmt} {lang}: {found.group()!r} in a Fake DNS report"
    _assert_no_secret(f"{name} {fmt} {lang}", said, secret, RW_SECRET, RO_SECRET, WRONG_SECRET)
    assert key_id not in said, "a key id is shown masked"
    if fmt == "json":
        assert run.json is not None
        findings = _codes(run.json)
        used = findings["CREDS_SOURCE_USED"]
        assert used["params"]["source"] == "FAKEDNS_KEY / FAKEDNS_SECRET"
        # the key id keeps its prefix and last two characters, as for every provider
        assert used["params"]["secret_id"].startswith(f"{key_id[:4]}…{key_id[-2:]} (20 chars")


def test_a_signature_error_names_the_provider_and_its_code(
    cli: Any, fakedns: Provider, tmp_path: Path
) -> None:
    report = _creds_json(cli, _env(tmp_path, RW_KEY, WRONG_SECRET))
    (cause, *_) = report["root_causes"]
    assert cause["code"] == "CREDS_SIGNATURE_FAILURE"
    finding = _codes(report)["CREDS_SIGNATURE_FAILURE"]
    assert finding["params"]["code"] == "Auth.BadSignature"
    assert finding["title"].startswith("Fake DNS rejects the signature")
    assert "Key Secret" in finding["title"]


def test_a_read_only_key_is_the_permission_finding(
    cli: Any, fakedns: Provider, tmp_path: Path
) -> None:
    denied = _codes(_creds_json(cli, _env(tmp_path, RO_KEY, RO_SECRET)))["CREDS_DELETE_DENIED"]
    assert denied["severity"] == "warning"
    assert denied["params"]["code"] == "Access.Denied"
    assert "fakedns:DeleteRecord: denied" in [
        f"{e['label']}: {e['value']}" for e in denied["evidence"]
    ]
    assert "fakecli iam attach-policy --user reader --policy acme-dns01" in denied["commands"]
    (policy,) = [e["value"] for e in denied["evidence"] if e["label"] == "minimal FakeIAM policy"]
    assert "fakedns:DeleteRecord" in policy


def test_a_read_only_key_names_the_actions_lego_misses(
    cli: Any, fakedns: Provider, tmp_path: Path
) -> None:
    """The clients' modules do not know Fake DNS: what lego calls there is its folder's
    (``client_calls``), read through ``Provider.client_actions``."""
    denied = _codes(_creds_json(cli, _env(tmp_path, RO_KEY, RO_SECRET)))["CREDS_DELETE_DENIED"]
    assert "fakedns:DeleteRecord" in denied["params"]["missing"]
    assert "Missing for lego: ." not in denied["meaning"]


def test_an_incomplete_source_is_said_in_chinese(
    cli: Any, fakedns: Provider, tmp_path: Path
) -> None:
    env = {"HOME": str(tmp_path), "FAKEDNS_KEY": RW_KEY}
    incomplete = _codes(_creds_json(cli, env, "--lang", "zh"))["CREDS_INCOMPLETE"]
    # the note is data and words (KeyLabels' Phrase), not English translated back: a new
    # provider's labels need no entry anywhere
    assert incomplete["params"]["detail"] == "has a Key ID but no Key Secret"
    assert incomplete["title"].endswith("有 Key ID 但没有 Key Secret"), incomplete["title"]


def test_the_provider_is_chosen_by_its_credentials(
    cli: Any, fakedns: Provider, tmp_path: Path
) -> None:
    """Without --provider, a Fake DNS key alone selects Fake DNS."""
    run = cli("creds", "example.com", "-f", "json", env=_env(tmp_path, RW_KEY, RW_SECRET))
    assert run.exit_code == 0, run.stderr
    assert run.json is not None
    assert "CREDS_PERMISSIONS_OK" in _codes(run.json)


def test_creds_help_lists_the_provider(cli: Any, fakedns: Provider) -> None:
    """The --provider values come from the registry when the command runs (its metavar is fixed
    when the CLI is defined, see test_provider_options.py), so a bad value names the new one."""
    run = cli("creds", "example.com", "--provider", "route53")
    assert run.exit_code == 2
    assert "fakedns" in run.stderr


# -- key ids in free text --------------------------------------------------------------------------


def test_the_providers_key_ids_are_masked_in_any_text(fakedns: Provider) -> None:
    text = secrets.redact(f"lego said: key {RW_KEY} was refused")
    assert RW_KEY not in text
    assert f"{RW_KEY[:4]}…{RW_KEY[-2:]}" in text


# -- dnsdoctor explain --log -----------------------------------------------------------------------

LEGO_LOG = """\
2026/12/06 03:10:00 [INFO] [example.com] acme: Obtaining bundled SAN certificate
2026/12/06 03:10:01 [INFO] [example.com] acme: Preparing to solve DNS-01
2026/12/06 03:10:02 Could not obtain certificates:
error: one or more domains had a problem:
[example.com] [example.com] acme: error presenting token: fakedns: API call failed: \
[FakeDnsError] code=Auth.BadSignature message=the request signature does not verify for \
KEY request=req-77
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explain_log_reads_the_providers_errors(
    cli: Any, fakedns: Provider, tmp_path: Path, lang: str
) -> None:
    log = tmp_path / "lego.log"
    log.write_text(LEGO_LOG.replace("KEY", RW_KEY), encoding="utf-8")
    run = cli("explain", "--log", str(log), "--lang", lang)
    assert run.exit_code == 0, run.stderr
    text = " ".join(run.stdout.split())
    assert "fakedns_api_error / signature_failure" in text
    assert {"en": "Fake DNS API", "zh": "假 DNS API"}[lang] in text
    assert {"en": "the Key Secret does not match", "zh": "Key Secret 与 Key ID 不匹配"}[
        lang
    ] in text
    assert "dnsdoctor creds example.com --provider fakedns" in text
    assert "CREDS_SIGNATURE_FAILURE" in text
    assert RW_KEY not in run.stdout + run.stderr
    found = OTHER_PROVIDERS.search(run.stdout)
    assert not found, found


def test_explain_log_json(cli: Any, fakedns: Provider, tmp_path: Path) -> None:
    log = tmp_path / "lego.log"
    log.write_text(LEGO_LOG.replace("KEY", RW_KEY), encoding="utf-8")
    run = cli("explain", "--log", str(log), "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json is not None
    (match, *_) = [m for m in run.json if m["kind"] == "fakedns_api_error"]
    assert match["cause"] == "signature_failure"
    assert match["provider"] == "fakedns"


# -- --provider auto by the zone's name servers, and the clock in the provider's window -----------

FAKE_NS = ("ns1.fakedns.com.", "ns2.fakedns.com.")


def test_auto_follows_the_name_servers_and_the_clock_uses_the_providers_window(
    cli: Any, net: Any, fakedns: Provider, tmp_path: Path
) -> None:
    """With a Tencent Cloud key and a Fake DNS key on the machine, the zone delegated to Fake DNS's
    name servers selects Fake DNS; a clock 200 s ahead is beyond its 120 s window (within
    Tencent Cloud's 300 s), and the clock findings say so in its words."""
    from dnsdoctor.lab.internet import NS1, NS2, com_zone

    # Fake DNS's name servers, glued in com. to the lab's servers of example.com
    glue = f"ns1.fakedns 172800 IN A {NS1}\nns2.fakedns 172800 IN A {NS2}\n"
    net.set_zone(net.tld, "com.", com_zone(FAKE_NS) + glue)
    net.world.run_sync(lambda: setattr(net.ntp, "offset", -200.0))
    env = {
        **_env(tmp_path, RW_KEY, RW_SECRET),
        "TENCENTCLOUD_SECRET_ID": "AKID" + "Ab3dE" * 6 + "xy",
        "TENCENTCLOUD_SECRET_KEY": "Q" * 32,
    }
    argv = [a for a in net.check_argv() if a not in ("--provider", "none")]
    argv += ["--select", "clock", "--select", "creds", "--timeout", "20"]
    for lang in ("en", "zh"):
        run = cli(*argv, "-f", "json", "--lang", lang, env=env)
        assert run.json is not None, run.stderr
        findings = _codes(run.json)
        assert findings["CREDS_SOURCE_USED"]["title"].startswith(
            {"en": "Using Fake DNS key", "zh": "使用来自"}[lang]
        )
        assert "CREDS_PERMISSIONS_OK" in findings, sorted(findings)
        clock = findings["CLOCK_SKEW_SIGNATURE_EXPIRE"]
        assert clock["params"]["provider"] == "fakedns"
        assert str(clock["params"]["window"]) == "120"
        assert clock["params"]["code"] == "Auth.ClockSkew"
        said = run.stdout + run.stderr
        found = [
            said[max(0, m.start() - 80) : m.end() + 40] for m in OTHER_PROVIDERS.finditer(said)
        ]
        assert not found, f"{lang}: {found} in a Fake DNS report"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_clock_command_judges_by_the_named_providers_window(
    cli: Any, net: Any, fakedns: Provider, lang: str
) -> None:
    from dnsdoctor.lab.internet import NTP

    net.world.run_sync(lambda: setattr(net.ntp, "offset", -200.0))
    argv = ["clock", "--ntp", f"{NTP}:{net.port}", *net.dns_args(), "--provider", "fakedns"]
    for fmt in ("json", "rich"):
        run = cli(*argv, "-f", fmt, "--lang", lang)
        assert run.exit_code == 1, run.stderr
        said = run.stdout + run.stderr
        assert "CLOCK_SKEW_SIGNATURE_EXPIRE" in said and "Auth.ClockSkew" in said
        found = OTHER_PROVIDERS.search(said)
        assert not found, f"{fmt} {lang}: {found.group()!r} in a Fake DNS report"
        if fmt == "json":
            assert run.json is not None
            clock = _codes(run.json)["CLOCK_SKEW_SIGNATURE_EXPIRE"]
            assert clock["params"]["provider"] == "fakedns"
            assert str(clock["params"]["window"]) == "120"


# -- dnsdoctor preflight ---------------------------------------------------------------------------


@pytest.fixture
def fake_zone(net: Any, fakedns: Provider, monkeypatch: pytest.MonkeyPatch) -> Any:
    """example.com delegated to Fake DNS's name servers in the lab, the in-memory account's
    writes published to them (the lab's ZoneSync, as the other providers' emulators do)."""
    from dnsdoctor.lab.internet import NS1, NS2, com_zone
    from dnsdoctor.lab.scenarios_preflight import ZoneSync

    glue = f"ns1.fakedns 172800 IN A {NS1}\nns2.fakedns 172800 IN A {NS2}\n"
    net.set_zone(net.tld, "com.", com_zone(FAKE_NS) + glue)
    sync = ZoneSync(net, {"ns1": 0.2, "ns2": 0.6}, ns=FAKE_NS)
    net.world.run_sync(lambda: sync.publish_now([]))
    api = fakedns.module("api")
    account = api.Account(on_change=sync)
    monkeypatch.setattr(api, "ACCOUNT", account)
    return account


def _preflight_argv(net: Any) -> list[str]:
    from dnsdoctor.lab.internet import NTP

    argv = ["preflight", "example.com", *net.dns_args(), "--ntp", f"{NTP}:{net.port}"]
    return [*argv, "--provider", "fakedns", "--probe-timeout", "10", "--no-public"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_preflight_creates_times_and_deletes_through_the_provider(
    cli: Any, net: Any, fake_zone: Any, tmp_path: Path, lang: str
) -> None:
    env = {**_env(tmp_path, RW_KEY, RW_SECRET), "XDG_STATE_HOME": str(tmp_path / "state")}
    for fmt in ("json", "rich"):
        run = cli(*_preflight_argv(net), "-f", fmt, "--lang", lang, "-v", env=env)
        said = run.stdout + run.stderr
        assert run.exit_code == 0, said
        for code in (
            "PREFLIGHT_PROBE_VISIBLE",
            "PREFLIGHT_PROBE_DELETED",
            "PREFLIGHT_SETTINGS_LEGO",
        ):
            assert code in said, (code, fmt, lang)
        assert "FAKEDNS_PROPAGATION_TIMEOUT=60" in said and "--dns fakedns" in said
        assert "acme.sh --issue --dns dns_fake" in said
        found = OTHER_PROVIDERS.search(said)
        assert not found, f"{fmt} {lang}: {found.group()!r} in a Fake DNS report"
        _assert_no_secret(f"preflight {fmt} {lang}", said, RW_SECRET)
        assert RW_KEY not in said
        assert fake_zone.zones["example.com"] == [], "the probe record is gone"
        if fmt == "json":
            assert run.json is not None
            visible = _codes(run.json)["PREFLIGHT_PROBE_VISIBLE"]
            assert WORDS[lang] in visible["meaning"], visible["meaning"]


def test_preflight_policy_names_what_the_clients_call(
    cli: Any, net: Any, fake_zone: Any, tmp_path: Path
) -> None:
    env = {**_env(tmp_path, RW_KEY, RW_SECRET), "XDG_STATE_HOME": str(tmp_path / "state")}
    run = cli(*_preflight_argv(net), "-f", "json", env=env)
    assert run.json is not None, run.stderr
    policy = _codes(run.json)["PREFLIGHT_CAM_POLICY"]
    assert "fakedns:DeleteRecord" in policy["title"]
    assert "calls ;" not in policy["meaning"], policy["meaning"]
    assert "acme.sh calls fakedns:ListRecords, fakedns:CreateRecord" in policy["meaning"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cleanup_deletes_only_the_probes_left_at_the_provider(
    cli: Any, fakedns: Provider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from dnsdoctor.providers.base import Record

    api = fakedns.module("api")
    probe = Record("7", "_dnsdoctor-probe-0123abcd", "TXT", "dnsdoctor-probe:0123abcd:1796500000")
    other = Record("8", "_acme-challenge", "TXT", "somebody else's token")
    account = api.Account(zones={"example.com": [probe, other]})
    monkeypatch.setattr(api, "ACCOUNT", account)
    env = {**_env(tmp_path, RW_KEY, RW_SECRET), "XDG_STATE_HOME": str(tmp_path / "state")}
    run = cli("cleanup", "example.com", "--provider", "fakedns", "--yes", "--lang", lang, env=env)
    said = run.stdout + run.stderr
    assert run.exit_code == 0, said
    assert account.zones["example.com"] == [other]
    assert "_dnsdoctor-probe-0123abcd" in said
    found = OTHER_PROVIDERS.search(said)
    assert not found, f"{lang}: {found.group()!r} in a Fake DNS cleanup"
    _assert_no_secret(f"cleanup {lang}", said, RW_SECRET)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_of_a_zone_at_the_provider_names_no_other_provider(
    cli: Any, net: Any, fake_zone: Any, tmp_path: Path, lang: str
) -> None:
    """``dnsdoctor check`` with every family, the zone at Fake DNS (found by its name servers)."""
    argv = [a for a in net.check_argv() if a not in ("--provider", "none")]
    run = cli(*argv, "-f", "json", "--lang", lang, "-v", env=_env(tmp_path, RW_KEY, RW_SECRET))
    assert run.json is not None, run.stderr
    findings = _codes(run.json)
    assert "CREDS_PERMISSIONS_OK" in findings and "DNS_TXT_ABSENT" in findings, sorted(findings)
    said = run.stdout + run.stderr
    found = [said[max(0, m.start() - 80) : m.end() + 40] for m in OTHER_PROVIDERS.finditer(said)]
    assert not found, f"{lang}: {found} in a Fake DNS report"


# -- issue 13: the generic CREDS_* and CLOCK_* texts name no provider ------------------------------
# A provider's words come from its own folder (texts.py) or from params the checks fill from the
# Provider (its title, its error code, its window), so a provider that re-words nothing is still
# named by its own name. Tencent Cloud's and Alibaba Cloud's texts are asserted by their own tests.

SKEWED_KEY = "FDNSCK5R8T2W4Y6A1B3D"

_TERMS = (
    "Tencent",
    "腾讯",
    "DNSPod",
    "tccli",
    "CAM",
    "SecretId",
    "SecretKey",
    "AKID",
    "AuthFailure",
    "TC3",
    "dnspod",
    "tencentcloud",
    "GetCallerIdentity",
    "访问管理",
    "Alibaba",
    "阿里",
    "RAM",
    "AccessKey",
    "aliyun",
    "alidns",
    "LTAI",
    "访问控制",
)


def _provider_terms(but: str = "") -> set[str]:
    """The words only one provider says: the list above, and each provider's own metadata (its
    names, its clock error code), but those of the provider ``but``."""
    terms = set(_TERMS)
    for p in providers.all_providers():
        if p.name == but:
            continue
        terms |= {p.title, p.title_zh, p.vendor, p.vendor_zh, p.clock_error}
    return {t for t in terms if t and len(t) > 1}


def _pattern(but: str = "") -> re.Pattern[str]:
    words = sorted(_provider_terms(but), key=len, reverse=True)
    # ASCII words as words (CAM, not "CAMERA"); Chinese words anywhere
    alts = [
        rf"(?<![A-Za-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w) for w in words
    ]
    return re.compile("|".join(alts))


def _specs() -> dict[str, FindingSpec]:
    found: dict[str, FindingSpec] = {}
    for module in (creds_specs, clock_specs):
        for value in vars(module).values():
            if isinstance(value, FindingSpec):
                found.setdefault(value.code, value)
    return found


def _provider_words_in(spec: FindingSpec) -> list[str]:
    """Where a spec's texts (title, meaning, remedy, its symptoms' remedies, the reasons of its
    other severities; English and Chinese) say a word only one provider says. Placeholders are
    not words (``{dnspod_ns}`` is a param's name, kept for the JSON report)."""
    pattern = _pattern()
    fields = {"title": spec.title, "meaning": spec.meaning, "remedy": spec.remedy}
    fields |= {f"remedy of {code}": text for code, text in spec.symptom_remedies.items()}
    fields |= {f"severity rule {i}": rule.when for i, rule in enumerate(spec.severity_rules)}
    said = []
    for name, text in fields.items():
        for lang in ("en", "zh"):
            for m in pattern.finditer(re.sub(r"\{\w+\}", "{}", text.get(lang, ""))):
                said.append(f"{name} ({lang}): {m.group()!r}")
    return said


def test_every_creds_and_clock_spec_is_checked() -> None:
    """The texts checked below are every CREDS_*/CLOCK_* spec the program knows."""
    known = {c for c in all_specs() if c.startswith(("CREDS_", "CLOCK_"))}
    assert known and set(_specs()) == known


@pytest.mark.parametrize("code", sorted(_specs()))
def test_generic_texts_name_no_provider(code: str) -> None:
    """A generic CREDS_*/CLOCK_* text names no provider: no Tencent Cloud (DNSPod, CAM, SecretId,
    TC3, AuthFailure.*) and no Alibaba Cloud (RAM, AccessKey, alidns) words, nor any registered
    provider's name or clock code; a provider's words come from params or its texts.py."""
    said = _provider_words_in(_specs()[code])
    assert not said, f"{code}: {said}"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("tencentcloud", "CREDS_ZONE_INVALID"),
        ("tencentcloud", "CREDS_SWAPPED"),
        ("tencentcloud", "CREDS_STS_DENIED"),
        ("alidns", "CREDS_ID_FORMAT"),
        ("alidns", "CREDS_SIGNATURE_FAILURE"),
    ],
)
def test_the_check_sees_provider_words(name: str, code: str) -> None:
    """The check above is not vacuous: the same texts in a provider's own words are caught."""
    spec = _specs()[code]
    assert not _provider_words_in(spec)
    assert _provider_words_in(providers.get(name).wording(spec)), code


def test_tencent_says_the_neutral_codes_in_its_own_words() -> None:
    """Where the generic text became neutral, Tencent Cloud still says what it said before: its
    folder holds those words."""
    tencent = providers.get("tencentcloud")
    for code in sorted(_specs()):
        spec = _specs()[code]
        worded = tencent.wording(spec)
        assert worded.code == spec.code and worded.severity == spec.severity
        if worded is not spec:
            assert _provider_words_in(worded) or "300" in str(worded.meaning), code
    worded = tencent.wording(creds_specs.CREDS_SIGNATURE_EXPIRE)
    assert worded.title["en"].startswith("Tencent Cloud rejects the request time")
    assert "AuthFailure.SignatureExpire" in worded.title["zh"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_code_the_provider_does_not_reword_names_the_provider(
    cli: Any, fakedns: Provider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Fake DNS does not re-word CREDS_SIGNATURE_EXPIRE: the generic text names Fake DNS, its
    error code and its window."""
    assert "CREDS_SIGNATURE_EXPIRE" not in fakedns.module("texts").WORDING
    api = fakedns.module("api")
    monkeypatch.setitem(
        api.ACCOUNT.keys, SKEWED_KEY, api.Key(RW_SECRET, "acme-bot", True, skewed=True)
    )
    env = {"HOME": str(tmp_path), "FAKEDNS_KEY": SKEWED_KEY, "FAKEDNS_SECRET": RW_SECRET}
    run = cli(
        "creds", "example.com", "--provider", "fakedns", "-f", "json", "--lang", lang, env=env
    )
    assert run.json is not None, run.stderr
    finding = _codes(run.json)["CREDS_SIGNATURE_EXPIRE"]
    said = f"{finding['title']}\n{finding['meaning']}"
    assert {"en": "Fake DNS", "zh": "假 DNS"}[lang] in said, said
    assert "Auth.ClockSkew" in finding["title"]
    assert {"en": "2 min", "zh": "2 分"}[lang] in finding["meaning"]
    # its own window by name: a bare `clock` may judge by another provider's
    assert finding["commands"] == ["dnsdoctor clock --provider fakedns"]
    assert "`dnsdoctor clock --provider fakedns`" in finding["remedy"]
    found = _pattern(but="fakedns").search(said)
    assert not found, f"{found.group()!r} in a Fake DNS finding: {said}"


@pytest.mark.parametrize("code", ["Throttled", "Odd.Failure", "Internal"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_api_error_the_provider_does_not_reword_names_the_provider(
    fakedns: Provider, code: str, lang: str
) -> None:
    """Fake DNS re-words neither CREDS_RATE_LIMITED, CREDS_API_ERROR nor CREDS_API_SERVER_ERROR:
    the generic texts name Fake DNS, through the params the check fills from its Provider."""
    from dnsdoctor.checks.creds.checks import error_finding

    errors = fakedns.module("errors")
    err = errors.FakeDnsError(code, "slow down", request_id="fake-req-1", action="fakedns:WhoAmI")
    finding = error_finding(err, None, provider=fakedns, secret_id="FDNS…A1", subject="key")  # type: ignore[arg-type]
    expected = {
        "Throttled": "CREDS_RATE_LIMITED",
        "Odd.Failure": "CREDS_API_ERROR",
        "Internal": "CREDS_API_SERVER_ERROR",
    }[code]
    assert finding.code == expected
    assert expected not in fakedns.module("texts").WORDING
    said = f"{finding.title(lang)}\n{finding.meaning(lang)}\n{finding.remedy(lang)}"
    assert {"en": "Fake DNS", "zh": "假 DNS"}[lang] in said, said
    assert "{" not in said, said
    found = _pattern(but="fakedns").search(said)
    assert not found, f"{found.group()!r} in a Fake DNS finding: {said}"
    assert str(finding.params["cloud"]) == "Fake DNS"  # the JSON report's params: English


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_credentials_names_the_provider_and_its_key_parts(
    cli: Any, fakedns: Provider, tmp_path: Path, lang: str
) -> None:
    """Fake DNS does not re-word CREDS_NOT_FOUND: the generic text names Fake DNS, its
    ``--provider`` value and what it calls the key's parts."""
    assert "CREDS_NOT_FOUND" not in fakedns.module("texts").WORDING
    report = _creds_json(cli, {"HOME": str(tmp_path)}, "--lang", lang)
    finding = _codes(report)["CREDS_NOT_FOUND"]
    said = f"{finding['title']}\n{finding['meaning']}\n{finding['remedy']}"
    assert {"en": "Fake DNS", "zh": "假 DNS"}[lang] in finding["title"], said
    assert "--provider fakedns" in said and "Key ID" in said and "Key Secret" in said, said
    found = _pattern(but="fakedns").search(said)
    assert not found, f"{found.group()!r} in a Fake DNS finding: {said}"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("code", "key_id", "secret"),
    [
        ("CREDS_SWAPPED", RW_SECRET, RW_KEY),
        ("CREDS_ID_FORMAT", RW_KEY[:-1], RW_SECRET),
        ("CREDS_INVISIBLE_CHAR", RW_KEY + "\u200b", RW_SECRET),
    ],
)
def test_a_lint_finding_names_the_providers_own_fields(
    cli: Any, fakedns: Provider, tmp_path: Path, code: str, key_id: str, secret: str, lang: str
) -> None:
    """Fake DNS does not re-word the lint findings: the generic texts say its Key ID and Key
    Secret (params of the finding), and no other provider's words."""
    assert code not in fakedns.module("texts").WORDING
    report = _creds_json(cli, _env(tmp_path, key_id, secret), "--lang", lang)
    finding = _codes(report)[code]
    assert finding["params"]["id_label"] == "Key ID"
    assert finding["params"]["secret_label"] == "Key Secret"
    said = f"{finding['title']}\n{finding['meaning']}\n{finding['remedy']}"
    assert "Key ID" in said, said
    if code == "CREDS_SWAPPED":
        assert "Key Secret" in finding["title"], finding["title"]
    if code == "CREDS_ID_FORMAT":
        assert {"en": "Fake DNS", "zh": "假 DNS"}[lang] in said, said
        # where its keys are managed: its access control's console, linked (Provider.console_url)
        console = {"en": "the FakeIAM console", "zh": "FakeIAM 控制台"}[lang]
        assert console in finding["remedy"], finding["remedy"]
        assert "https://console.fakedns.test/keys" in finding["remedy"], finding["remedy"]
    found = _pattern(but="fakedns").search(said)
    assert not found, f"{found.group()!r} in a Fake DNS finding: {said}"
