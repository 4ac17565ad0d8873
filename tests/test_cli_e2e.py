"""End to end through the console entry point: demo scenarios, formats, languages, exit codes.

Every run stays on loopback: the demo builds its world on 127.0.0.x, other tests use the ``net``
fixture and point ``check`` at it with ``--root``/``--dns-port``. The scenario tests cover the DNS,
resolver, clock and credential scenarios (``check``, ``clock`` and ``creds``); the pre-flight ones
have their own tests.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor import __version__, providers
from dnsdoctor.engine.catalog import all_checks, all_specs
from dnsdoctor.lab.internet import TOKEN, TOKEN_WILDCARD, DemoInternet, com_zone, example_zone
from dnsdoctor.lab.scenarios import Scenario, all_scenarios

Cli = Callable[..., Any]
WIDE = {"COLUMNS": "1000"}
"""Rich wraps at 80 columns when writing to a pipe: a wide console keeps the headline on one
line, so that it can be compared with the finding's title."""

SLOW = {"preflight-lagging"}
"""Waits 30 s for a lagging server, three times over: tests/test_preflight.py runs it shortened."""
COVERED = sorted(
    (s for s in all_scenarios().values() if s.name not in SLOW),
    key=lambda s: s.name,
)
MEASURED = [s for s in COVERED if s.name.startswith(("clock-", "creds-", "preflight-"))]
"""Scenarios whose titles carry measured or per-run values (offsets, ports, key fingerprints)."""
HEADER = re.compile(r"# demo (?P<name>\S+): dnsdoctor (?P<command>check|clock|creds|preflight) ")
KNOWN_BAD: dict[str, str] = {}
"""Scenario name → why it fails today (an xfail(strict=True) reason, naming the bug)."""


def scenario_params(scenarios: list[Scenario] = COVERED) -> list[Any]:
    return [
        pytest.param(
            s,
            id=s.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BAD[s.name])]
            if s.name in KNOWN_BAD
            else [],
        )
        for s in scenarios
    ]


def title_pattern(template: str) -> re.Pattern[str]:
    """A finding title template (``{server} lags behind: ...``) as a regular expression."""
    parts: list[str] = []
    seen: set[str] = set()
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
            seen.add(field)
    return re.compile("".join(parts))


@pytest.fixture(scope="module")
def demo_run(cli: Cli) -> Callable[..., Any]:
    """``demo NAME ARGS...``, run once per scenario, arguments and module."""
    runs: dict[tuple[str, ...], Any] = {}

    def get(name: str, *args: str, wide: bool = False) -> Any:
        key = (name, *args, *(["(wide)"] if wide else []))
        if key not in runs:
            runs[key] = cli("demo", name, *args, env=WIDE if wide else None)
        return runs[key]

    return get


@pytest.fixture(scope="module")
def demo_json(demo_run: Callable[..., Any]) -> Callable[[str], Any]:
    """``demo NAME -f json``, run once per scenario and module."""
    return lambda name: demo_run(name, "-f", "json")


def test_the_scenarios_of_this_file_exist() -> None:
    names = {s.name for s in COVERED}
    assert {"healthy", "lagging", "unreachable", "stale-values", "not-delegated"} <= names
    assert {"clock-ahead", "clock-timezone", "clock-unverifiable"} <= names
    assert {"creds-zero-width", "creds-read-only", "creds-healthy", "creds-quoted-ini"} <= names
    assert {"preflight-healthy", "preflight-read-only"} <= names


# ============================================================================ demo scenarios


@pytest.mark.parametrize("scenario", scenario_params())
def test_demo_scenario_json(demo_json: Callable[[str], Any], scenario: Scenario) -> None:
    run = demo_json(scenario.name)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.exit_code == scenario.exit_code, run.stderr
    header = HEADER.match(run.stderr)
    assert header and header["name"] == scenario.name, run.stderr
    report = run.json
    assert report["command"] == header["command"] and report["language"] == "en"
    assert [c["name"] for c in report["checks"] if c["status"] == "crash"] == []
    # named first: a cause, else (a root-account key, leftovers) something worth fixing
    causes = [rc["code"] for rc in report["root_causes"] or report["hygiene"]]
    if scenario.first_code is None:
        assert causes == [] and report["verdict"] == "ok"
    else:
        assert causes[0] == scenario.first_code
        assert report["verdict"] == ("error" if scenario.exit_code == 1 else "warning")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scenario", scenario_params())
