"""Credential scenarios: a Tencent Cloud API emulator on 127.0.0.51 and keys gone wrong.

Each scenario makes a fresh random key pair (so no key is written into the code and the leak tests
can look for any piece of it), writes the credential files it needs into a temporary home directory
that the world deletes when it stops, and runs ``dnsdoctor creds example.com`` against the emulator
with ``--tencent-endpoint``. The environment it returns blanks every credential variable it does not
set, so a key in the user's own shell never mixes into a demo.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import string
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dnsdoctor.credentials import CredentialInputs
from dnsdoctor.lab.alidns_api import FakeAlibabaCloud
from dnsdoctor.lab.internet import SERIAL, TOKEN, DemoInternet, example_zone
from dnsdoctor.lab.scenarios import Demo, Scenario, register
from dnsdoctor.lab.tencent_api import ApiKey, FakeTencentCloud
from dnsdoctor.lab.world import World, free_port

ORDER = 40
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""

API_ADDRESS = "127.0.0.51"
ACCOUNT = "100000000001"
OTHER_ACCOUNT = "100000000002"
CAM_USER = "100000000011"
ZONE = "example.com"
CREDENTIAL_VARIABLES = (
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "TENCENTCLOUD_TOKEN",
    "TENCENTCLOUD_SECURITY_TOKEN",
    "TENCENTCLOUD_SESSION_TOKEN",
    "TENCENTCLOUD_CREDENTIALS_FILE",
    "TCCLI_PROFILE",
    "Tencent_SecretId",
    "Tencent_SecretKey",
    "LE_CONFIG_HOME",
)
_ALNUM = string.ascii_letters + string.digits
_rng = random.SystemRandom()


def random_secret_id() -> str:
    return "AKID" + "".join(_rng.choice(_ALNUM) for _ in range(32))


def random_secret_key() -> str:
    return "".join(_rng.choice(_ALNUM) for _ in range(32))


class TempHome:
    """A home directory for one scenario; a world component so that it goes when the world stops."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="dnsdoctor-creds-"))

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def write(self, relative: str, text: str, mode: int = 0o600) -> Path:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        os.chmod(path, mode)
        return path


@dataclass
class CredsWorld:
    """The pieces of one credential scenario, kept for tests that inspect or change them."""

    world: World
    api: FakeTencentCloud | FakeAlibabaCloud
    home: TempHome
    secret_id: str
    secret_key: str = field(repr=False)
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict, repr=False)
    net: DemoInternet | None = None
    """The demo internet, for scenarios that run ``check`` (DNS and the API together)."""

    def demo(self) -> Demo:
        return Demo(self.world, list(self.argv), dict(self.env))


def creds_world(
    *,
    allow: tuple[str, ...] = ("dnspod:*",),
    root: bool = False,
    key_account: str = ACCOUNT,
    clock_offset: float = 0.0,
) -> CredsWorld:
    """An emulator with ``example.com`` in ``ACCOUNT`` and one key (a CAM user's by default).

    The returned argv is ``creds example.com --tencent-endpoint URL``; scenarios add the credential
    source (environment, files or options) themselves."""
    port = free_port([API_ADDRESS], (socket.SOCK_STREAM,))
    api = FakeTencentCloud(API_ADDRESS, port, clock_offset=clock_offset)
    api.add_domain(ZONE, ACCOUNT)
    secret_id, secret_key = random_secret_id(), random_secret_key()
    if root:
        api.add_key(ApiKey(secret_id, secret_key, uin=key_account))
    else:
        api.add_key(ApiKey(secret_id, secret_key, uin=CAM_USER, account=key_account, allow=allow))
    home = TempHome()
    world = World()
    world.add(api)
    world.add(home)
    env = {name: "" for name in CREDENTIAL_VARIABLES}
    env["HOME"] = str(home.path)
    argv = ["creds", ZONE, "--tencent-endpoint", api.url]
    return CredsWorld(world, api, home, secret_id, secret_key, argv, env)


def with_env(cw: CredsWorld, secret_id: str, secret_key: str) -> CredsWorld:
    cw.env["TENCENTCLOUD_SECRET_ID"] = secret_id
    cw.env["TENCENTCLOUD_SECRET_KEY"] = secret_key
    return cw


def inputs_from_argv(
    argv: list[str], env: dict[str, str]
) -> tuple[list[str], str | None, CredentialInputs]:
    """Names, ``--tencent-endpoint`` and credential inputs of a scenario's argv, for tests that
    run the checks without the CLI (the CLI maps the same options the same way)."""
    names: list[str] = []
    endpoint: str | None = None
    values: dict[str, str] = {}
    it = iter(argv[1:])
    for arg in it:
        if arg in ("--tencent-endpoint", "--secret-id", "--secret-key-file", "--profile"):
            values[arg] = next(it)
        elif arg in ("--root", "--dns-port", "--ntp", "--expect", "--provider"):
            next(it)  # options of `check` scenarios that credential checks do not read
        elif not arg.startswith("-"):
            names.append(arg)
    endpoint = values.get("--tencent-endpoint")
    key_file = values.get("--secret-key-file")
    inputs = CredentialInputs(
        secret_id=values.get("--secret-id"),
        secret_key_file=Path(key_file) if key_file else None,
        profile=values.get("--profile"),
        env=dict(env),
        home=Path(env["HOME"]),
    )
    return names, endpoint, inputs


