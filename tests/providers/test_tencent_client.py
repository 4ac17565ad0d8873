"""The Tencent Cloud adapter against the emulator, through the SDK's real request path.

Nothing here mocks the SDK: every call is signed by tencentcloud-sdk-python-common, sent by
``requests`` over loopback and verified by the emulator's own TC3-HMAC-SHA256 implementation.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest

from dnsdoctor.core import secrets
from dnsdoctor.lab.tencent_api import (
    ApiKey,
    FakeTencentCloud,
    Fault,
    Record,
    canonical_request,
    tc3_signature,
)
from dnsdoctor.lab.world import World, free_port
from dnsdoctor.providers.base import ErrorKind
from dnsdoctor.providers.tencentcloud.client import (
    ApiCredential,
    TencentApi,
    TencentApiError,
    _clean_message,
    parse_endpoint,
)

T = TypeVar("T")
HOST = "127.0.0.51"
ACCOUNT = "100000000001"
SID = "AKID" + "Ab3dE" * 6 + "xy"
KEY = "Gu5t9xGARNpq86cd98joQYCN3" + "kQ7zW2m"
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


pytestmark = pytest.mark.usefixtures("loopback_http")


class Lab:
    def __init__(self, emu: FakeTencentCloud, world: World) -> None:
        self.emu = emu
        self.world = world
        self.pauses: list[float] = []

    def api(self, **kwargs: Any) -> TencentApi:
        async def no_sleep(seconds: float) -> None:
            self.pauses.append(seconds)

        kwargs.setdefault("timeout", 3.0)
        kwargs.setdefault("sleep", no_sleep)
        return TencentApi(self.emu.url, **kwargs)

    def actions(self) -> list[tuple[str, str]]:
        return [(s.action, s.code) for s in self.emu.seen]


@pytest.fixture
def lab() -> Iterator[Lab]:
    emu = FakeTencentCloud(HOST, free_port([HOST], (socket.SOCK_STREAM,)))
    emu.add_key(ApiKey(SID, KEY, uin="100000000011", account=ACCOUNT, allow=("dnspod:*",)))
    emu.add_domain("example.com", ACCOUNT)
    world = World()
    world.add(emu)
    with world:
        yield Lab(emu, world)


def run(coro: Awaitable[T]) -> T:
    async def wrap() -> T:
        return await coro

    return asyncio.run(wrap())


def error_of(call: Callable[[], Awaitable[Any]]) -> TencentApiError:
    with pytest.raises(TencentApiError) as info:
        run(call())
    return info.value


GOOD = ApiCredential(SID, KEY)

# -- TC3 -------------------------------------------------------------------------------------


def test_tc3_official_vector() -> None:
    payload = (
        b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
    )
    headers = {
        "content-type": "application/json; charset=utf-8",
        "host": "cvm.tencentcloudapi.com",
    }
    assert (
        hashlib.sha256(payload).hexdigest()
        == "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    canonical = canonical_request("POST", "/", "", headers, "content-type;host", payload)
    assert (
        hashlib.sha256(canonical.encode()).hexdigest()
        == "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )
    signature = tc3_signature("Gu5t9xGARNpq86cd98joQYCN3*******", 1551113065, "cvm", canonical)
    assert signature == "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"


def test_tc3_signature_depends_on_every_input() -> None:
    canonical = canonical_request("POST", "/", "", {"host": "h"}, "content-type;host", b"{}")
    base = tc3_signature(KEY, 1_700_000_000, "dnspod", canonical)
    assert tc3_signature(KEY + "\u200b", 1_700_000_000, "dnspod", canonical) != base
    assert tc3_signature(KEY, 1_700_000_001, "dnspod", canonical) != base
    assert tc3_signature(KEY, 1_700_000_000, "sts", canonical) != base


# -- calls through the real SDK path ---------------------------------------------------------


def test_calls_succeed_through_the_sdk(lab: Lab) -> None:
    api = lab.api()
    identity = run(api.get_caller_identity(GOOD))
    assert (identity.account_id, identity.user_id, identity.is_root) == (
        ACCOUNT,
        "100000000011",
        False,
    )
    info = run(api.describe_domain(GOOD, "example.com"))
    assert info.domain == "example.com" and info.dnspod_ns == info.actual_ns
    assert [d.name for d in run(api.describe_domain_list(GOOD))] == ["example.com"]
    assert run(api.describe_record_list(GOOD, "example.com", "_acme-challenge", "TXT")) == []
    assert lab.actions() == [
        ("GetCallerIdentity", "OK"),
        ("DescribeDomain", "OK"),
        ("DescribeDomainList", "OK"),
        ("DescribeRecordList", "OK"),
    ]


def test_loopback_endpoint_ignores_proxy_variables(
    lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = f"http://127.0.0.1:{free_port(['127.0.0.1'], (socket.SOCK_STREAM,))}"
    for var in PROXY_VARS:
        monkeypatch.setenv(var, dead)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert run(lab.api().get_caller_identity(GOOD)).account_id == ACCOUNT


def test_record_life_cycle_reports_changes(lab: Lab) -> None:
    changes: list[tuple[str, list[Record]]] = []
    lab.emu.on_change = lambda zone, records: changes.append((zone, records))
    api = lab.api()
    record_id = run(api.create_record(GOOD, "example.com", "_acme-challenge", "TXT", "tok-1"))
    listed = run(api.describe_record_list(GOOD, "example.com", "_acme-challenge", "TXT"))
    assert [(r.record_id, r.value, r.type) for r in listed] == [(record_id, "tok-1", "TXT")]
    run(api.delete_record(GOOD, "example.com", record_id))
    assert [(z, [r.value for r in rs]) for z, rs in changes] == [
        ("example.com", ["tok-1"]),
        ("example.com", []),
    ]


# -- error mapping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cred", "code", "kind"),
    [
        (ApiCredential(SID, KEY[:-1] + "x"), "AuthFailure.SignatureFailure", ErrorKind.SIGNATURE),
        (ApiCredential(SID, KEY + "\u200b"), "AuthFailure.SignatureFailure", ErrorKind.SIGNATURE),
        (ApiCredential(SID, KEY + "\n"), "AuthFailure.SignatureFailure", ErrorKind.SIGNATURE),
        (ApiCredential(SID, " " + KEY), "AuthFailure.SignatureFailure", ErrorKind.SIGNATURE),
        (
            ApiCredential("AKID" + "z" * 32, KEY),
            "AuthFailure.SecretIdNotFound",
            ErrorKind.UNKNOWN_KEY,
        ),
        (
            ApiCredential("12345,0123456789abcdef0123456789abcdef", KEY),
            "AuthFailure.InvalidSecretId",
            ErrorKind.INVALID_KEY,
        ),
        (ApiCredential(SID + "\u200b", KEY), "dnsdoctor.UnsendableCredential", ErrorKind.LOCAL),
        (ApiCredential(SID + "\n", KEY), "dnsdoctor.UnsendableCredential", ErrorKind.LOCAL),
        (ApiCredential(SID, KEY, "tok\n"), "dnsdoctor.UnsendableCredential", ErrorKind.LOCAL),
        (
            ApiCredential(SID, KEY[:-1] + "\udcff"),
            "dnsdoctor.UnsendableCredential",
            ErrorKind.LOCAL,
        ),
    ],
)
def test_credential_errors(lab: Lab, cred: ApiCredential, code: str, kind: ErrorKind) -> None:
    err = error_of(lambda: lab.api().get_caller_identity(cred))
    assert (err.code, err.kind, err.action) == (code, kind, "GetCallerIdentity")
    if kind is ErrorKind.LOCAL:
        assert lab.emu.seen == []  # refused before any network use
    else:
        assert err.request_id


def test_token_failure_and_success(lab: Lab) -> None:
    lab.emu.keys[SID].token = "T" * 80
    assert error_of(lambda: lab.api().get_caller_identity(GOOD)).code == "AuthFailure.TokenFailure"
    with_token = ApiCredential(SID, KEY, "T" * 80)
    assert run(lab.api().get_caller_identity(with_token)).account_id == ACCOUNT


@pytest.mark.parametrize("offset", [301.0, -400.0])
def test_signature_expire_carries_the_server_clock(lab: Lab, offset: float) -> None:
    lab.emu.clock_offset = offset
    err = error_of(lambda: lab.api().get_caller_identity(GOOD))
    assert (err.code, err.kind) == ("AuthFailure.SignatureExpire", "clock")
    assert err.server_date is not None
    assert abs((err.server_date - time.time()) - offset) < 3


def test_clock_within_window_is_accepted(lab: Lab) -> None:
    lab.emu.clock_offset = 290.0
    assert run(lab.api().get_caller_identity(GOOD)).account_id == ACCOUNT


@pytest.mark.parametrize(
    "deny_code", ["AuthFailure.UnauthorizedOperation", "UnauthorizedOperation"]
)
def test_cam_denial(lab: Lab, deny_code: str) -> None:
    key = lab.emu.keys[SID]
    key.allow, key.deny_code = ("dnspod:Describe*",), deny_code
    err = error_of(lambda: lab.api().delete_record(GOOD, "example.com", 1))
    assert (err.code, err.kind) == (deny_code, ErrorKind.DENIED)
    assert "dnspod:DeleteRecord" in err.message


@pytest.mark.parametrize(
    ("zone", "record_id", "code", "kind"),
    [
        ("example.com", 1, "InvalidParameter.RecordIdInvalid", ErrorKind.OTHER),
        ("example.org", 1, "InvalidParameterValue.DomainNotExists", ErrorKind.NO_ZONE),
        ("example.com.", 1, "InvalidParameter.DomainInvalid", ErrorKind.INVALID_ZONE),
    ],
)
def test_delete_probe_answers(
    lab: Lab, zone: str, record_id: int, code: str, kind: ErrorKind
) -> None:
    err = error_of(lambda: lab.api().delete_record(GOOD, zone, record_id))
    assert (err.code, err.kind) == (code, kind)


def test_error_on_empty_yes_is_an_error(lab: Lab) -> None:
    err = error_of(
        lambda: lab.api().describe_record_list(
            GOOD, "example.com", "x", "TXT", error_on_empty="yes"
        )
    )
    assert err.code == "ResourceNotFound.NoDataOfRecord"


# -- retry policy ----------------------------------------------------------------------------


def test_rate_limit_on_a_read_is_retried_then_succeeds(lab: Lab) -> None:
    lab.emu.inject(Fault("rate_limit", times=2))
    api = lab.api()
    assert run(api.get_caller_identity(GOOD)).account_id == ACCOUNT
    assert [code for _, code in lab.actions()] == ["fault:rate_limit", "fault:rate_limit", "OK"]
    assert len(lab.pauses) == 2


def test_rate_limit_retry_is_bounded(lab: Lab) -> None:
    lab.emu.inject(Fault("rate_limit", times=-1))
    err = error_of(lambda: lab.api(max_attempts=3).describe_domain(GOOD, "example.com"))
    assert (err.code, err.kind, err.attempts) == ("RequestLimitExceeded", ErrorKind.RATE_LIMIT, 3)
    assert len(lab.emu.seen) == 3


def test_server_error_on_a_read_is_retried(lab: Lab) -> None:
    lab.emu.inject(Fault("http_error", times=1, status=502))
    assert run(lab.api().describe_domain(GOOD, "example.com")).domain == "example.com"
    assert [code for _, code in lab.actions()] == ["fault:http_error", "OK"]


@pytest.mark.parametrize("kind", ["rate_limit", "http_error"])
def test_writes_are_never_retried(lab: Lab, kind: str) -> None:
    lab.emu.inject(Fault(kind, times=1))
    api = lab.api()
    err = error_of(lambda: api.create_record(GOOD, "example.com", "_acme-challenge", "TXT", "v"))
    assert err.attempts == 1
    lab.emu.inject(Fault(kind, times=1))
    err = error_of(lambda: api.delete_record(GOOD, "example.com", 1))
    assert err.attempts == 1
    assert [a for a, _ in lab.actions()] == ["CreateRecord", "DeleteRecord"]
    assert lab.emu.domains["example.com"].records == []
    assert lab.pauses == []


def test_http_error_body_is_decoded_bytes(lab: Lab) -> None:
    lab.emu.inject(Fault("http_error", times=-1, status=503))
    err = error_of(lambda: lab.api(max_attempts=2).describe_domain(GOOD, "example.com"))
    assert (err.code, err.http_status, err.kind) == ("ServerNetworkError", 503, "server")
    assert isinstance(err.message, str) and "Bad Gateway" in err.message
    assert not err.message.startswith("b'")


def test_non_json_answer(lab: Lab) -> None:
    lab.emu.inject(Fault("non_json", times=1))
    err = error_of(lambda: lab.api().describe_domain(GOOD, "example.com"))
    assert (err.code, err.kind) == ("dnsdoctor.InvalidResponse", "response")


def test_content_type_trap_is_real_and_guarded(lab: Lab) -> None:
    """With ``application/json; charset=utf-8`` the SDK alone takes an error for success."""
    from tencentcloud.common import credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    lab.emu.inject(Fault("loose_content_type", times=1))
    hp = HttpProfile(protocol="http", endpoint=f"{HOST}:{lab.emu.port}", reqTimeout=3)
    client = CommonClient(
        "dnspod",
        "2021-03-23",
        credential.Credential(SID, KEY),
        "",
        ClientProfile(httpProfile=hp, language="en-US"),
    )
    raw = client.call("DescribeDomain", {"Domain": "example.org"})
    assert "DomainNotExists" in raw.decode()  # no exception from the SDK
    lab.emu.inject(Fault("loose_content_type", times=1))
    err = error_of(lambda: lab.api().describe_domain(GOOD, "example.org"))
    assert err.code == "InvalidParameterValue.DomainNotExists"


def test_silence_ends_at_the_deadline(lab: Lab) -> None:
    lab.emu.inject(Fault("silence", times=-1))
    started = time.monotonic()
    err = error_of(lambda: lab.api(timeout=0.5, max_attempts=1).get_caller_identity(GOOD))
    assert err.kind == "network"
    assert time.monotonic() - started < 2.5


def test_no_request_after_the_run_deadline(lab: Lab) -> None:
    err = error_of(lambda: lab.api().get_caller_identity(GOOD, deadline=time.monotonic() - 1))
    assert err.code == "dnsdoctor.Timeout"
    assert lab.emu.seen == []


def test_connection_refused_is_a_network_error() -> None:
    port = free_port([HOST], (socket.SOCK_STREAM,))
    api = TencentApi(f"http://{HOST}:{port}", timeout=2.0)
    err = error_of(lambda: api.get_caller_identity(GOOD))
    assert (err.code, err.kind) == ("ClientNetworkError", "network")


def test_default_endpoint_is_the_public_api_and_never_reached_in_tests() -> None:
    api = TencentApi(timeout=2.0)
    assert api.describe_endpoint("sts") == "https://sts.tencentcloudapi.com"
    assert TencentApi(site="intl").describe_endpoint("dnspod") == (
        "https://dnspod.intl.tencentcloudapi.com"
    )
    err = error_of(lambda: api.get_caller_identity(GOOD))
    assert err.kind == "network" and "outside loopback" in err.message


def test_without_loopback_only_mode_the_socket_guard_still_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dnsdoctor.net import guard

    monkeypatch.delenv(guard.ENV, raising=False)
    err = error_of(lambda: TencentApi(timeout=2.0).get_caller_identity(GOOD))
    assert (err.code, err.kind) == ("ClientNetworkError", "network")
    assert "test guard" in err.message


# -- secrets in errors -----------------------------------------------------------------------


def test_error_text_never_contains_a_secret() -> None:
    secrets.register(KEY)
    header = f"Authorization: TC3-HMAC-SHA256 Credential={SID}/2024-01-01/sts/tc3_request, X-TC-Token: tok{KEY}"
    err = TencentApiError("ClientNetworkError", f"Invalid header value {header!r} {KEY}")
    text = f"{err} {err!r} {err.message}"
    assert KEY not in text and SID not in text and SID[4:12] not in text
    assert _clean_message(b"\xff\xfebytes body").startswith("\ufffd")


def test_repr_of_a_credential_is_masked() -> None:
    assert KEY not in repr(GOOD) and SID not in repr(GOOD)


# -- endpoint and classification -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme", "host", "loopback"),
    [
        ("http://127.0.0.1:8080", "http", "127.0.0.1:8080", True),
        ("http://[::1]:8080/", "http", "[::1]:8080", True),
        ("localhost:9000", "https", "localhost:9000", True),
        ("https://gw.example.net", "https", "gw.example.net", False),
    ],
)
def test_parse_endpoint(url: str, scheme: str, host: str, loopback: bool) -> None:
    ep = parse_endpoint(url)
    assert (ep.scheme, ep.host, ep.loopback) == (scheme, host, loopback)


@pytest.mark.parametrize(
    "url", ["ftp://h", "http://h/path", "http://h:99999", "http://u:p@h", "http://", "http://h?q=1"]
)
def test_bad_endpoints_are_plain_value_errors(url: str) -> None:
    with pytest.raises(ValueError, match="endpoint"):
        TencentApi(url)


def test_bad_site_and_timeout() -> None:
    with pytest.raises(ValueError, match="site"):
        TencentApi(site="moon")
    with pytest.raises(ValueError, match="timeout"):
        TencentApi(timeout=0)


@pytest.mark.parametrize(
    ("code", "status", "kind"),
    [
        ("AuthFailure.SignatureExpire", None, ErrorKind.CLOCK),
        ("AuthFailure.UnauthorizedOperation", None, ErrorKind.DENIED),
        ("UnauthorizedOperation", None, ErrorKind.DENIED),
        ("OperationDenied.NoPermissionToOperateDomain", None, ErrorKind.DENIED),
        ("AuthFailure.MFAFailure", None, ErrorKind.AUTH),
        ("ResourceNotFound.NoDataOfDomain", None, ErrorKind.NO_ZONE),
        ("RequestLimitExceeded.UinLimitExceeded", None, ErrorKind.RATE_LIMIT),
        ("ServerNetworkError", 502, ErrorKind.SERVER),
        ("InternalError", None, ErrorKind.SERVER),
        ("JSONDecodeError", None, ErrorKind.RESPONSE),
        ("FailedOperation.DomainIsLocked", None, ErrorKind.OTHER),
    ],
)
def test_classify(code: str, status: int | None, kind: ErrorKind) -> None:
    assert TencentApiError(code, http_status=status).kind is kind


def test_emulator_answers_the_documented_envelope(lab: Lab) -> None:
    import urllib.request

    request = urllib.request.Request(lab.emu.url, data=b"{}", method="POST")
    request.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=3) as resp:
        assert resp.headers["Content-Type"] == "application/json"
        body = json.loads(resp.read())
    error = body["Response"]["Error"]
    assert error["Code"] == "AuthFailure.InvalidAuthorization"
    assert set(body["Response"]) == {"Error", "RequestId"}


def test_real_endpoint_goes_through_the_users_https_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-loopback endpoint uses HTTPS_PROXY: the CONNECT reaches our refusing local proxy."""
    import threading

    from dnsdoctor.net import guard

    monkeypatch.delenv(guard.ENV, raising=False)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(5)
    seen: list[bytes] = []

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            seen.append(conn.recv(4096))
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{listener.getsockname()[1]}")
    try:
        err = error_of(
            lambda: TencentApi("https://api.invalid", timeout=3.0).describe_domain(GOOD, "x.com")
        )
    finally:
        thread.join(5)
        listener.close()
    assert err.kind == "network"
    assert seen and seen[0].startswith(b"CONNECT api.invalid:443 ")