def test_demo_scenario_console(demo_run: Callable[..., Any], scenario: Scenario, lang: str) -> None:
    run = demo_run(scenario.name, "--lang", lang, wide=True)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.exit_code == scenario.exit_code, run.stderr
    lines = run.stdout.splitlines()
    verdict = {
        ("en", 0): "Verdict: OK" if scenario.first_code is None else "Verdict: WARNING",
        ("en", 1): "Verdict: ERROR",
        ("zh", 0): "结论: 正常" if scenario.first_code is None else "结论: 警告",
        ("zh", 1): "结论: 错误",
    }[lang, scenario.exit_code]
    assert lines[-1].startswith(verdict)
    if scenario.first_code is None:
        assert lines[0] == {"en": "✓ Nothing wrong found.", "zh": "✓ 未发现问题。"}[lang]
        return
    # the headline is the first cause's title, in the reader's language; without a cause, the
    # report says so and names what is worth fixing
    lines = headline_first(lines, lang)
    mark = "✗" if scenario.exit_code == 1 else "!"
    assert lines[0].startswith(f"{mark} ")
    spec = all_specs()[scenario.first_code]
    # a provider may word the finding in its own terms (same code): any one wording matches
    wordings = [spec.title, *(p.wording(spec).title for p in providers.all_providers())]
    other = "en" if lang == "zh" else "zh"
    assert any(title_pattern(t[lang]).fullmatch(lines[0][2:]) for t in wordings), lines[0]
    assert not any(title_pattern(t[other]).fullmatch(lines[0][2:]) for t in wordings)
    assert lines[1].startswith("  → ")
    assert f"[{scenario.first_code}]" in run.stdout


def headline_first(lines: list[str], lang: str) -> list[str]:
    """The lines from the headline on, with a hygiene headline's lead-in taken off."""
    no_cause = {"en": "✓ No cause of failure found.", "zh": "✓ 未发现会导致失败的原因。"}[lang]
    if lines[0] != no_cause:
        return lines
    lead = {"en": "Worth fixing, not a cause of failure: ", "zh": "建议处理（不会导致签发失败）: "}
    assert lines[1].startswith("! " + lead[lang]), lines[1]
    return ["! " + lines[1][2 + len(lead[lang]) :], *lines[2:]]


