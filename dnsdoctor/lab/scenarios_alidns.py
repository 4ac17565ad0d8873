"""Alibaba Cloud DNS credential scenarios: the Alibaba API emulator on 127.0.0.52.

Like :mod:`dnsdoctor.lab.scenarios_creds` for Tencent Cloud: each scenario makes a fresh random
AccessKey pair, keeps its files in a temporary home that goes with the world, and runs
``dnsdoctor creds example.com --provider alidns --alidns-endpoint URL`` against the emulator, whose
ACS3 signature check is the real one. The environment blanks every credential variable of either
provider that the scenario does not set.
"""

from __future__ import annotations

import random
import socket
import string

from dnsdoctor.lab.alidns_api import ApiKey, FakeAlibabaCloud
from dnsdoctor.lab.scenarios_creds import (
    CREDENTIAL_VARIABLES,
    CredsScenario,
    CredsWorld,
    TempHome,
    register_all,
)
from dnsdoctor.lab.world import World, free_port

ORDER = 50
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""

API_ADDRESS = "127.0.0.52"
ACCOUNT = "1234567890123456"
OTHER_ACCOUNT = "6543210987654321"
ZONE = "example.com"
ALIDNS_VARIABLES = (
    "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY",
    "ALICLOUD_SECURITY_TOKEN",
    "ALICLOUD_RAM_ROLE",
    "ALICLOUD_ACCESS_KEY_FILE",
    "ALICLOUD_SECRET_KEY_FILE",
    "ALICLOUD_SECURITY_TOKEN_FILE",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_PROFILE",
    "Ali_Key",
    "Ali_Secret",
)
_ALNUM = string.ascii_letters + string.digits
_rng = random.SystemRandom()


def random_key_id() -> str:
    return "LTAI5t" + "".join(_rng.choice(_ALNUM) for _ in range(18))


def random_secret() -> str:
    return "".join(_rng.choice(_ALNUM) for _ in range(30))


def alidns_world(
    *,
    allow: tuple[str, ...] = ("alidns:*",),
    root: bool = False,
    key_account: str = ACCOUNT,
    clock_offset: float = 0.0,
) -> CredsWorld:
    """An emulator with ``example.com`` in ``ACCOUNT`` and one key (a RAM user's by default);
    the key is in lego's variables (``ALICLOUD_ACCESS_KEY``/``ALICLOUD_SECRET_KEY``)."""
    port = free_port([API_ADDRESS], (socket.SOCK_STREAM,))
    api = FakeAlibabaCloud(API_ADDRESS, port, clock_offset=clock_offset)
    api.add_domain(ZONE, ACCOUNT)
    key_id, secret = random_key_id(), random_secret()
    user = None if root else "acme-dns01"
    api.add_key(ApiKey(key_id, secret, account=key_account, user=user, allow=allow))
    home = TempHome()
    world = World()
    world.add(api)
    world.add(home)
    env = {name: "" for name in (*CREDENTIAL_VARIABLES, *ALIDNS_VARIABLES)}
    env["HOME"] = str(home.path)
    env["ALICLOUD_ACCESS_KEY"] = key_id
    env["ALICLOUD_SECRET_KEY"] = secret
    argv = ["creds", ZONE, "--provider", "alidns", "--alidns-endpoint", api.url]
    return CredsWorld(world, api, home, key_id, secret, argv, env)


def build_healthy() -> CredsWorld:
    return alidns_world()


def build_pasted_character() -> CredsWorld:
    cw = alidns_world()
    cw.env["ALICLOUD_SECRET_KEY"] = cw.secret_key + "\u200b"
    return cw


def build_read_only() -> CredsWorld:
    cw = alidns_world(allow=("alidns:Describe*",))
    return cw


def build_clock_skew() -> CredsWorld:
    return alidns_world(clock_offset=-1100.0)


def build_other_account() -> CredsWorld:
    cw = alidns_world(key_account=OTHER_ACCOUNT)
    cw.api.add_domain("example.net", OTHER_ACCOUNT)
    return cw


def build_acme_sh_account_conf() -> CredsWorld:
    cw = alidns_world()
    key_id, secret = cw.env.pop("ALICLOUD_ACCESS_KEY"), cw.env.pop("ALICLOUD_SECRET_KEY")
    cw.home.write(
        ".acme.sh/account.conf", f"SAVED_Ali_Key='{key_id}'\nSAVED_Ali_Secret='{secret} '\n"
    )
    return cw


SCENARIOS: dict[str, CredsScenario] = {
    "alidns-healthy": CredsScenario(
        "Alibaba Cloud DNS: a RAM user's AccessKey with the permissions an ACME client needs",
        "阿里云云解析 DNS：拥有 ACME 客户端所需权限的 RAM 用户 AccessKey",
        build_healthy,
        None,
        0,
    ),
    "alidns-pasted-character": CredsScenario(
        "Alibaba Cloud DNS: the AccessKey Secret in ALICLOUD_SECRET_KEY ends in an invisible "
        "U+200B (SignatureDoesNotMatch)",
        "阿里云云解析 DNS：ALICLOUD_SECRET_KEY 中的 AccessKey Secret 末尾有一个看不见的 U+200B"
        "（SignatureDoesNotMatch）",
        build_pasted_character,
        "CREDS_WORKS_CLEANED",
    ),
    "alidns-read-only": CredsScenario(
        "Alibaba Cloud DNS: a read-only RAM user cannot delete its challenge record",
        "阿里云云解析 DNS：只读 RAM 用户无法删除自己的验证记录",
        build_read_only,
        "CREDS_DELETE_DENIED",
        0,  # a warning: the certificate is issued, only its cleanup fails
    ),
    "alidns-clock-skew": CredsScenario(
        "Alibaba Cloud DNS: this host's clock is 18 min 20 s ahead (InvalidTimeStamp.Expired)",
        "阿里云云解析 DNS：本机时钟快了 18 分 20 秒（InvalidTimeStamp.Expired）",
        build_clock_skew,
        "CREDS_SIGNATURE_EXPIRE",
    ),
    "alidns-other-account": CredsScenario(
        "Alibaba Cloud DNS: the AccessKey belongs to another account than example.com's",
        "阿里云云解析 DNS：AccessKey 所属的账号并不是托管 example.com 的那个账号",
        build_other_account,
        "CREDS_ZONE_NOT_IN_ACCOUNT",
    ),
    "alidns-acme-sh-space": CredsScenario(
        "Alibaba Cloud DNS: acme.sh saved the AccessKey Secret with a trailing space "
        "(account.conf)",
        "阿里云云解析 DNS：acme.sh 在 account.conf 中保存的 AccessKey Secret 末尾多了一个空格",
        build_acme_sh_account_conf,
        "CREDS_WORKS_CLEANED",
    ),
}


register_all(SCENARIOS)
