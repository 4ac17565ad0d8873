"""Issue 13: the findings about the zone and the path to it (DNS_*, PATH_*, RESOLVER_*, CAA_*,
DNSSEC_*) name no DNS provider in their generic texts; the provider that serves the zone says its
own words (its ``texts.DNS_WORDING``, its :attr:`~dnsdoctor.providers.base.Provider.record_form`,
the clients' settings for it), so a zone at DNSPod still reads as it did."""

from __future__ import annotations

import asyncio
import re
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pytest

from dnsdoctor import providers
from dnsdoctor.checks.ca import specs as ca_specs
from dnsdoctor.checks.ca.caa import _form
from dnsdoctor.checks.dns import specs as dns_specs
from dnsdoctor.checks.dns.served import brand_words, worded, zone_provider
from dnsdoctor.checks.path import specs as path_specs
from dnsdoctor.checks.path.checks import interception_finding
from dnsdoctor.checks.resolvers import specs as resolver_specs
from dnsdoctor.checks.resolvers.checks import ttl_settings
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.core.i18n import fill
from dnsdoctor.core.model import FindingSpec
from dnsdoctor.credentials import CredentialInputs
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.providers.base import Provider
from dnsdoctor.truth.path import FAKE_IP, PathVerdict

_TERMS = (
    "DNSPod",
    "dnspod",
    "Tencent",
    "腾讯",
    "TENCENTCLOUD",
    "Alibaba",
    "阿里",
    "AliDNS",
    "ALICLOUD",
    "aliyun",
    "万网",
    "云解析",
)

# DNSSEC: where the DS is to be removed or replaced is the REGISTRAR, which no name server tells.
# The two registrars most users have are named as examples next to the general rule ("any other
# registrar"), and DS_WITHOUT_DNSKEY's meaning names a provider move as an example ("say from …").
EXAMPLES = frozenset(
    {
        "DNSSEC_DS_WITHOUT_DNSKEY",
        "DNSSEC_DS_MISMATCH",
        "DNSSEC_RRSIG_EXPIRED",
    }
)


