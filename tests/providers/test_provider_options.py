"""A provider's own command-line options come from the registry (issue 13): a third provider
declares ``--<name>-endpoint`` in its metadata, and the commands that reach a provider (the
credential commands, and ``clock``, which reads the provider's window and its API's Date) take it,
check it and hand it to the run's Options, with no CLI module naming it."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dnsdoctor import providers
from dnsdoctor.cli import check as check_cli
from dnsdoctor.cli import preflight as preflight_cli
from dnsdoctor.cli.common import UsageError
from dnsdoctor.cli.options import grouped, provider_metavar, provider_params
from dnsdoctor.core.context import Options
from dnsdoctor.providers.base import CliOption, Provider
from dnsdoctor.providers.common import endpoint_problem


class Reached(Exception):
    """Raised where a command would start its work, carrying what it got."""

    def __init__(self, value: Any) -> None:
        super().__init__("reached")
        self.value = value


@pytest.fixture
def fakedns(monkeypatch: pytest.MonkeyPatch) -> Provider:
    """A third provider in the registry, as its folder would add it."""
    provider = Provider(
        name="fakedns",
        title="Fake DNS",
        title_zh="假 DNS",
        ns_suffixes=("fakedns.example",),
        clock_window=60.0,
        key_id_label="Key ID",
        secret_label="Key Secret",
        endpoint_option="fakedns_endpoint",
        cli_options=(
            CliOption(
                "--fakedns-endpoint",
                "URL",
                "Send every Fake DNS API call to this base URL.",
                "把所有假 DNS API 请求发送到这个基础 URL。",
                check=lambda value: endpoint_problem("--fakedns-endpoint", value, "Fake DNS"),
            ),
        ),
    )
    module = types.ModuleType("dnsdoctor.providers.fakedns")
    module.PROVIDER = provider  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dnsdoctor.providers.fakedns", module)
    monkeypatch.setattr(providers, "NAMES", (*providers.NAMES, "fakedns"))
    return provider


def _app(name: str) -> typer.Typer:
    """The command as the CLI would define it now (Typer reads options when commands are
    defined, so the command is grouped again with the fake provider registered)."""
    app = typer.Typer()
    app.command(name)(grouped(COMMANDS[name].__wrapped__))
    app.command("other")(lambda: None)  # more than one command: the name is on the line
    return app


COMMANDS = {
    "check": check_cli.check_command,
    "creds": check_cli.creds_command,
    "clock": check_cli.clock_command,
    "preflight": preflight_cli.preflight_command,
    "cleanup": preflight_cli.cleanup_command,
}


def test_the_real_providers_options_come_from_their_metadata() -> None:
    assert [p.name for p in provider_params()] == [
        "tencent_endpoint",
        "tencent_site",
        "alidns_endpoint",
    ]
    assert [p.default for p in provider_params()] == [None, "cn", None]
    assert provider_metavar(none=True) == "auto|tencentcloud|alidns|none"


def test_fake_provider_is_in_the_generated_options(fakedns: Provider) -> None:
    names = [p.name for p in provider_params()]
    assert names[-1] == "fakedns_endpoint"
    assert provider_metavar() == "auto|tencentcloud|alidns|fakedns"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_fake_provider_option_on_every_credential_command(fakedns: Provider, command: str) -> None:
    app = _app(command)
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "--fakedns-endpoint" in result.output
    assert "Send every Fake DNS API call to this base URL." in result.output
    assert "fakedns" in result.output  # the --provider metavar names it too


def _reach(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop each command where its work would start, with the Options (or inputs) it built."""

    def run_command(command: str, options: Options, *args: Any, **kwargs: Any) -> None:
        raise Reached(options)

    class Preflight:
        def __init__(self, options: Options, *args: Any, **kwargs: Any) -> None:
            raise Reached(options)

    async def cleanup(*args: Any, **kwargs: Any) -> int:
        raise Reached(Options(provider_options=kwargs["provider_options"]))

    monkeypatch.setattr(check_cli, "run_command", run_command)
    monkeypatch.setattr("dnsdoctor.preflight.engine.Preflight", Preflight)
    monkeypatch.setattr(preflight_cli, "_cleanup", cleanup)


