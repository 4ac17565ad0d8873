"""Pre-flight scenarios for Alibaba Cloud DNS: the Alibaba API emulator writes into the demo world.

The same world as :mod:`dnsdoctor.lab.scenarios_preflight`, with example.com at Alibaba: ``com.``
delegates it to dns9.hichina.com and dns10.hichina.com (the Alibaba-like servers on 127.0.0.15 and
.16, whose names Alibaba Cloud DNS recognises as its own), and the Alibaba emulator (127.0.0.52,
the real ACS3 signature check) publishes every ``AddDomainRecord``/``DeleteDomainRecord`` to them
each after its own delay. The key is a RAM user's AccessKey in lego's ``ALICLOUD_ACCESS_KEY``/
``ALICLOUD_SECRET_KEY``; every other credential variable of either provider is blank, so ``dnsdoctor
preflight example.com`` finds the provider by itself (no ``--provider``).

- ``preflight-alidns-healthy``: the probe reaches dns9 after 0.2 s and dns10 after 0.8 s, and is
  deleted;
- ``preflight-alidns-read-only``: the RAM user may only call ``alidns:Describe*``: the permission
  probe (a delete of record id 0) is denied, so no probe record is created at all;
- ``preflight-alidns-create-denied``: the RAM user's policy allows deleting but forgot
  ``alidns:AddDomainRecord``: the probe's create is denied (``Forbidden.RAM``), as the ACME
  client's would be;
- ``preflight-alidns-pasted-character``: the AccessKey Secret ends in an invisible U+200B
  (``SignatureDoesNotMatch``);
- ``preflight-alidns-clock-skew``: this host's clock is 18 min 20 s ahead of the world's (its NTP
  server and Alibaba agree), beyond Alibaba's 15 minutes (``InvalidTimeStamp.Expired``);
- ``preflight-alidns-other-account``: the AccessKey is another account's, which does not hold
  example.com.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from dnsdoctor.lab.alidns_api import ApiKey, FakeAlibabaCloud
from dnsdoctor.lab.scenarios import Demo, Scenario, register
from dnsdoctor.lab.scenarios_alidns import (
    ACCOUNT,
    ALIDNS_VARIABLES,
    API_ADDRESS,
    OTHER_ACCOUNT,
    ZONE,
    random_key_id,
    random_secret,
)
from dnsdoctor.lab.scenarios_creds import CREDENTIAL_VARIABLES
from dnsdoctor.lab.scenarios_preflight import PreflightProvider, PreflightWorld, preflight_world

ORDER = 70
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""

ALIDNS_NS = ("dns9.hichina.com.", "dns10.hichina.com.")
RAM_USER = "acme-dns01"
SKEW = 1100.0
"""How far this host's clock is ahead in the clock scenario: 18 min 20 s, beyond Alibaba's 15."""


def _setup(api: FakeAlibabaCloud, key_account: str, allow: tuple[str, ...]) -> tuple[str, str]:
    api.add_domain(ZONE, ACCOUNT, expected_ns=tuple(n.rstrip(".") for n in ALIDNS_NS))
    key_id, secret = random_key_id(), random_secret()
    api.add_key(ApiKey(key_id, secret, account=key_account, user=RAM_USER, allow=allow))
    return key_id, secret


ALIDNS = PreflightProvider(
    servers=dict(zip(("ali1", "ali2"), ALIDNS_NS, strict=True)),
    emulator=FakeAlibabaCloud,
    address=API_ADDRESS,
    account=ACCOUNT,
    setup=_setup,
    allow_all=("alidns:*",),
    key_variables=("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"),
    blank=(*CREDENTIAL_VARIABLES, *ALIDNS_VARIABLES),
    endpoint_option="--alidns-endpoint",
)
"""example.com at Alibaba Cloud DNS (dns9/dns10.hichina.com), a RAM user's AccessKey in lego's
variables; every other credential variable of either provider is blank."""

alidns_preflight_world = functools.partial(preflight_world, provider=ALIDNS)
""":func:`~dnsdoctor.lab.scenarios_preflight.preflight_world` at Alibaba Cloud DNS."""


def build_healthy() -> PreflightWorld:
    return alidns_preflight_world()


def build_read_only() -> PreflightWorld:
    return alidns_preflight_world(allow=("alidns:Describe*",))


def build_create_denied() -> PreflightWorld:
    return alidns_preflight_world(allow=("alidns:Describe*", "alidns:DeleteDomainRecord"))


def build_pasted_character() -> PreflightWorld:
    pw = alidns_preflight_world()
    pw.env["ALICLOUD_SECRET_KEY"] = pw.secret_key + "\u200b"
    return pw


def build_clock_skew() -> PreflightWorld:
    return alidns_preflight_world(clock_ahead=SKEW)


def build_other_account() -> PreflightWorld:
    return alidns_preflight_world(key_account=OTHER_ACCOUNT)


BUILDS: dict[str, Callable[[], PreflightWorld]] = {
    "preflight-alidns-healthy": build_healthy,
    "preflight-alidns-read-only": build_read_only,
    "preflight-alidns-create-denied": build_create_denied,
    "preflight-alidns-pasted-character": build_pasted_character,
    "preflight-alidns-clock-skew": build_clock_skew,
    "preflight-alidns-other-account": build_other_account,
}


def _demo_of(build: Callable[[], PreflightWorld]) -> Callable[[], Demo]:
    def make() -> Demo:
        return build().demo()

    return make


for _scenario in (
    Scenario(
        "preflight-alidns-healthy",
        {
            "en": "Pre-flight at Alibaba Cloud DNS: a probe record reaches both hichina.com "
            "servers within a second and is deleted",
            "zh": "阿里云云解析 DNS 预检：探测记录在一秒内到达两台 hichina.com 服务器，随后被删除",
        },
        _demo_of(build_healthy),
        None,
        0,
    ),
    Scenario(
        "preflight-alidns-read-only",
        {
            "en": "Pre-flight at Alibaba Cloud DNS: a read-only RAM user cannot delete, so no "
            "probe record is created",
            "zh": "阿里云云解析 DNS 预检：只读 RAM 用户无删除权限，因此不创建探测记录",
        },
        _demo_of(build_read_only),
        "CREDS_DELETE_DENIED",
        0,  # a warning, as for Tencent: what may not be deleted is not created to find out more
    ),
    Scenario(
        "preflight-alidns-create-denied",
        {
            "en": "Pre-flight at Alibaba Cloud DNS: the RAM policy allows deleting records but "
            "not adding them (Forbidden.RAM)",
            "zh": "阿里云云解析 DNS 预检：RAM 策略允许删除记录但不允许添加记录（Forbidden.RAM）",
        },
        _demo_of(build_create_denied),
        "PREFLIGHT_CREATE_FAILED",
    ),
    Scenario(
        "preflight-alidns-pasted-character",
        {
            "en": "Pre-flight at Alibaba Cloud DNS: the AccessKey Secret ends in an invisible "
            "U+200B (SignatureDoesNotMatch)",
            "zh": "阿里云云解析 DNS 预检：AccessKey Secret 末尾有一个看不见的 U+200B"
            "（SignatureDoesNotMatch）",
        },
        _demo_of(build_pasted_character),
        "CREDS_WORKS_CLEANED",
    ),
    Scenario(
        "preflight-alidns-clock-skew",
        {
            "en": "Pre-flight at Alibaba Cloud DNS: this host's clock is 18 min 20 s ahead "
            "(InvalidTimeStamp.Expired)",
            "zh": "阿里云云解析 DNS 预检：本机时钟快了 18 分 20 秒（InvalidTimeStamp.Expired）",
        },
        _demo_of(build_clock_skew),
        "CLOCK_SKEW_SIGNATURE_EXPIRE",
    ),
    Scenario(
        "preflight-alidns-other-account",
        {
            "en": "Pre-flight at Alibaba Cloud DNS: the AccessKey belongs to another account "
            "than example.com's",
            "zh": "阿里云云解析 DNS 预检：AccessKey 所属的账号并不是托管 example.com 的那个账号",
        },
        _demo_of(build_other_account),
        "CREDS_ZONE_NOT_IN_ACCOUNT",
    ),
):
    register(_scenario)