def check_world(
    *records: tuple[str, str, str, float], expect: tuple[str, ...] = (TOKEN,)
) -> CredsWorld:
    """The demo internet and the API emulator together, for ``dnsdoctor check example.com`` with a
    working key in the environment. ``records`` (name, type, value, age in seconds) are in
    example.com at DNSPod and served by ns1/ns2.dnspod.net alike."""
    net = DemoInternet()
    cw = creds_world()
    for name, rtype, value, age in records:
        cw.api.add_record(ZONE, name, rtype, value, age=age)
    lines = []
    for r in cw.api.domains[ZONE].records:
        data = f'"{r.value}"' if r.type == "TXT" else r.value
        lines.append(f"{r.name} {r.ttl} IN {r.type} {data}")
    for server in (net.ns1, net.ns2):
        net.set_zone(
            server, "example.com.", example_zone(serial=SERIAL + 1, extra="\n".join(lines))
        )
    for component in cw.world.components:
        net.world.add(component)
    cw.world.loop.close()  # never started: its components run in the demo internet's world
    cw.world = net.world
    cw.net = net
    argv = [a for a in net.check_argv(expect=expect) if a not in ("--provider", "none")]
    cw.argv = [*argv, "--tencent-endpoint", cw.api.url]
    return with_env(cw, cw.secret_id, cw.secret_key)


# -- the scenarios ----------------------------------------------------------------------------


def build_zero_width() -> CredsWorld:
    cw = creds_world()
    return with_env(cw, cw.secret_id, cw.secret_key + "\u200b")


def build_newline_file() -> CredsWorld:
    cw = creds_world()
    path = cw.home.write("secret-key.txt", cw.secret_key + "\n")
    cw.argv += ["--secret-id", cw.secret_id, "--secret-key-file", str(path)]
    return cw


def build_unknown_id() -> CredsWorld:
    cw = creds_world()
    return with_env(cw, random_secret_id(), cw.secret_key)


def build_read_only() -> CredsWorld:
    cw = creds_world(allow=("dnspod:Describe*",))
    # the record an earlier order could not delete: the cleanup failure
    cw.api.add_record(ZONE, "_acme-challenge", "TXT", "gfj9Xq" + "x" * 37, age=3 * 86400)
    return with_env(cw, cw.secret_id, cw.secret_key)


def build_other_account() -> CredsWorld:
    cw = creds_world(key_account=OTHER_ACCOUNT)
    cw.api.add_domain("example.net", OTHER_ACCOUNT)
    return with_env(cw, cw.secret_id, cw.secret_key)


def build_not_delegated() -> CredsWorld:
    cw = creds_world()
    assert isinstance(cw.api, FakeTencentCloud)
    domain = cw.api.domains[ZONE]
    domain.dns_status = "dnserror"
    domain.actual_ns = ("dns9.hichina.com", "dns10.hichina.com")
    return with_env(cw, cw.secret_id, cw.secret_key)


def build_healthy() -> CredsWorld:
    cw = creds_world()
    return with_env(cw, cw.secret_id, cw.secret_key)


def build_clock_skew() -> CredsWorld:
    cw = creds_world(clock_offset=-431.0)
    return with_env(cw, cw.secret_id, cw.secret_key)


def build_temp_key_without_token() -> CredsWorld:
    cw = creds_world()
    cw.api.keys[cw.secret_id].token = "".join(_rng.choice(_ALNUM) for _ in range(120))
    return with_env(cw, cw.secret_id, cw.secret_key)


def build_root_key() -> CredsWorld:
    cw = creds_world(root=True)
    return with_env(cw, cw.secret_id, cw.secret_key)


def build_quoted_ini() -> CredsWorld:
    cw = creds_world()
    cw.home.write(
        ".tencentcloud/credentials",
        f'[default]\nsecret_id = "{cw.secret_id}"\nsecret_key = "{cw.secret_key}"\n',
    )
    return cw


PREVIOUS_TOKEN = "Xb2k9QwE-previous-order-token-4nT7vLmP0aZcR8"


def build_txt_other_value() -> CredsWorld:
    # The previous order's record, three days old: the client did not replace it this time.
    return check_world(("_acme-challenge", "TXT", PREVIOUS_TOKEN, 3 * 86400 + 1200))