def _pattern() -> re.Pattern[str]:
    terms = set(_TERMS)
    for p in providers.all_providers():
        terms |= {p.title, p.title_zh, p.vendor, p.vendor_zh, *p.brand, *p.ns_suffixes}
    words = sorted((t for t in terms if t and len(t) > 1), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _specs() -> dict[str, FindingSpec]:
    found: dict[str, FindingSpec] = {}
    for module in (dns_specs, path_specs, resolver_specs, ca_specs):
        for value in vars(module).values():
            if isinstance(value, FindingSpec):
                found.setdefault(value.code, value)
    return found


def _fields(spec: FindingSpec) -> dict[str, dict[str, str]]:
    fields = {"title": spec.title, "meaning": spec.meaning, "remedy": spec.remedy}
    return fields | {f"remedy of {c}": t for c, t in spec.symptom_remedies.items()}


def _provider_words_in(spec: FindingSpec) -> list[str]:
    pattern = _pattern()
    return [
        f"{name} ({lang}): {m.group()!r}"
        for name, text in _fields(spec).items()
        for lang in ("en", "zh")
        for m in pattern.finditer(text.get(lang, ""))
    ]


def test_the_families_have_codes_and_the_examples_are_real() -> None:
    specs = _specs()
    assert {"DNS_SERIAL_LAG", "PATH_FAKE_IP_HIJACK", "RESOLVER_STALE_VALUE", "CAA_OTHER_CA"} <= set(
        specs
    )
    assert set(specs) >= EXAMPLES


@pytest.mark.parametrize("code", sorted(set(_specs()) - EXAMPLES))
def test_generic_texts_name_no_provider(code: str) -> None:
    said = _provider_words_in(_specs()[code])
    assert not said, f"{code}: {said}"


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_the_registrar_hints_are_examples(code: str) -> None:
    remedy = _specs()[code].remedy
    assert "for example" in remedy["en"] and "any other registrar" in remedy["en"]
    assert "例如" in remedy["zh"] and "其他注册商" in remedy["zh"]
    assert "need not be the DNS provider" in remedy["en"] and "不一定是 DNS 服务商" in remedy["zh"]


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("name", ["tencentcloud", "alidns"])
def test_dns_wording_rewords_real_codes_with_their_params(name: str) -> None:
    """Each entry names a code of these families and only its fields, and uses no placeholder
    its generic field lacks (the checks fill the same params for every provider)."""
    texts = providers.get(name).module("texts")
    specs = _specs()
    assert texts.DNS_WORDING
    for code, fields in texts.DNS_WORDING.items():
        assert code in specs, code
        assert set(fields) <= {"title", "meaning", "remedy"}, code
        for field, pair in fields.items():
            for lang, text in zip(("en", "zh"), pair, strict=True):
                generic = getattr(specs[code], field)[lang]
                assert _placeholders(text) <= _placeholders(generic), (code, field, lang)
        assert not set(fields) & set(texts.WORDING.get(code, {})), code


def test_alibabas_words_name_no_tencent_product() -> None:
    texts = providers.get("alidns").module("texts")
    for code, fields in texts.DNS_WORDING.items():
        for pair in fields.values():
            for text in pair:
                assert not re.search("DNSPod|dnspod|Tencent|腾讯|TENCENTCLOUD", text), code


def _zone_provider(
    provider: str | None = None, ns: Sequence[str] = (), home: Path | None = None
) -> Provider | None:
    """:func:`zone_provider` in a run with ``--provider`` (``None``: no credential inputs) whose
    credentials are looked for in an empty environment and ``home`` only."""
    inputs = CredentialInputs(provider=provider, env={}, home=home) if provider else None
    services = Services(dns=cast(DnsClient, object()))  # no DNS is asked
    return asyncio.run(zone_provider(Context(Options(credentials=inputs), services), ns))


def test_the_zone_provider_is_the_one_of_its_name_servers(tmp_path: Path) -> None:
    tencent, alidns = providers.get("tencentcloud"), providers.get("alidns")
    assert _zone_provider(None, ["ns1.dnspod.net", "ns2.dnspod.net"]) is tencent
    assert _zone_provider("tencentcloud", ["ns1.alidns.com", "ns2.alidns.com"]) is alidns
    # name servers of no provider (or of two) are not DNSPod's, whatever --provider says
    assert _zone_provider("dnspod", ["ns1.example.net"]) is None
    assert _zone_provider(None, ["ns1.dnspod.net", "ns1.alidns.com"]) is None
    # without name servers (no delegation, a loop, an intercepted path): --provider NAME; auto
    # with no credentials found (tests/checks/test_dns_served.py: with one provider's) or no
    # credential inputs: none
    assert _zone_provider("dnspod") is tencent
    assert _zone_provider("auto", home=tmp_path) is None and _zone_provider() is None


def test_a_zone_at_dnspod_gets_dnspods_words() -> None:
    tencent = _zone_provider(None, ["ns1.dnspod.net"])
    lag = worded(dns_specs.SERIAL_LAG, tencent)
    assert "DNSPod usually takes seconds" in lag.remedy["en"]
    assert "DNSPod 通常几秒内完成" in lag.remedy["zh"]
    assert lag.code == "DNS_SERIAL_LAG" and lag.explains == dns_specs.SERIAL_LAG.explains
    not_delegated = worded(dns_specs.NOT_DELEGATED, _zone_provider("tencentcloud"))
    assert "DNSPod console" in not_delegated.remedy["en"]
    cname = worded(dns_specs.CNAME_DELEGATED, tencent)
    assert "not found in dnspod" in cname.meaning["en"] and "DNSPod 密钥" in cname.remedy["zh"]
    # the same codes, unknown provider: neutral and still the whole advice
    assert worded(dns_specs.SERIAL_LAG, None) is dns_specs.SERIAL_LAG
    assert "SOA refresh" in dns_specs.SERIAL_LAG.remedy["en"]
    where = fill(dns_specs.WORDS["zone_not_in_account"]["en"], {"cloud": brand_words(tencent)})
    assert where == "zone {zone}, not in this key's DNSPod account"


def test_the_stale_value_remedy_names_the_clients_ttl_settings() -> None:
    tencent = providers.get("tencentcloud")
    spec = worded(resolver_specs.STALE_VALUE, tencent)
    params = {"left": 600, "ttl_settings": ttl_settings(tencent)}
    en = fill(spec.remedy["en"], params, "en")
    zh = fill(spec.remedy["zh"], params, "zh")
    # each client's setting once, no brackets inside the remedy's own brackets
    assert "TTL (Certimate: 「DNS 解析记录 TTL」 / DNS TTL, lego: TENCENTCLOUD_TTL; " in en
    assert "DNSPod's minimum is 600 s" in en
    assert "降低 TXT 的 TTL（Certimate：「DNS 解析记录 TTL」、lego：TENCENTCLOUD_TTL；" in zh
    assert "DNSPod 免费版最低 600 秒" in zh
    for text in (en, zh):
        inner = re.search(r"TTL ?[（(](.*?)[；;]", text)
        assert inner is not None and not re.search(r"[()（）]", inner.group(1)), text
    alidns = providers.get("alidns")
    said = fill(alidns.wording(resolver_specs.STALE_VALUE).remedy["en"], {
        "left": 600, "ttl_settings": ttl_settings(alidns)}, "en")  # fmt: skip
    assert "ALICLOUD_TTL" in said and "TENCENTCLOUD" not in said
    neutral = fill(
        resolver_specs.STALE_VALUE.remedy["zh"], {"ttl_settings": ttl_settings(None)}, "zh"
    )
    assert "ACME 客户端的 TTL 设置" in neutral and "{" not in neutral.replace("{left}", "")


def test_the_caa_remedy_names_the_console_fields_of_the_zones_provider() -> None:
    spec = ca_specs.OTHER_CA_SPEC
    params: dict[str, Any] = {"zone": "example.com", "host": "@", "record": '0 issue "x"'}
    params |= {"ca": "Let's Encrypt"}
    tencent = _form(providers.get("tencentcloud"), "@", '0 issue "x"')
    said = fill(spec.remedy["zh"], params | {"form": tencent}, "zh")
    assert '（DNSPod 控制台：记录类型 CAA，主机记录 @，记录值 0 issue "x"）' in said
    alidns = fill(
        spec.remedy["en"], params | {"form": _form(providers.get("alidns"), "@", "v")}, "en"
    )
    assert "(云解析 DNS console: 记录类型 CAA, 主机记录 @, 记录值 v)" in alidns
    neutral = fill(spec.remedy["en"], params | {"form": _form(None, "@", "v")}, "en")
    assert 'host @ and value 0 issue "x". Records' in neutral


def test_the_fake_ip_filter_example_is_the_providers_name_servers() -> None:
    verdict = PathVerdict(FAKE_IP, root="198.41.0.4")
    tencent = interception_finding(verdict, "example.com", providers.get("tencentcloud"))
    assert tencent is not None
    assert "`+.dnspod.net`" in fill(tencent.spec.remedy["en"], tencent.params, "en")
    unknown = interception_finding(verdict, "example.com")
    assert unknown is not None
    said = fill(unknown.spec.remedy["zh"], unknown.params, "zh")
    assert "（如 `+.<权威服务器所在的域名>`、`+._acme-challenge.example.com`）" in said
    assert not _pattern().search(said)
    english = fill(unknown.spec.remedy["en"], unknown.params, "en")
    assert "(e.g. `+.<the name servers' domain>`, `+._acme-challenge.example.com`)" in english


@pytest.mark.parametrize(
    ("scenario", "lang", "words"),
    [
        ("lagging", "en", "DNSPod usually takes seconds"),
        ("caa-other-ca", "zh-CN", "DNSPod 控制台：记录类型 CAA，主机记录 @"),
        ("resolver-stale-cache", "en", "lego: TENCENTCLOUD_TTL; DNSPod's minimum is 600 s"),
    ],
)
def test_the_demo_zone_at_dnspod_reads_as_before(
    cli: Any, scenario: str, lang: str, words: str
) -> None:
    _code, out, _report, err = cli("demo", scenario, "--lang", lang)
    assert " ".join(words.split()) in " ".join(out.split()), out + err
