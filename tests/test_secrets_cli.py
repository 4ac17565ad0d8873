"""No secret leaks through the command line: every creds-* scenario, every format, both languages.

``tests/test_secrets_leak.py`` renders reports in-process; this file runs the console entry point
as a user would: ``dnsdoctor demo NAME -f FMT --lang LANG [-v]`` for stdout and stderr, and the
scenario's own command with ``--output FILE`` inside its world (``demo`` has no ``--output``). In
every run stdout, stderr, the output file and every log record (captured at DEBUG) are searched
for the SecretKey, the token and every 6-character piece of either, as given and as cleaned of
invisible characters and quotes; the SecretId, which dnsdoctor masks as well, is searched too.

Exceptions whose message carries the key are injected on the credential path (in the identity
probe, as an API error echoing the key) and after the run (the CLI's last-resort error line).

How the secrets of a scenario are known: ``demo`` builds its world through
:func:`dnsdoctor.lab.scenarios.all_scenarios`; the ``demo_worlds`` fixture wraps it so that each
creds scenario is built by :data:`dnsdoctor.lab.scenarios_creds.SCENARIOS` and the
:class:`CredsWorld` (its key pair, the emulator's keys and tokens, the environment) is kept. The
scenario, its command and its world are unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor.core import secrets
from dnsdoctor.lab import scenarios as scenarios_module
from dnsdoctor.lab.internet import TOKEN, DemoInternet
from dnsdoctor.lab.scenarios import Scenario, all_scenarios
from dnsdoctor.lab.scenarios_creds import CHECK_SCENARIOS as KEYED_CHECKS
from dnsdoctor.lab.scenarios_creds import SCENARIOS, CredsWorld
from dnsdoctor.providers.tencentcloud.client import TencentApi, TencentApiError

Cli = Callable[..., Any]

NAMES = sorted(SCENARIOS)
FORMATS = ("rich", "json", "markdown")
LANGS = ("en", "zh")
TOKEN_VARIABLES = (
    "TENCENTCLOUD_TOKEN",
    "TENCENTCLOUD_SECURITY_TOKEN",
    "TENCENTCLOUD_SESSION_TOKEN",
)
PIECE = 6


# ============================================================================ the secrets


@dataclasses.dataclass
class Secrets:
    keys: list[str]
    """SecretKeys and tokens: as given to dnsdoctor and as the emulator knows them."""
    ids: list[str]
    """SecretIds (masked everywhere too, though less sensitive)."""

    def all(self) -> list[str]:
        return [*self.keys, *self.ids]


def secrets_of(cw: CredsWorld) -> Secrets:
    env = cw.env
    keys = [cw.secret_key, env.get("TENCENTCLOUD_SECRET_KEY", "")]
    keys += [env.get(name, "") for name in TOKEN_VARIABLES]
    for key in cw.api.keys.values():
        keys += [key.secret_key, key.token or ""]
    ids = [cw.secret_id, env.get("TENCENTCLOUD_SECRET_ID", ""), *cw.api.keys]
    return Secrets(
        [v for v in dict.fromkeys(keys) if v.strip()], [v for v in dict.fromkeys(ids) if v.strip()]
    )


def pieces(value: str) -> set[str]:
    """Every 6-character piece of the value as given and as cleaned (the form a user meant)."""
    found: set[str] = set()
    for form in {value, value.strip(), secrets.cleaned(value)}:
        found.update(form[i : i + PIECE] for i in range(len(form) - PIECE + 1))
    return {p for p in found if p.strip()}


def assert_clean(where: str, text: str, values: list[str]) -> None:
    for value in values:
        leaked = sorted(p for p in pieces(value) if p in text)
        if leaked:
            at = text.find(leaked[0])
            context = text[max(0, at - 120) : at + 80]
            pytest.fail(
                f"{where}: {len(leaked)} {PIECE}-character piece(s) of a {len(value)}-character "
                f"secret, e.g. {leaked[0]!r} in …{context!r}…"
            )


def without_demo_header(stderr: str) -> str:
    """stderr without ``# demo NAME: dnsdoctor ARGV`` (see test_the_demo_header_masks_the_secret_id)."""
    return "\n".join(line for line in stderr.splitlines() if not line.startswith("# demo "))