ARGS = {
    "check": ["a.example"],
    "creds": ["a.example"],
    "clock": [],
    "preflight": ["a.example"],
    "cleanup": ["a.example", "--provider", "fakedns"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_fake_provider_option_reaches_options(
    fakedns: Provider, command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    _reach(monkeypatch)
    monkeypatch.setenv("HOME", str(tmp_path))  # no credentials file of the machine is read
    app = _app(command)
    url = "http://127.0.0.9:8053"
    result = CliRunner().invoke(
        app, [command, *ARGS[command], "--fakedns-endpoint", url, "--tencent-site", "intl"]
    )
    assert isinstance(result.exception, Reached), result.output
    options: Options = result.exception.value
    assert options.provider_option("fakedns_endpoint") == url
    assert options.provider_option(fakedns.endpoint_option) == url
    assert options.provider_option("tencent_site") == "intl"
    assert options.provider_option("alidns_endpoint") is None


def test_fake_provider_option_is_checked_by_its_provider(
    fakedns: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reach(monkeypatch)
    app = _app("creds")
    result = CliRunner().invoke(
        app, ["creds", "a.example", "--fakedns-endpoint", "http://192.0.2.1"]
    )
    # a UsageError: the program's main() makes it exit code 2
    assert isinstance(result.exception, UsageError), result.output
    assert str(result.exception).startswith(
        "--fakedns-endpoint: Fake DNS endpoint http://192.0.2.1"
    )


def test_provider_options_have_one_spelling() -> None:
    """Options carries a provider's options only in ``provider_options``: no field names one."""
    import dataclasses

    fields = {f.name for f in dataclasses.fields(Options)}
    dests = {o.dest for p in providers.all_providers() for o in p.cli_options}
    assert not fields & dests
    assert Options(provider_options={"tencent_site": "intl"}).provider_option("tencent_site") == (
        "intl"
    )
    assert Options().provider_option("fakedns_endpoint") is None


def test_a_provider_says_where_its_clock_is_read(fakedns: Provider) -> None:
    """The clock reads a provider's ``Date`` where the run sends its API calls; the provider knows
    which of its options that is, no check names it."""
    options = Options(provider_options={"fakedns_endpoint": "fake.example:8443"})
    assert fakedns.named_time_url(options) == "https://fake.example:8443"
    assert fakedns.named_time_url(Options()) is None
    from dnsdoctor.checks.clock.checks import plan_sources

    named = Options(ntp_servers=(("127.0.0.41", 123),), provider_options=options.provider_options)
    assert plan_sources(named).urls == ("https://fake.example:8443",)


def test_clock_selects_the_fake_provider(
    fakedns: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``clock --provider fakedns``: the run's credential inputs name it (whose window judges the
    clock), and a bad value of its option is a usage error, as on the credential commands."""
    _reach(monkeypatch)
    app = _app("clock")
    result = CliRunner().invoke(app, ["clock", "--provider", "fakedns"])
    assert isinstance(result.exception, Reached), result.output
    options: Options = result.exception.value
    assert options.credentials is not None and options.credentials.provider == "fakedns"
    assert options.credentials.secret_id is None and options.credentials.asked_key is None
    result = CliRunner().invoke(app, ["clock", "--fakedns-endpoint", "http://192.0.2.1"])
    assert isinstance(result.exception, UsageError), result.output


def test_credential_help_names_every_registered_providers_words(fakedns: Provider) -> None:
    """--secret-id, --secret-key-file, --ask and the creds command's help are made from the
    registry in both languages: a third provider's key words appear, no tool of one provider."""
    from dnsdoctor.cli.text import h

    for lang in ("en", "zh"):
        texts = {key: h(key, lang) for key in ("secret_id", "secret_key_file", "ask", "profile")}
        assert "SecretId" in texts["secret_id"] and "AccessKey ID" in texts["secret_id"]
        assert "Key ID" in texts["secret_id"].replace("AccessKey ID", "")
        for key in ("secret_key_file", "ask"):
            assert "SecretKey" in texts[key] and "AccessKey Secret" in texts[key]
            assert "Key Secret" in texts[key].replace("AccessKey Secret", "")
        assert not any("tccli" in t or "{" in t for t in texts.values()), texts
        assert "Fake DNS" in h("cmd.creds", lang) or "假 DNS" in h("cmd.creds", lang)


@pytest.mark.parametrize(
    ("provider", "prompt"),
    [
        ("alidns", "Alibaba Cloud AccessKey Secret (hidden): "),
        ("tencentcloud", "Tencent Cloud SecretKey (hidden): "),
        (None, "Tencent Cloud SecretKey / Alibaba Cloud AccessKey Secret (hidden): "),
    ],
)
def test_ask_prompts_for_the_named_providers_secret(
    provider: str | None, prompt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    from dnsdoctor.cli.common import credential_inputs

    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda text: asked.append(text) or "s3cr3t-value")
    monkeypatch.setattr(sys, "argv", ["dnsdoctor", "--lang", "en"])
    credential_inputs(None, None, True, None, provider, {})
    assert asked == [prompt]
