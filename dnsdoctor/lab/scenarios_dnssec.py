"""DNSSEC scenarios: a signed demo internet (its own root key, given with ``--trust-anchor``)
where the challenge's zone is healthy, left with a DS after a move, or signed with expired
signatures."""

from __future__ import annotations

import time

from dnsdoctor.lab.internet import SERIAL, TOKEN, DemoInternet, example_zone
from dnsdoctor.lab.scenarios import Demo, Scenario, register
from dnsdoctor.lab.signing import DAY, new_keys, sign_internet

ORDER = 100
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""


def _healthy_signed() -> Demo:
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    signed = sign_internet(net, example=new_keys("example.com.", seed="dnspod"))
    return Demo(net.world, net.check_argv(expect=(TOKEN,)) + signed.argv())


def _ds_left_at_registrar() -> Demo:
    # example.com was signed at Alibaba Cloud DNS (dns9/dns10.hichina.com still serve that
    # signed copy); it moved to DNSPod, which serves it unsigned; the DS of Alibaba's key
    # stayed at the registrar, so com. still holds it.
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    alibaba = new_keys("example.com.", seed="alibaba")
    for server in (net.ali1, net.ali2):
        net.set_zone(
            server,
            "example.com.",
            example_zone(txt=(TOKEN,), ns=("dns9.hichina.com.", "dns10.hichina.com.")),
        )
    signed = sign_internet(
        net, example=alibaba, example_ds=(alibaba,), example_servers=(net.ali1, net.ali2)
    )
    return Demo(net.world, net.check_argv(expect=(TOKEN,)) + signed.argv())


def _rrsig_expired() -> Demo:
    # Signed offline two months ago with 30-day signatures; the job that re-signs it stopped.
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    now = time.time()
    signed = sign_internet(
        net,
        example=new_keys("example.com.", seed="self-signed"),
        inception=now - 60 * DAY,
        expiration=now - 30 * DAY,
    )
    return Demo(net.world, net.check_argv(expect=(TOKEN,)) + signed.argv())


def _reg(name: str, en: str, zh: str, build: object, first: str | None, code: int = 1) -> None:
    register(Scenario(name, {"en": en, "zh": zh}, build, first, code))  # type: ignore[arg-type]


_reg(
    "dnssec-healthy-signed",
    "Signed from the root down, DS matches, the TXT is signed on both DNSPod servers",
    "从根开始逐级签名，DS 匹配，两台 DNSPod 服务器上的 TXT 都有签名",
    _healthy_signed,
    None,
    0,
)
_reg(
    "dnssec-ds-left-at-registrar",
    "Moved from Alibaba Cloud DNS (signed) to DNSPod (unsigned); the DS stayed at the registrar",
    "从阿里云解析（已签名）迁到 DNSPod（未签名），DS 仍留在注册商处",
    _ds_left_at_registrar,
    "DNSSEC_DS_WITHOUT_DNSKEY",
)
_reg(
    "dnssec-rrsig-expired",
    "example.com's signatures expired a month ago (the re-signing job stopped)",
    "example.com 的签名一个月前已过期（重新签名的任务停了）",
    _rrsig_expired,
    "DNSSEC_RRSIG_EXPIRED",
)