def assert_run_clean(
    run: Any, found: Secrets, label: str, logs: str = "", files: tuple[Path, ...] = ()
) -> None:
    assert "Traceback" not in run.stdout + run.stderr, (label, run.stderr)
    outputs = {"stdout": run.stdout, "stderr": run.stderr, "logs": logs}
    outputs |= {f"file {p.name}": p.read_text(encoding="utf-8") for p in files}
    for where, text in outputs.items():
        assert_clean(f"{label}: SecretKey/token in {where}", text, found.keys)
    outputs["stderr"] = without_demo_header(run.stderr)
    for where, text in outputs.items():
        assert_clean(f"{label}: SecretId in {where}", text, found.ids)


# ============================================================================ fixtures


@pytest.fixture
def demo_worlds(monkeypatch: pytest.MonkeyPatch) -> list[CredsWorld]:
    """The CredsWorld of every creds scenario that ``dnsdoctor demo`` builds during the test."""
    built: list[CredsWorld] = []
    real = scenarios_module.all_scenarios

    def keeping() -> dict[str, Scenario]:
        found = real()
        for name, scenario in found.items():
            if name in SCENARIOS:

                def build(name: str = name) -> Any:
                    built.append(SCENARIOS[name].build())
                    return built[-1].demo()

                found[name] = dataclasses.replace(scenario, build=build)
        return found

    monkeypatch.setattr(scenarios_module, "all_scenarios", keeping)
    return built


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record at DEBUG, from any logger that propagates to the root."""
    with caplog.at_level(logging.DEBUG):
        yield caplog


def options(fmt: str, lang: str, verbose: bool) -> list[str]:
    return ["-f", fmt, "--lang", lang, *(["-v"] if verbose else [])]


def combinations() -> Iterator[tuple[str, str, bool]]:
    for fmt in FORMATS:
        for lang in LANGS:
            for verbose in (False, True):
                yield fmt, lang, verbose


def test_every_creds_scenario_is_covered_and_has_secrets(
    cli: Cli, demo_worlds: list[CredsWorld]
) -> None:
    # The check scenarios with a key (creds-txt-other-value, ...) keep theirs secret in every
    # format and language too: tests/checks/test_dns_provider.py.
    creds_named = sorted(n for n in all_scenarios() if n.startswith("creds-"))
    assert creds_named == sorted({*NAMES, *KEYED_CHECKS})
    assert len(NAMES) >= 7
    for name in NAMES:
        cli("demo", name, "-f", "json")
    assert len(demo_worlds) == len(NAMES)
    for cw in demo_worlds:
        found = secrets_of(cw)
        assert cw.secret_key in found.keys and len(cw.secret_key) == 32
        assert cw.secret_id in found.ids
    tokens = [k.token for cw in demo_worlds for k in cw.api.keys.values() if k.token]
    assert tokens  # creds-token-missing: the emulator's temporary key has one


# ============================================================================ every scenario


@pytest.mark.parametrize("verbose", [False, True], ids=["plain", "v"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_demo_prints_no_secret(
    cli: Cli,
    demo_worlds: list[CredsWorld],
    logs: pytest.LogCaptureFixture,
    name: str,
    fmt: str,
    lang: str,
    verbose: bool,
) -> None:
    run = cli("demo", name, *options(fmt, lang, verbose))
    (cw,) = demo_worlds
    assert run.exit_code == all_scenarios()[name].exit_code, run.stderr
    assert run.stdout.strip()
    if fmt == "json":
        assert run.json["language"] == lang
    assert_run_clean(run, secrets_of(cw), f"demo {name} {fmt} {lang} v={verbose}", logs.text)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_output_file_holds_no_secret(
    cli: Cli, logs: pytest.LogCaptureFixture, tmp_path: Path, name: str, fmt: str
) -> None:
    cw = SCENARIOS[name].build()
    found = secrets_of(cw)
    with cw.world:
        for _, lang, verbose in (c for c in combinations() if c[0] == fmt):
            out = tmp_path / f"report-{lang}-{verbose}.{fmt}"
            run = cli(*cw.argv, *options(fmt, lang, verbose), "--output", str(out), env=cw.env)
            assert run.exit_code == SCENARIOS[name].exit_code, run.stderr
            assert run.stdout == ""
            assert out.stat().st_size > 0
            label = f"{name} {fmt} {lang} v={verbose} --output"
            assert_run_clean(run, found, label, logs.text, (out,))


# ============================================================================ a token given


def _token_world(variant: str) -> CredsWorld:
    cw = SCENARIOS["creds-token-missing"].build()
    (key,) = cw.api.keys.values()
    assert key.token
    cw.env["TENCENTCLOUD_TOKEN"] = {
        "right": key.token,
        "zero-width": key.token + "\u200b",
        "wrong": key.token[::-1],
    }[variant]
    return cw


@pytest.mark.parametrize("variant", ["right", "zero-width", "wrong"])
def test_a_token_given_never_leaks(
    cli: Cli, logs: pytest.LogCaptureFixture, tmp_path: Path, variant: str
) -> None:
    """creds-token-missing with the emulator's token handed over (as given, damaged, wrong)."""
    cw = _token_world(variant)
    found = secrets_of(cw)
    assert cw.env["TENCENTCLOUD_TOKEN"] in found.keys
    first: set[str | None] = set()
    with cw.world:
        for fmt, lang, verbose in combinations():
            out = tmp_path / f"report-{fmt}-{lang}-{verbose}"
            label = f"token {variant} {fmt} {lang} v={verbose}"
            run = cli(*cw.argv, *options(fmt, lang, verbose), env=cw.env)
            assert_run_clean(run, found, label, logs.text)
            if fmt == "json":
                first.add(next((rc["code"] for rc in run.json["root_causes"]), None))
            ran = cli(*cw.argv, *options(fmt, lang, verbose), "-o", str(out), env=cw.env)
            assert_run_clean(ran, found, label + " --output", logs.text, (out,))
    # the token reached the probes: accepted, accepted once cleaned, rejected as a token
    expected = {"right": None, "zero-width": "CREDS_WORKS_CLEANED", "wrong": "CREDS_TOKEN_FAILURE"}
    assert first == {expected[variant]}


