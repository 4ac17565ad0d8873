"""No secret leaks: every credential scenario, with and without an injected exception.

For each scenario the credential checks run against the emulator; then every text they produced
(titles, meanings and remedies in both languages, parameters, evidence, commands, skip and crash
reasons) and the report in every renderer is searched for the SecretKey, the SecretId, the token and
every 6-character piece of each. Exceptions are injected where a secret is at hand: in the probe,
inside the SDK worker thread, as an API error echoing the key, and in the lint.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rich.console import Console

from dnsdoctor.checks.creds import checks as creds_module
from dnsdoctor.checks.creds import lint as creds_lint
from dnsdoctor.core import secrets
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.core.diagnosis import diagnose
from dnsdoctor.core.model import CheckResult, Report, Status
from dnsdoctor.core.targets import parse_targets
from dnsdoctor.engine.catalog import all_checks
from dnsdoctor.engine.runner import run_checks
from dnsdoctor.lab.scenarios_creds import SCENARIOS, CredsWorld, inputs_from_argv
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.providers.tencentcloud.client import TencentApi, TencentApiError
from dnsdoctor.report import render_text
from dnsdoctor.report.console import render_console

Injector = Callable[[pytest.MonkeyPatch, list[str]], None]


def _crash_in_probe(mp: pytest.MonkeyPatch, values: list[str]) -> None:
    async def boom(self: TencentApi, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("probe failed for " + " / ".join(values))

    mp.setattr(TencentApi, "get_caller_identity", boom)


def _crash_in_sdk_thread(mp: pytest.MonkeyPatch, values: list[str]) -> None:
    def boom(self: TencentApi, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"Invalid header value {values!r}")

    mp.setattr(TencentApi, "_blocking", boom)


def _api_error_echoing_the_key(mp: pytest.MonkeyPatch, values: list[str]) -> None:
    def echo(self: TencentApi, *args: Any, **kwargs: Any) -> Any:
        raise TencentApiError("AuthFailure.SignatureFailure", "echo: " + " ".join(values), "rid")

    mp.setattr(TencentApi, "_blocking", echo)


def _crash_in_lint(mp: pytest.MonkeyPatch, values: list[str]) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise KeyError(values[0])

    mp.setattr(creds_lint, "lint_credential", boom)
    mp.setattr(creds_module, "lint_credential", boom)


INJECTIONS: dict[str, Injector | None] = {
    "none": None,
    "crash-in-probe": _crash_in_probe,
    "crash-in-sdk-thread": _crash_in_sdk_thread,
    "api-error-echoing-the-key": _api_error_echoing_the_key,
    "crash-in-lint": _crash_in_lint,
}


def secret_values(cw: CredsWorld) -> list[str]:
    """The secrets this scenario hands to dnsdoctor (in files, options or the environment)."""
    values = [
        cw.secret_key,
        cw.secret_id,
        cw.env.get("TENCENTCLOUD_SECRET_ID", ""),
        cw.env.get("TENCENTCLOUD_SECRET_KEY", ""),
    ]
    return [v for v in dict.fromkeys(values) if v]


def texts(results: list[CheckResult]) -> Iterator[str]:
    for r in results:
        yield r.check
        yield r.reason
        for f in r.findings:
            yield f.subject
            yield from f.commands
            yield from (str(v) for v in f.params.values())
            for lang in ("en", "zh"):
                yield f.title(lang)
                yield f.meaning(lang)
                yield f.remedy(lang)
            for ev in f.evidence:
                yield ev.label
                yield ev.value


def rendered(report: Report) -> Iterator[str]:
    for lang in ("en", "zh"):
        yield render_text(report, "json", lang)
        yield render_text(report, "markdown", lang)
        for verbose in (False, True):
            out = io.StringIO()
            render_console(report, Console(file=out, width=100, no_color=True), lang, verbose)
            yield out.getvalue()


def assert_clean(text: str, values: list[str]) -> None:
    for value in values:
        clean = secrets.cleaned(value)
        assert clean not in text
        pieces = [clean[i : i + 6] for i in range(len(clean) - 5)]
        leaked = [p for p in pieces if p in text]
        assert not leaked, f"pieces {leaked} of a secret in: {text[:300]!r}"


@pytest.mark.parametrize("injection", sorted(INJECTIONS))
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_no_secret_in_any_output(
    name: str, injection: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    cw = SCENARIOS[name].build()
    values = secret_values(cw)
    inject = INJECTIONS[injection]
    if inject is not None:
        inject(monkeypatch, values)
    checks = [c for c in all_checks() if c.family == "creds"]
    with cw.world:
        names, endpoint, inputs = inputs_from_argv(cw.argv, cw.env)
        ctx = Context(
            Options(
                provider_options={"tencent_endpoint": endpoint},
                credentials=inputs,
                timeout=20,
                verbose=True,
            ),
            Services(dns=DnsClient()),
            targets=parse_targets(names),
        )
        results = asyncio.run(run_checks(ctx, checks))
    if injection != "none":
        # the injection really happened: a check crashed or reported the injected error
        crashed = any(r.status.value == "crash" for r in results)
        echoed = any("echo" in str(f.params.get("message")) for r in results for f in r.findings)
        assert crashed or echoed
    report = Report("creds", names, results, "2026-01-01T00:00:00+00:00", 1.0)
    report.root_causes = diagnose(report)
    for text in texts(results):
        assert_clean(text, values)
    for text in rendered(report):
        assert_clean(text, values)


def test_a_secret_inside_a_phrase_is_masked_in_every_format() -> None:
    """Wording params (Phrase, Joined, the creds Fix and Skew) are worded when a text is rendered,
    and masking works on the rendered text (the JSON dump, the console, the Markdown): a key that
    reaches a phrase's data — an SDK's refusal that echoes the key — is masked in every format
    and both languages, nested phrases included."""
    from dnsdoctor.checks.creds.specs import CREDS_CREDENTIAL_UNSENDABLE, CREDS_WORKS_CLEANED
    from dnsdoctor.core.i18n import Joined, Phrase
    from dnsdoctor.core.model import Finding
    from dnsdoctor.providers.base import UNSENDABLE

    key = "Zq8vW2" * 5 + "Xy"
    sid = "AKID" + "Lm4nOp" * 5 + "Qr"  # masked by its shape, registered or not
    secrets.register(key)
    try:
        echo = Phrase(UNSENDABLE["refused"], {"message": f"bad key {key} for {sid}"})
        findings = (
            Finding(CREDS_CREDENTIAL_UNSENDABLE, {"part": "SecretKey", "problem": echo}),
            Finding(
                CREDS_WORKS_CLEANED,
                {
                    "fix": Joined((Phrase({"en": "{v}", "zh": "{v}"}, {"v": echo}), key)),
                    "code": "X",
                },
            ),
        )
        for f in findings:
            assert key in f.title("en") and key in f.title("zh")  # the data reaches the text…
        result = CheckResult("creds.identity", "creds", Status.FAIL, list(findings))
        report = Report("creds", ["example.com"], [result], "2026-01-01T00:00:00+00:00", 1.0)
        for text in rendered(report):  # …and the rendered output masks it
            assert "<secret" in text
            assert_clean(text, [key, sid])
    finally:
        secrets.forget_all()