def normalised(text: str) -> str:
    """Digits folded: a measured offset may differ by a second between two runs."""
    return re.sub(r"\d+", "N", text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "scenario", scenario_params([s for s in MEASURED if s.first_code is not None])
)
def test_demo_headline_is_the_json_title(
    cli: Cli, demo_run: Callable[..., Any], scenario: Scenario, lang: str
) -> None:
    """The Rich headline is the JSON report's first root-cause title, in the same language.

    A clock scenario's title differs between two worlds only in digits (ports, an offset measured a
    second apart): the demo runs of the other tests are compared with digits folded. A credential
    scenario's title names its world's random key (fingerprint) or temporary directory: JSON and
    Rich then run against one world."""
    if scenario.name.startswith("clock-"):
        json_args = ("-f", "json", *(["--lang", lang] if lang == "zh" else []))
        data = demo_run(scenario.name, *json_args).json
        rich = demo_run(scenario.name, "--lang", lang, wide=True)
    else:
        demo = scenario.build()
        with demo.world:
            data = cli(*demo.argv, "-f", "json", "--lang", lang, env=demo.env).json
            rich = cli(*demo.argv, "--lang", lang, env={**demo.env, **WIDE})
    assert data["language"] == lang
    first = (data["root_causes"] or data["hygiene"])[0]
    assert first["code"] == scenario.first_code
    assert rich.exit_code == scenario.exit_code, rich.stderr
    headline = headline_first(rich.stdout.splitlines(), lang)[0]
    assert normalised(headline[2:]) == normalised(first["title"]), (headline, first["title"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_read_only_key_demo_names_the_missing_permission_first(
    demo_run: Callable[..., Any], lang: str
) -> None:
    run = demo_run("creds-read-only", "--lang", lang, wide=True)
    assert run.exit_code == 0  # a warning: the certificate is issued, only the cleanup fails
    assert "dnspod:DeleteRecord" in run.stdout.splitlines()[0]


def test_the_healthy_demo_names_both_orders_as_one_challenge(
    demo_json: Callable[[str], Any],
) -> None:
    report = demo_json("healthy").json
    assert report["targets"] == ["example.com + *.example.com"]
    assert report["root_causes"] == []


def test_demo_list(cli: Cli) -> None:
    run = cli("demo", "--list")
    assert run.exit_code == 0
    listed = [line.split()[0] for line in run.stdout.splitlines()]
    assert listed == list(all_scenarios())
    zh = cli("demo", "--list", "--lang", "zh")
    assert "ns2.dnspod.net 数据落后" in zh.stdout


# ============================================================================ usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "example.com", "--root", "not-an-ip"], "expected an IP address"),
        (["check", "example.com", "--root", "127.0.0.1:0"], "port must be a number"),
        (["check", "example.com", "--resolver", "dns.google"], "expected an IP address"),
        (["check", "1.2.3.4"], "is an IP address"),
        (["check", "localhost"], "not a fully qualified domain name"),
        (["check", "exa\u200bmple.com"], "control or invisible"),
        (["check", "example.com", "-f", "html"], "--format 'html'"),
        (["check", "example.com", "--lang", "fr"], "--lang 'fr'"),
        (["demo", "no-such-scenario"], "unknown scenario 'no-such-scenario'"),
        (["demo", "lagging", "--format", "yaml"], "--format 'yaml'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    run = cli(*args, "--no-clock") if args[0] == "check" else cli(*args)
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stdout + run.stderr
    assert message in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("dnsdoctor: ")]
    assert len(errors) == 1
    assert not run.stdout.strip()  # no report for a usage error


@pytest.mark.parametrize(
    "args",
    [
        ["check"],  # no name
        ["check", "example.com", "--bogus"],
        ["check", "example.com", "--timeout", "0.1"],  # below the minimum of 0.5 s
        ["check", "example.com", "--dns-port", "70000"],
        ["no-such-command"],
    ],
)
def test_click_usage_errors_exit_2(cli: Cli, args: list[str]) -> None:
    run = cli(*args)
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stdout + run.stderr
    assert "Error" in run.stderr or "Usage" in run.stderr


def test_a_name_too_long_for_the_challenge_label_is_a_usage_error(cli: Cli) -> None:
    name = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 47])  # 241 octets on the wire
    run = cli("check", name, "--no-clock", "--root", "127.0.0.1:9")
    assert run.exit_code == 2, run.stderr
    assert "too long" in run.stderr


# ============================================================================ other commands


def test_version(cli: Cli) -> None:
    run = cli("--version")
    assert (run.exit_code, run.stdout) == (0, f"dnsdoctor {__version__}\n")


def test_list_checks(cli: Cli) -> None:
    run = cli("list-checks", env=WIDE)  # one line per summary and per code list
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    for chk in all_checks():
        (head,) = [i for i, line in enumerate(lines) if line.split()[:2] == [chk.name, chk.family]]
        assert lines[head].rstrip().endswith(chk.summary["en"])
        assert lines[head + 1].split(", ") == [s.code for s in chk.specs] or lines[
            head + 1
        ].strip().split(", ") == [s.code for s in chk.specs]
    assert "DNS_NOT_DELEGATED" in run.stdout
    zh = cli("list-checks", "--lang", "zh")
    assert "比较各权威服务器的 SOA 序列号" in zh.stdout


# ============================================================================ options