# ============================================================================ injected exceptions


def _leaky_message(cw: CredsWorld) -> str:
    """Everything secret that dnsdoctor read in this scenario, as an exception message would."""
    given = [cw.env.get(v, "") for v in ("TENCENTCLOUD_SECRET_KEY", *TOKEN_VARIABLES)]
    return " / ".join(v for v in (cw.secret_key, *given) if v)


def _raise_in_identity_probe(mp: pytest.MonkeyPatch, worlds: list[CredsWorld]) -> None:
    async def boom(self: TencentApi, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"identity probe failed with key {_leaky_message(worlds[-1])}")

    mp.setattr(TencentApi, "get_caller_identity", boom)


def _api_error_echoing_the_key(mp: pytest.MonkeyPatch, worlds: list[CredsWorld]) -> None:
    def echo(self: TencentApi, *args: Any, **kwargs: Any) -> Any:
        message = f"bad signature for key {_leaky_message(worlds[-1])!r}"
        raise TencentApiError("AuthFailure.SignatureFailure", message, "req-1")

    mp.setattr(TencentApi, "_blocking", echo)


INJECTIONS = {
    "identity-probe-raises": _raise_in_identity_probe,
    "api-error-echoes-the-key": _api_error_echoing_the_key,
}


@pytest.mark.parametrize("injection", sorted(INJECTIONS))
@pytest.mark.parametrize("name", NAMES)
def test_an_exception_carrying_the_key_is_redacted(
    cli: Cli,
    demo_worlds: list[CredsWorld],
    logs: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    injection: str,
) -> None:
    INJECTIONS[injection](monkeypatch, demo_worlds)
    for fmt, lang, verbose in combinations():
        if lang == "zh" and not verbose:
            continue  # the language changes no secret-bearing text; -v shows the most
        run = cli("demo", name, *options(fmt, lang, verbose))
        label = f"{injection}: demo {name} {fmt} {lang} v={verbose}"
        assert run.exit_code in (1, 3), (label, run.stderr)
        assert_run_clean(run, secrets_of(demo_worlds[-1]), label, logs.text)
        if fmt != "json":
            continue
        identity = {c["name"]: c for c in run.json["checks"]}["creds.identity"]
        if injection == "identity-probe-raises":
            # the runner kept the crash, with the key masked in its reason
            assert identity["status"] == "crash", identity
            assert identity["reason"].startswith("RuntimeError: identity probe failed")
            assert "<secret " in identity["reason"]
        else:
            # the echoed message reached the report, masked
            messages = json.dumps(identity, ensure_ascii=False)
            assert "AuthFailure.SignatureFailure" in messages
            assert "bad signature for key" in messages and "<secret " in messages, messages