def build_cname_outside_account() -> CredsWorld:
    # An acme-dns CNAME set up long ago; the ACME client now runs lego with the DNSPod key.
    return check_world(("_acme-challenge", "CNAME", "8f1c2a.auth.acme-dns.net.", 30 * 86400))


Builder = Callable[[], CredsWorld]


@dataclass(frozen=True)
class CredsScenario:
    en: str
    zh: str
    build: Builder
    first_code: str | None
    exit_code: int = 1


SCENARIOS: dict[str, CredsScenario] = {
    "creds-zero-width": CredsScenario(
        "The SecretKey in TENCENTCLOUD_SECRET_KEY ends in an invisible U+200B",
        "TENCENTCLOUD_SECRET_KEY 中的 SecretKey 末尾有一个看不见的 U+200B",
        build_zero_width,
        "CREDS_WORKS_CLEANED",
    ),
    "creds-newline-file": CredsScenario(
        "The SecretKey file given with --secret-key-file ends with a newline",
        "--secret-key-file 指定的 SecretKey 文件末尾带有换行符",
        build_newline_file,
        "CREDS_WORKS_CLEANED",
    ),
    "creds-unknown-id": CredsScenario(
        "The SecretId does not exist (deleted, or another key's)",
        "SecretId 不存在（已删除，或是另一把密钥的）",
        build_unknown_id,
        "CREDS_SECRET_ID_NOT_FOUND",
    ),
    "creds-read-only": CredsScenario(
        "A read-only CAM key: the ACME client cannot delete its challenge record",
        "只读的 CAM 密钥：ACME 客户端无法删除自己的验证记录",
        build_read_only,
        "CREDS_DELETE_DENIED",
        0,  # a warning: the certificate is issued, only its cleanup fails
    ),
    "creds-other-account": CredsScenario(
        "The key belongs to another account than the one holding example.com",
        "密钥所属的账号并不是托管 example.com 的那个账号",
        build_other_account,
        "CREDS_ZONE_NOT_IN_ACCOUNT",
    ),
    "creds-not-delegated": CredsScenario(
        "DNSPod reports that the registrar delegates example.com elsewhere",
        "DNSPod 报告注册商把 example.com 委派给了别处",
        build_not_delegated,
        "CREDS_NOT_DELEGATED",
    ),
    "creds-healthy": CredsScenario(
        "A CAM sub-user key with the DNSPod permissions an ACME client needs",
        "拥有 ACME 客户端所需 DNSPod 权限的 CAM 子用户密钥",
        build_healthy,
        None,
        0,
    ),
    "creds-clock-skew": CredsScenario(
        "Tencent Cloud's clock is 7 min 11 s behind this host's (SignatureExpire)",
        "腾讯云服务器时间比本机慢 7 分 11 秒（SignatureExpire）",
        build_clock_skew,
        "CREDS_SIGNATURE_EXPIRE",
    ),
    "creds-token-missing": CredsScenario(
        "A temporary key used without its token",
        "使用临时密钥却没有带上它的 Token",
        build_temp_key_without_token,
        "CREDS_TOKEN_FAILURE",
    ),
    "creds-root-key": CredsScenario(
        "The ACME client uses the root account's key",
        "ACME 客户端使用的是主账号密钥",
        build_root_key,
        "CREDS_ROOT_KEY",
        0,
    ),
    "creds-quoted-ini": CredsScenario(
        "~/.tencentcloud/credentials keeps the quotes around the values",
        "~/.tencentcloud/credentials 中的值带着引号",
        build_quoted_ini,
        "CREDS_WORKS_CLEANED",
    ),
}

CHECK_SCENARIOS: dict[str, CredsScenario] = {
    "creds-txt-other-value": CredsScenario(
        "check: the challenge TXT still holds the previous order's token (3 days old at DNSPod)",
        "check：验证 TXT 仍是上一个订单的令牌（DNSPod 中 3 天前更新）",
        build_txt_other_value,
        "DNS_TXT_OTHER_VALUE",
    ),
    "creds-cname-outside-account": CredsScenario(
        "check: _acme-challenge is a CNAME to acme-dns.net, a zone the DNSPod account does not hold",
        "check：_acme-challenge 通过 CNAME 指向 acme-dns.net，而 DNSPod 账号中没有这个区",
        build_cname_outside_account,
        "DNS_CNAME_DELEGATED",
    ),
}
"""Scenarios that run ``check`` with a key: DNS findings the provider's API makes precise."""


def _demo_of(build: Builder) -> Callable[[], Demo]:
    def make() -> Demo:
        return build().demo()

    return make


def register_all(scenarios: dict[str, CredsScenario]) -> None:
    """Make each credential scenario a ``dnsdoctor demo``."""
    for name, s in scenarios.items():
        register(
            Scenario(name, {"en": s.en, "zh": s.zh}, _demo_of(s.build), s.first_code, s.exit_code)
        )


register_all({**SCENARIOS, **CHECK_SCENARIOS})
