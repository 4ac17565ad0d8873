"""The generic checks speak the selected provider's words (issue 13): the clock family, the credential
sources and notes, symptom remedies, skip reasons, the summaries; and ``--provider auto`` picks the
provider the zone's name servers belong to when both providers' keys are on the machine.

End-to-end runs use the demo internet (``net``: DNS from the root, an NTP server) with the Tencent
and Alibaba API emulators on loopback.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor import providers
from dnsdoctor.core.model import fill
from dnsdoctor.engine.catalog import all_checks, all_specs
from dnsdoctor.lab.internet import com_zone
from dnsdoctor.lab.scenarios_alidns import SCENARIOS, alidns_world
from dnsdoctor.lab.scenarios_creds import creds_world, with_env
from dnsdoctor.providers.base import ErrorKind, ProviderError

TENCENT = re.compile(
    r"Tencent|DNSPod|腾讯|\bCAM\b|tccli|AuthFailure|TENCENTCLOUD_|(?<![\d.])300 (s\b|秒)"
)
"""What an Alibaba run must never say (lower-case host names such as ns1.dnspod.net aside; a
measured "0.300 s" is not Tencent's window)."""
HICHINA = ("dns9.hichina.com.", "dns10.hichina.com.")
FORMATS = ("rich", "json", "markdown")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _other_providers() -> list[str]:
    return [name for name in providers.NAMES if name != "tencentcloud"]


def _findings(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for c in report["checks"] for f in c["findings"] if f["code"] == code]


def _services() -> Any:
    from typing import cast

    from dnsdoctor.core.context import Services
    from dnsdoctor.net.dns import DnsClient

    return Services(dns=cast(DnsClient, object()))


def _check_argv(net: Any, *extra: str) -> list[str]:
    argv = [a for a in net.check_argv() if a not in ("--provider", "none")]
    return [*argv, "--select", "clock", "--select", "creds", "--timeout", "20", *extra]


# -- the texts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", _other_providers())
def test_every_clock_finding_is_in_the_providers_words(name: str) -> None:
    """A provider other than Tencent Cloud re-words every clock text that names Tencent's window,
    product or code, with no placeholder the clock checks do not fill."""
    provider = providers.get(name)
    for code, spec in all_specs().items():
        if not code.startswith("CLOCK_"):
            continue
        worded = provider.wording(spec)
        assert (worded.code, worded.severity, worded.explains) == (
            spec.code,
            spec.severity,
            spec.explains,
        )
        for field in ("title", "meaning", "remedy"):
            for lang in ("en", "zh"):
                text = getattr(worded, field)[lang]
                assert not TENCENT.search(text), (name, code, field, lang)
                original = getattr(spec, field)[lang]
                assert _placeholders(text) <= _placeholders(original), (code, field, lang)


@pytest.mark.parametrize("name", _other_providers())
def test_symptom_remedies_are_in_the_providers_words(name: str) -> None:
    provider = providers.get(name)
    for code, spec in all_specs().items():
        worded = provider.wording(spec)
        assert set(worded.symptom_remedies) == set(spec.symptom_remedies), code
        if not code.startswith("CREDS_"):
            continue
        for symptom, texts in worded.symptom_remedies.items():
            for lang in ("en", "zh"):
                assert not TENCENT.search(texts[lang]), (code, symptom, lang)
                assert _placeholders(texts[lang]) <= _placeholders(
                    spec.symptom_remedies[symptom][lang]
                ), (code, symptom)
    stale = provider.wording(all_specs()["CREDS_DELETE_DENIED"]).symptom_remedies
    assert "Alibaba Cloud DNS console" in stale["CREDS_STALE_TXT"]["en"]


def test_the_summaries_of_the_provider_checks_name_no_provider() -> None:
    """``list-checks`` says what the clock and credential checks verify for every provider."""
    for c in all_checks():
        if c.family in ("clock", "creds"):
            for lang in ("en", "zh"):
                assert not TENCENT.search(c.summary[lang]), (c.name, lang)


def test_creds_help_names_every_provider(cli: Any) -> None:
    run = cli("creds", "--help")
    assert run.exit_code == 0
    text = " ".join(run.stdout.split())
    assert "Tencent Cloud DNSPod" in text and "Alibaba Cloud DNS" in text


@pytest.mark.parametrize(
    ("provider", "fields", "required", "part", "title", "title_zh"),
    [
        (
            "alidns",
            [("AccessKey ID", "LTAI5t", True), ("AccessKey Secret", "sec\udcff", False)],
            (),
            "AccessKey Secret",
            "The AccessKey Secret cannot be sent at all: it contains bytes that are not valid "
            "text (an undecodable environment value)",
            "AccessKey Secret 根本无法发送：含有无法解码为文本的字节",
        ),
        (
            "alidns",
            [("AccessKey ID", "LTAI5t", True), ("security token", "tok\n", True)],
            (),
            "security token",
            "The security token cannot be sent at all: it contains a control character (such as "
            "a line break or tab)",
            "security token 根本无法发送：含有控制字符（例如换行或制表符）",
        ),
        (
            "alidns",
            [("AccessKey ID", " ", True)],
            ("AccessKey ID",),
            "AccessKey ID",
            None,
            "AccessKey ID 根本无法发送：以空白字符开头",
        ),
        (
            "alidns",
            [("AccessKey ID", "", True)],
            ("AccessKey ID",),
            "AccessKey ID",
            None,
            "AccessKey ID 根本无法发送：为空",
        ),
        (
            "tencentcloud",
            [("SecretId", "AKID", True), ("token", "tök\u200b", True)],
            (),
            "token",
            "The token cannot be sent at all: it contains a character outside Latin-1",
            "token 根本无法发送：含有 Latin-1 以外的字符",
        ),
        (
            "tencentcloud",
            [("SecretId", " AKID", True)],
            (),
            "SecretId",
            "The SecretId cannot be sent at all: it starts with whitespace",
            "SecretId 根本无法发送：以空白字符开头",
        ),
    ],
)
def test_an_unsendable_part_is_named_with_the_providers_label(
    provider: str,
    fields: list[tuple[str, str, bool]],
    required: tuple[str, ...],
    part: str,
    title: str | None,
    title_zh: str,
) -> None:
    """The adapter's refusal carries which part and why (data, not English to match): the
    finding names the part with the provider's label and says why in the reader's language."""
    from dnsdoctor.checks.creds.checks import error_finding
    from dnsdoctor.core.context import Context, Options
    from dnsdoctor.providers.common import refuse_before_sending

    with pytest.raises(ProviderError) as caught:
        refuse_before_sending(
            ProviderError, fields, action="A", endpoint="e", loopback=True, required=required
        )
    err = caught.value
    assert err.code == "dnsdoctor.UnsendableCredential"
    err.kind = ErrorKind.LOCAL  # the providers' errors classify the code so
    ctx = Context(options=Options(), services=_services())
    f = error_finding(err, ctx, provider=providers.get(provider), secret_id="x", subject="env")
    assert f.code == "CREDS_CREDENTIAL_UNSENDABLE"
    assert f.params["part"] == part
    assert not any(key.endswith("_zh") for key in f.params)
    if title is not None:
        assert f.title() == title
    assert f.title("zh") == title_zh
    if provider == "alidns":
        assert not TENCENT.search(f.title("zh") + f.remedy())


def test_an_sdks_own_refusal_is_said_with_its_message() -> None:
    """Tencent's SDK may refuse a key itself (InvalidCredential): no part to name, its message
    said as it is, in both languages."""
    from dnsdoctor.checks.creds.checks import error_finding
    from dnsdoctor.core.context import Context, Options

    err = ProviderError(
        "InvalidCredential", "secret key should not contain spaces", kind=ErrorKind.LOCAL
    )
    ctx = Context(options=Options(), services=_services())
    f = error_finding(err, ctx, provider=providers.get("tencentcloud"), secret_id="x", subject="e")
    assert f.title() == (
        "The key cannot be sent at all: it is refused by the SDK: secret key should not contain "
        "spaces"
    )
    assert f.title("zh") == "密钥 根本无法发送：被 SDK 拒绝：secret key should not contain spaces"


def test_source_notes_and_disagreements_are_in_the_providers_words(tmp_path: Path) -> None:
    """creds.sources: a key file others may read and two sources holding different keys."""
    import asyncio

    from dnsdoctor.checks.creds.lint import credential_sources
    from dnsdoctor.core.context import Context, Options
    from dnsdoctor.credentials import CredentialInputs

    conf = tmp_path / ".acme.sh" / "account.conf"
    conf.parent.mkdir()
    conf.write_text(
        "SAVED_Ali_Key='LTAI5tQ7xW2mRb8nZk4pYc3D'\nSAVED_Ali_Secret='" + "b" * 30 + "'\n"
    )
    conf.chmod(0o644)
    env = {"ALICLOUD_ACCESS_KEY": "LTAI5tQ7xW2mRb8nZk4pYc3D", "ALICLOUD_SECRET_KEY": "a" * 30}
    inputs = CredentialInputs(provider="alidns", env=env, home=tmp_path)
    findings = asyncio.run(
        credential_sources(Context(options=Options(credentials=inputs), services=_services()), None)
    )
    by_code = {f.code: f for f in findings}
    assert {"CREDS_FILE_PERMISSIONS", "CREDS_SOURCES_DISAGREE"} <= set(by_code), set(by_code)
    assert "AccessKey Secret" in by_code["CREDS_FILE_PERMISSIONS"].meaning()
    disagree = by_code["CREDS_SOURCES_DISAGREE"]
    assert disagree.params["parts"] == "AccessKey Secret"
    assert "Alibaba Cloud AccessKeys" in disagree.meaning()
    for f in findings:
        for lang in ("en", "zh"):
            text = f.title(lang) + f.meaning(lang) + f.remedy(lang)
            assert not TENCENT.search(text), (f.code, lang, text)


# -- the new codes -----------------------------------------------------------------------------


def test_the_new_codes_have_specs_in_both_languages() -> None:
    specs = all_specs()
    for code in ("CREDS_TOKEN_MISSING", "CREDS_OTHER_PROVIDER_KEY"):
        spec = specs[code]
        assert spec.family == "creds" and spec.severity.label == "warning"
        for field in ("title", "meaning", "remedy"):
            assert re.search(r"[\u4e00-\u9fff]", getattr(spec, field)["zh"]), (code, field)
    assert specs["CREDS_TOKEN_MISSING"].explains == ("CREDS_TOKEN_FAILURE",)
    assert not TENCENT.search(" ".join(specs["CREDS_TOKEN_MISSING"].title.values()))


@pytest.mark.parametrize(
    ("provider", "key_id", "secret", "looks_like"),
    [
        ("tencentcloud", "LTAI5tQ7xW2mRb8nZk4pYc3D", "Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0", "alidns"),
        ("tencentcloud", "STS.NUgYrLnoC37mZZCNnAbez2Gf", "x" * 44, "alidns"),
        ("alidns", "AKID" + "Ab3dE" * 6 + "xy", "x" * 32, "tencentcloud"),
    ],
)
def test_another_providers_key_id_is_named(
    provider: str, key_id: str, secret: str, looks_like: str
) -> None:
    from dnsdoctor.checks.creds.lint import lint_findings
    from dnsdoctor.credentials import Credential

    cred = Credential("env", "the variables", key_id, secret, None, provider=provider)
    (f,) = lint_findings(cred)
    assert f.code == "CREDS_OTHER_PROVIDER_KEY"
    assert f.params["looks_like"] == looks_like and f.params["provider"] == provider
    assert f"--provider {looks_like}" in f.remedy() and f"--provider {looks_like}" in f.remedy("zh")
    label = providers.get(provider).key_id_label
    assert f.title().startswith(f"{label} from the variables looks like another provider's")
    if provider == "alidns":
        assert not TENCENT.search(f.title() + f.meaning() + f.remedy() + f.title("zh"))


def test_a_tencent_key_of_the_usual_shape_is_not_another_providers() -> None:
    from dnsdoctor.checks.creds.lint import lint_findings
    from dnsdoctor.credentials import Credential

    cred = Credential("env", "v", "AKID" + "a" * 32, "b" * 32, None, provider="tencentcloud")
    assert lint_findings(cred) == []
    odd = Credential("env", "v", "AKIDshort", "b" * 32, None, provider="tencentcloud")
    assert [f.code for f in lint_findings(odd)] == ["CREDS_ID_FORMAT"]


def test_an_sts_key_without_its_token_is_named_before_the_api_answers(cli: Any) -> None:
    """The emulator answers an STS key sent without its token as Alibaba does; the lint said why."""
    cw = alidns_world()
    cw.env["ALICLOUD_ACCESS_KEY"] = "STS.NUgYrLnoC37mZZCNnAbez2Gf"
    cw.env["ALICLOUD_SECRET_KEY"] = "9tR2MsG4Q7hM7mNBNZ4aqjV6FLyqBjhGE2J7zVJjAPNP"
    with cw.world:
        run = cli(*cw.argv, "-f", "json", env=cw.env)
    assert run.json is not None, run.stderr
    (missing,) = _findings(run.json, "CREDS_TOKEN_MISSING")
    assert "ALICLOUD_SECURITY_TOKEN" in missing["remedy"]
    assert missing["title"].startswith("The AccessKey ID from $ALICLOUD_ACCESS_KEY")


# -- --provider auto by the zone's name servers ----------------------------------------------------


@pytest.mark.parametrize(
    ("delegation", "expected"),
    [(("ns1.dnspod.net.", "ns2.dnspod.net."), "tencentcloud"), (HICHINA, "alidns")],
)
def test_auto_follows_the_name_servers_when_both_keys_are_here(
    cli: Any, net: Any, delegation: tuple[str, ...], expected: str
) -> None:
    net.set_zone(net.tld, "com.", com_zone(delegation))
    tencent = creds_world()
    with_env(tencent, tencent.secret_id, tencent.secret_key)
    ali = alidns_world()
    env = {**tencent.env, **{k: v for k, v in ali.env.items() if v}}
    assert env["TENCENTCLOUD_SECRET_ID"] and env["ALICLOUD_ACCESS_KEY"]
    net.world.run_sync(lambda: setattr(net.ntp, "offset", -412.0))  # 6 min 52 s ahead
    argv = _check_argv(
        net, "--tencent-endpoint", tencent.api.url, "--alidns-endpoint", ali.api.url, "-f", "json"
    )
    with tencent.world, ali.world:
        run = cli(*argv, env=env)
    assert run.json is not None, run.stderr
    (used,) = _findings(run.json, "CREDS_SOURCE_USED")
    word = {"tencentcloud": "Tencent Cloud key", "alidns": "Alibaba Cloud AccessKey"}[expected]
    assert used["title"].startswith(f"Using {word}"), used["title"]
    assert _findings(run.json, "CREDS_AUTHENTICATED"), "the chosen provider's API accepted the key"
    # the clock is judged against the same provider's window: 300 s fails, 15 minutes drifts
    clock_code = {"tencentcloud": "CLOCK_SKEW_SIGNATURE_EXPIRE", "alidns": "CLOCK_DRIFT"}
    (clock,) = _findings(run.json, clock_code[expected])
    assert clock["params"]["provider"] == expected


# -- every Alibaba scenario, the clock included --------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_alidns_scenario_with_the_clock_says_no_tencent_word(
    cli: Any, net: Any, tmp_path: Path, name: str
) -> None:
    """Each Alibaba scenario through ``check --select clock --select creds``, in every format and
    both languages, with the clock off (beyond Alibaba's 15 minutes in the clock scenario, within
    it but drifting in the others): no Tencent word in the report, on stdout or on stderr."""
    net.set_zone(net.tld, "com.", com_zone(HICHINA))
    cw = SCENARIOS[name].build()
    offset = -1100.0 if name == "alidns-clock-skew" else -412.0
    net.world.run_sync(lambda: setattr(net.ntp, "offset", offset))
    endpoint = cw.argv[cw.argv.index("--alidns-endpoint") + 1]
    argv = _check_argv(net, "--provider", "alidns", "--alidns-endpoint", endpoint)
    seen: set[str] = set()
    with cw.world:
        for fmt in FORMATS:
            for lang in ("en", "zh"):
                out = tmp_path / f"{name}-{lang}.{fmt}"
                run = cli(*argv, "-f", fmt, "--lang", lang, "-o", str(out), env=cw.env)
                text = out.read_text(encoding="utf-8") + run.stdout + run.stderr
                found = TENCENT.search(text)
                assert not found, f"{name} {fmt} {lang}: {found.group()!r} in an Alibaba report"
                seen |= set(re.findall(r"CLOCK_[A-Z_]+", text))
        run = cli(*argv, "-f", "json", env=cw.env)
    expected = "CLOCK_SKEW_SIGNATURE_EXPIRE" if name == "alidns-clock-skew" else "CLOCK_DRIFT"
    assert expected in seen
    assert run.json is not None
    (clock,) = _findings(run.json, expected)
    assert (
        str(clock["params"]["window"]) == "900"
        and clock["params"]["code"] == "InvalidTimeStamp.Expired"
    )
    if name == "alidns-clock-skew":
        # the clock is the cause, the API's refusal its symptom, both in Alibaba's words
        (cause,) = [rc for rc in run.json["root_causes"] if rc["code"] == expected]
        assert "CREDS_SIGNATURE_EXPIRE" in {e["code"] for e in cause["explained"]}
        assert "InvalidTimeStamp.Expired" in cause["title"]


def test_the_filled_clock_texts_name_alibabas_window() -> None:
    """The words with the params the clock check gives (a spot check of the filled text)."""
    spec = providers.get("alidns").wording(all_specs()["CLOCK_SKEW_SIGNATURE_EXPIRE"])
    params = {
        "skew": "18 min 20 s ahead",
        "offset_text": "+1100.000 s",
        "uncertainty_text": "0.001 s",
        "decided_by": "NTP server x",
    }
    assert "more than 15 minutes" in fill(spec.meaning["en"], params)
