"""The provider registry and the Tencent Cloud error table."""

from __future__ import annotations

import pytest

from dnsdoctor import providers
from dnsdoctor.providers.base import ErrorKind
from dnsdoctor.providers.tencentcloud import client as tencent
from dnsdoctor.providers.tencentcloud import errors


def test_every_registered_provider_has_consistent_metadata() -> None:
    seen: set[str] = set()
    for provider in providers.all_providers():
        assert provider.name not in seen
        seen.add(provider.name)
        assert providers.get(provider.name) is provider
        assert provider.ns_suffixes and provider.clock_window > 0
        assert provider.title and provider.title_zh


def test_unknown_provider_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        providers.get("route53")


@pytest.mark.parametrize(
    ("hosts", "expected"),
    [
        (["f1g1ns1.dnspod.net.", "f1g1ns2.dnspod.net."], "tencentcloud"),
        (["NS3.DNSV5.COM", "ns4.dnsv5.com"], "tencentcloud"),
        (["f1g1ns1.dnspod.net", "ns1.example.net"], None),
        (["evil-dnspod.net"], None),
        ([], None),
    ],
)
def test_provider_is_recognised_by_all_of_its_name_servers(
    hosts: list[str], expected: str | None
) -> None:
    found = providers.serving(hosts)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("code", "status", "kind"),
    [
        ("AuthFailure.SignatureFailure", None, ErrorKind.SIGNATURE),
        ("AuthFailure.SignatureExpire", None, ErrorKind.CLOCK),
        ("AuthFailure.SecretIdNotFound", None, ErrorKind.UNKNOWN_KEY),
        ("AuthFailure.InvalidSecretId", None, ErrorKind.INVALID_KEY),
        ("AuthFailure.TokenFailure", None, ErrorKind.TOKEN),
        ("AuthFailure.MFAFailure", None, ErrorKind.AUTH),
        ("AuthFailure.UnauthorizedOperation", None, ErrorKind.DENIED),
        ("OperationDenied.DomainOwnedByAnotherUser", None, ErrorKind.DENIED),
        ("ResourceNotFound.NoDataOfDomain", None, ErrorKind.NO_ZONE),
        ("InvalidParameter.DomainInvalid", None, ErrorKind.INVALID_ZONE),
        ("RequestLimitExceeded.UinLimitExceeded", None, ErrorKind.RATE_LIMIT),
        ("dnsdoctor.Timeout", None, ErrorKind.NETWORK),
        ("Whatever", 502, ErrorKind.SERVER),
        ("dnsdoctor.Redirect", None, ErrorKind.RESPONSE),
        ("dnsdoctor.UnsendableCredential", None, ErrorKind.LOCAL),
        ("LimitExceeded.Something", None, ErrorKind.OTHER),
    ],
)
def test_tencent_codes_have_one_meaning(code: str, status: int | None, kind: ErrorKind) -> None:
    assert errors.kind_of(code, status) is kind
    # the adapter's errors take their kind from the same table, never decided apart from it
    assert tencent.TencentApiError(code, http_status=status).kind is kind


def test_aliases_are_declared_by_each_provider_not_by_the_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    from dnsdoctor.checks.creds.lint import provider_name

    assert provider_name("DNSPod") == provider_name("tencent") == "tencentcloud"
    assert provider_name("aliyun") == provider_name("AliCloud") == "alidns"
    assert provider_name("auto") is None and provider_name("off") == "none"
    assert provider_name("route53") == "route53"  # unknown: said so by the caller, not renamed
    # a provider added in its own folder brings its aliases with it
    fake = dataclasses.replace(providers.get("alidns"), name="fakedns", aliases=("fake",))
    real_get = providers.get
    monkeypatch.setattr(providers, "NAMES", (*providers.NAMES, "fakedns"))
    monkeypatch.setattr(providers, "get", lambda n: fake if n == "fakedns" else real_get(n))
    assert provider_name("Fake") == "fakedns"
    # no two providers claim one name
    names = [n for p in providers.all_providers() for n in (p.name, *p.aliases)]
    assert len(names) == len(set(names))
