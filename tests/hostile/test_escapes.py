"""Escape-laden answers never reach the terminal raw.

A loopback DNS world serves TXT values full of terminal controls: an OSC 0 sequence that retitles
the terminal, ESC [ 2 J that clears it, an OSC 8 hyperlink that disguises a link, bidi overrides
and isolates, C1 controls (as UTF-8 and as a raw byte), DEL and NUL. ``check`` runs through the
console entry point in every format, to stdout and to an ``--output`` file; ``explain --log`` reads
a log with the same bytes. No output may carry a raw control character from outside: in JSON the
*decoded* strings are searched (``"\\u001b"`` in JSON text is still an ESC once parsed), and the
values must still be there as visible escapes (``\\x1b``), not silently dropped.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor.lab.internet import TOKEN, DemoInternet, example_zone

Cli = Callable[..., Any]

# Master-file text (\DDD is a decimal byte) and the visible form each value must take.
HOSTILE = {
    "title": (r"\027]0;pwned-title\007", r"\x1b]0;pwned-title\x07"),
    "clear": (r"\027[2J\027[Hcleared", r"\x1b[2J\x1b[Hcleared"),
    "link": (
        r"\027]8;;https://evil.example/\027\092click-me\027]8;;\027\092",
        r"\x1b]8;;https://evil.example/\x1b\click-me\x1b]8;;\x1b\ ".rstrip(),
    ),
    "bidi": (
        r"safe\226\128\174exe.txt\226\129\166iso\226\129\169",
        r"safe\u202eexe.txt\u2066iso\u2069",
    ),
    "c1": (r"c1\194\155" "31mred", r"c1\x9b31mred"),
    "raw-c1": (r"raw\155" "2Jbyte", r"raw\x9b2Jbyte"),
    "del-nul": (r"del\127nul\000bell\007zw\226\128\139sp", r"del\x7fnul\x00bell\x07zw\u200bsp"),
}
ZONE_VALUES = tuple(wire for wire, _ in HOSTILE.values())
SHOWN = tuple(shown for _, shown in HOSTILE.values())

# A record at the double-label name (DOUBLE_LABEL evidence carries its TXT values).
DOUBLE = "\n".join(
    f'_acme-challenge.example.com 60 IN TXT "{v}"' for v in (ZONE_VALUES[0], ZONE_VALUES[3])
)


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    """The characters a terminal would act on or hide: C0, DEL, C1, format characters (bidi
    overrides and isolates, zero-width), line and paragraph separators, lone surrogates."""
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if c not in allowed and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        }
    )


def strings_of(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings_of(key)
            yield from strings_of(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_of(value)


def assert_no_raw_controls(where: str, text: str) -> None:
    found = raw_controls(text)
    assert not found, f"{where}: raw control characters {found} in output"


def assert_json_clean(where: str, text: str) -> Any:
    assert_no_raw_controls(where, text)
    data = json.loads(text)
    for s in strings_of(data):
        found = raw_controls(s)
        assert not found, f"{where}: a decoded JSON string holds {found}: {s!r}"
    return data


@pytest.fixture(scope="module")
def hostile_world() -> Iterator[DemoInternet]:
    """ns1 and ns2 serve only hostile TXT values; a hostile record sits at the double label."""
    world = DemoInternet()
    zone = example_zone(txt=ZONE_VALUES, extra=DOUBLE)
    for server in (world.ns1, world.ns2):
        world.set_zone(server, "example.com.", zone)
    world.world.start()
    try:
        yield world
    finally:
        world.world.stop()


@pytest.fixture(scope="module")
def one_hostile_world() -> Iterator[DemoInternet]:
    """ns1 serves the token, ns2 only hostile values: DNS_TXT_MISSING for ns2."""
    world = DemoInternet()
    world.set_zone(world.ns1, "example.com.", example_zone(txt=(TOKEN,)))
    world.set_zone(world.ns2, "example.com.", example_zone(txt=ZONE_VALUES))
    world.world.start()
    try:
        yield world
    finally:
        world.world.stop()


def check_args(world: DemoInternet) -> list[str]:
    return [*world.check_argv("example.com", expect=(TOKEN,)), "--no-clock", "--select", "dns"]


WIDE = {"COLUMNS": "1000"}


def test_the_wire_really_carries_the_bytes(hostile_world: DemoInternet) -> None:
    """The zone holds the raw bytes (so a clean output is the tool's doing, not the lab's)."""
    import dns.name
    import dns.rdatatype

    zone = hostile_world.ns1.zones[dns.name.from_text("example.com.")]
    rdataset = zone.find_rdataset("_acme-challenge", dns.rdatatype.TXT)
    wire = {b"".join(rr.strings) for rr in rdataset}
    assert b"\x1b]0;pwned-title\x07" in wire
    assert any(b"\xe2\x80\xae" in v for v in wire) and any(b"raw\x9b" in v for v in wire)


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown"])
def test_check_stdout_has_no_raw_controls(cli: Cli, hostile_world: DemoInternet, fmt: str) -> None:
    args = [*check_args(hostile_world), "--format", fmt, *(["-v"] if fmt == "rich" else [])]
    run = cli(*args, env=WIDE)
    assert run.exit_code == 1, run.stderr
    assert_no_raw_controls(f"check -f {fmt} (stderr)", run.stderr)
    if fmt == "json":
        data = assert_json_clean("check -f json", run.stdout)
        codes = {f["code"] for c in data["checks"] for f in c["findings"]}
        # the challenge name holds the hostile values, not the token: another value, not absence
        assert {"DNS_TXT_OTHER_VALUE", "DNS_DOUBLE_LABEL"} <= codes
        text = "\n".join(strings_of(data))
    else:
        assert_no_raw_controls(f"check -f {fmt}", run.stdout)
        text = run.stdout
    for shown in SHOWN:  # shown, as visible escapes
        assert shown in text, (fmt, shown)


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown"])
def test_check_output_file_has_no_raw_controls(
    cli: Cli, hostile_world: DemoInternet, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    args = [*check_args(hostile_world), "--format", fmt, "-v", "--output", str(out)]
    run = cli(*args)
    assert run.exit_code == 1, run.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = assert_json_clean(f"--output ({fmt})", text)
        text = "\n".join(strings_of(data))
    else:
        assert_no_raw_controls(f"--output ({fmt})", text)
    assert r"\x1b]0;pwned-title\x07" in text


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown"])
def test_txt_missing_at_one_server_has_no_raw_controls(
    cli: Cli, one_hostile_world: DemoInternet, fmt: str
) -> None:
    run = cli(*check_args(one_hostile_world), "--format", fmt, "-v", env=WIDE)
    assert run.exit_code == 1, run.stderr
    if fmt == "json":
        data = assert_json_clean("check -f json", run.stdout)
        missing = [
            f for c in data["checks"] for f in c["findings"] if f["code"] == "DNS_TXT_MISSING"
        ]
        assert missing, "expected DNS_TXT_MISSING for ns2"
        assert r"\x1b[2J" in missing[0]["title"]
    else:
        assert_no_raw_controls(f"check -f {fmt}", run.stdout)
        assert r"\x1b[2J" in run.stdout


def test_double_label_evidence_is_visible(cli: Cli, hostile_world: DemoInternet) -> None:
    run = cli(*check_args(hostile_world), "--format", "json")
    data = assert_json_clean("check -f json", run.stdout)
    double = [f for c in data["checks"] for f in c["findings"] if f["code"] == "DNS_DOUBLE_LABEL"]
    assert double
    values = " ".join(e["value"] for e in double[0]["evidence"])
    assert r"\x1b]0;pwned-title\x07" in values and r"\u202e" in values


# ------------------------------------------------------------------------ explain --log

HOSTILE_LOG = (
    "2025/01/01 10:00:00 [INFO] [example.com] acme: Waiting for DNS record propagation.\n"
    "2025/01/01 10:00:01 [INFO] [example.com] NS ns1.example.com. did not return the expected "
    "TXT record [fqdn: _acme-challenge.example.com., value: abc]: \x1b]0;pwned-title\x07"
    "\x1b[2J\u202eevil\x9b31m\n"
    "2025/01/01 10:00:02 [ERROR] dnspod: API call failed: [TencentCloudSDKError] "
    "Code=AuthFailure.SignatureFailure, Message=bad \x1b]8;;https://evil.example/\x1b\\click"
    "\x1b]8;;\x1b\\ \u2066iso\u2069 \x7f done, RequestId=abc-123\n"
    "2025/01/01 10:00:03 [ERROR] lookup _acme-challenge.example.com on 1.2.3.4:53: server "
    "misbehaving\x1b]0;x\x07\u200b\n"
)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_explain_log_has_no_raw_controls(cli: Cli, tmp_path: Path, fmt: str) -> None:
    log = tmp_path / "acme.log"
    log.write_text(HOSTILE_LOG, encoding="utf-8")
    run = cli("explain", "--log", str(log), "--format", fmt)
    assert run.exit_code == 0, run.stderr
    if fmt == "json":
        data = assert_json_clean("explain --log -f json", run.stdout)
        text = "\n".join(strings_of(data))
        assert {m["kind"] for m in data} >= {"txt_value_missing", "tencent_api_error"}
    else:
        assert_no_raw_controls("explain --log", run.stdout)
        text = run.stdout
    assert r"\x1b]0;pwned-title\x07" in text
    assert r"\u202e" in text and r"\x1b]8;;https://evil.example/" in text


def test_explain_log_title_and_fields_are_sanitised_in_process() -> None:
    from dnsdoctor.logparse import analyse_log, render_log_matches

    matches = analyse_log(HOSTILE_LOG)
    assert matches
    for m in matches:
        for lang in ("en", "zh"):
            assert_no_raw_controls("title", m.title(lang))
            assert_json_clean("as_dict", json.dumps(m.as_dict(lang)))
        for key, value in m.fields.items():
            assert_no_raw_controls(f"field {key}", value)
        assert_no_raw_controls("excerpt", m.excerpt)
    assert_no_raw_controls("render", render_log_matches(matches, "en"))


# ------------------------------------------------------------------------ watch


@pytest.mark.parametrize("fmt", ["rich", "json"])
def test_watch_shows_hostile_values_visibly(
    cli: Cli, hostile_world: DemoInternet, fmt: str
) -> None:
    args = ["watch", "example.com", "--expect", TOKEN, *hostile_world.dns_args()]
    run = cli(*args, "--timeout", "1.5", "--interval", "0.5", "--format", fmt)
    assert run.exit_code == 1, run.stderr
    assert_no_raw_controls(f"watch -f {fmt} (stderr)", run.stderr)
    if fmt == "json":
        data = assert_json_clean("watch -f json", run.stdout)
        values = [v for s in data["servers"] for v in s["values"]]
        assert r"\x1b]0;pwned-title\x07" in values
    else:
        assert_no_raw_controls("watch", run.stdout)
        assert r"\x1b]0;pwned-title\x07" in run.stdout


def test_extra_values_are_escaped_once(cli: Cli) -> None:
    """TXT values reach a check already made visible (``\\x1b``): quoting them with repr() would
    escape the backslash again (``\\\\x1b``), so the title would show neither the byte nor its
    escape."""
    world = DemoInternet()
    zone = example_zone(txt=(TOKEN, ZONE_VALUES[0], ZONE_VALUES[1]))
    for server in (world.ns1, world.ns2):
        world.set_zone(server, "example.com.", zone)
    with world.world:
        run = cli(*check_args(world), "--format", "json", env=WIDE)
    data = assert_json_clean("check -f json", run.stdout)
    (extra,) = [
        f for c in data["checks"] for f in c["findings"] if f["code"] == "DNS_TXT_EXTRA_VALUES"
    ]
    assert f"'{SHOWN[0]}'" in extra["title"] and f"'{SHOWN[1]}'" in extra["title"]
    assert "\\\\" not in extra["title"] + extra["params"]["values"]