def test_output_file_json(cli: Cli, net: DemoInternet, tmp_path: Path) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    out = tmp_path / "report.json"
    run = cli(*net.check_argv(expect=(TOKEN,)), "-f", "json", "-o", str(out))
    assert run.exit_code == 1
    assert run.stdout == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["root_causes"][0]["code"] == "DNS_TXT_MISSING"


def test_output_file_rich_and_markdown(cli: Cli, net: DemoInternet, tmp_path: Path) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    rich_file, md_file = tmp_path / "report.txt", tmp_path / "report.md"
    assert cli(*net.check_argv(expect=(TOKEN,)), "-o", str(rich_file)).exit_code == 1
    assert (
        cli(*net.check_argv(expect=(TOKEN,)), "-f", "markdown", "-o", str(md_file)).exit_code == 1
    )
    text = rich_file.read_text(encoding="utf-8")
    assert "\x1b[" not in text  # a file gets no colour codes
    assert text.startswith("✗ ns2.dnspod.net (127.0.0.14:")
    assert text.rstrip().splitlines()[-1] == "Verdict: ERROR — issuance will fail"
    markdown = md_file.read_text(encoding="utf-8")
    assert markdown.startswith("# dnsdoctor check: example.com\n")
    assert "(`DNS_TXT_MISSING`, error)" in markdown


def test_strict_turns_a_warning_only_scenario_into_exit_1(cli: Cli) -> None:
    scenario = all_scenarios()["stale-values"]
    assert scenario.exit_code == 0  # warning only
    demo = scenario.build()
    with demo.world:
        plain = cli(*demo.argv, "-f", "json", env=demo.env)
        strict = cli(*demo.argv, "-f", "json", "--strict", env=demo.env)
    assert plain.exit_code == 0 and plain.json["verdict"] == "warning"
    assert strict.exit_code == 1
    assert strict.json["root_causes"] == []  # leftovers are worth fixing, not a cause
    assert strict.json["hygiene"][0]["code"] == "DNS_TXT_EXTRA_VALUES"


def test_without_strict_warnings_exit_0_and_errors_exit_1(cli: Cli, net: DemoInternet) -> None:
    net.set_txt(TOKEN, "an-old-token")
    assert cli(*net.check_argv(expect=(TOKEN,)), "-f", "json").exit_code == 0
    assert cli(*net.check_argv(expect=("missing-token",)), "-f", "json").exit_code == 1


def test_markdown_with_redact_domain_has_no_example_com(cli: Cli, net: DemoInternet) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    run = cli(*net.check_argv(expect=(TOKEN,)), "-f", "markdown", "--redact-domain")
    assert run.exit_code == 1
    assert "example.com" not in run.stdout.lower()
    assert run.stdout.startswith("# dnsdoctor check: domain1.example\n")
    assert "_acme-challenge.domain1.example" in run.stdout
    assert "ns2.dnspod.net" in run.stdout  # the provider's servers are no secret


def test_redact_domain_with_a_wildcard_and_its_apex(cli: Cli, net: DemoInternet) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    argv = net.check_argv("example.com", "*.example.com", expect=(TOKEN, TOKEN_WILDCARD))
    run = cli(*argv, "-f", "markdown", "--redact-domain")
    assert run.exit_code == 1
    assert "example.com" not in run.stdout.lower()


def test_redact_domain_with_an_idn(cli: Cli, net: DemoInternet) -> None:
    idn = "xn--bcher-kva"
    net.set_zone(
        net.tld,
        "com.",
        com_zone() + f"{idn} 172800 IN NS ns1.dnspod.net.\n{idn} 172800 IN NS ns2.dnspod.net.\n",
    )
    for server in (net.ns1, net.ns2):
        zone = example_zone().replace("admin.example.com.", f"admin.{idn}.com.")
        net.set_zone(server, f"{idn}.com.", zone)
    run = cli(*net.check_argv("bücher.com", expect=(TOKEN,)), "-f", "markdown", "--redact-domain")
    assert run.exit_code == 1
    assert "bücher" not in run.stdout
    assert idn not in run.stdout