@pytest.mark.parametrize("name", NAMES)
def test_the_last_resort_error_line_is_redacted(
    cli: Cli,
    demo_worlds: list[CredsWorld],
    logs: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
) -> None:
    """An exception after the checks ran (here: in the renderer) reaches main(), which prints
    ``dnsdoctor: internal error: ...`` and exits 3: with the key masked."""
    import dnsdoctor.cli.common

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(f"cannot render, key was {_leaky_message(demo_worlds[-1])}")

    monkeypatch.setattr(dnsdoctor.cli.common, "emit", boom)
    for fmt in FORMATS:
        run = cli("demo", name, "-f", fmt, "-v")
        assert run.exit_code == 3, run.stderr
        assert "dnsdoctor: internal error: RuntimeError: cannot render, key was <secret " in (
            run.stderr
        ), run.stderr
        assert_run_clean(run, secrets_of(demo_worlds[-1]), f"last resort {name} {fmt}", logs.text)
    # the same through the scenario's own command with --output
    cw = SCENARIOS[name].build()
    demo_worlds.append(cw)
    out = tmp_path / "report.md"
    with cw.world:
        run = cli(*cw.argv, "-f", "markdown", "-v", "-o", str(out), env=cw.env)
    assert run.exit_code == 3 and "internal error" in run.stderr, run.stderr
    assert not out.exists()
    assert_run_clean(run, secrets_of(cw), f"last resort {name} --output", logs.text)


# ============================================================================ `check` with creds


CHECK_SCENARIOS = ("creds-zero-width", "creds-newline-file", "creds-quoted-ini", "creds-read-only")


@pytest.mark.parametrize("name", CHECK_SCENARIOS)
def test_check_in_the_dns_world_with_credentials(
    cli: Cli,
    net: DemoInternet,
    logs: pytest.LogCaptureFixture,
    tmp_path: Path,
    name: str,
) -> None:
    """``dnsdoctor check example.com`` in the standard DNS demo world, with the scenario's
    credentials (environment, key file or INI file) pointing at the creds emulator."""
    net.set_txt(TOKEN)
    cw = SCENARIOS[name].build()
    found = secrets_of(cw)
    credential_options = cw.argv[cw.argv.index("--tencent-endpoint") :]
    argv = [*net.check_argv(expect=(TOKEN,)), "--provider", "tencentcloud", *credential_options]
    with cw.world:
        for fmt, lang in (("rich", "en"), ("json", "zh"), ("markdown", "en")):
            out = tmp_path / f"report.{fmt}"
            run = cli(*argv, *options(fmt, lang, True), env=cw.env)
            label = f"check {name} {fmt} {lang} -v"
            assert run.exit_code == SCENARIOS[name].exit_code, run.stderr
            assert_run_clean(run, found, label, logs.text)
            if fmt == "json":
                families = {c["family"] for c in run.json["checks"]}
                assert {"dns", "creds"} <= families
                assert run.json["root_causes"][0]["code"] == SCENARIOS[name].first_code
            ran = cli(*argv, *options(fmt, lang, True), "-o", str(out), env=cw.env)
            assert_run_clean(ran, found, label + " --output", logs.text, (out,))


# ============================================================================ known bugs


def test_the_demo_header_masks_the_secret_id(cli: Cli, demo_worlds: list[CredsWorld]) -> None:
    run = cli("demo", "creds-newline-file", "-f", "json")
    (cw,) = demo_worlds
    assert run.stderr.startswith("# demo creds-newline-file: dnsdoctor creds ")
    assert_clean("demo header", run.stderr, secrets_of(cw).ids)
