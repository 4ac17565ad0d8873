"""parse_target: whatever a user pastes becomes the challenge name, or a one-line BadName."""

from __future__ import annotations

import string

import dns.name
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dnsdoctor.core.context import Target
from dnsdoctor.core.targets import BadName, parse_target, parse_targets

CHALLENGE = b"_acme-challenge"
PROPERTY = settings(
    derandomize=True, database=None, max_examples=400, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip


def name_of_wire_length(octets: int) -> str:
    """A host name whose wire form (length bytes and the root label included) has ``octets``."""
    assert octets >= 4
    labels: list[str] = []
    left = octets - 1  # the root label
    letters = iter(string.ascii_lowercase * 10)
    while left:
        size = min(63, left - 1)
        if left - (size + 1) == 1:  # never leave room for a single length byte alone
            size -= 1
        labels.append(next(letters) * size)
        left -= size + 1
    return ".".join(labels)


@pytest.mark.parametrize(
    ("raw", "base", "wildcard", "display"),
    [
        ("example.com", "example.com.", False, "example.com"),
        ("*.example.com", "example.com.", True, "*.example.com"),
        ("_acme-challenge.example.com", "example.com.", False, "example.com"),
        ("_ACME-CHALLENGE.Example.Com.", "example.com.", False, "example.com"),
        ("https://Example.COM:8443/a/b?c=d#e", "example.com.", False, "example.com"),
        ("http://www.example.com", "www.example.com.", False, "www.example.com"),
        ("example.com:8080", "example.com.", False, "example.com"),
        ("example.com/some/path", "example.com.", False, "example.com"),
        ("EXAMPLE.COM", "example.com.", False, "example.com"),
        ("example.com.", "example.com.", False, "example.com"),
        ("  example.com\n", "example.com.", False, "example.com"),
        ("*.EXAMPLE.com.", "example.com.", True, "*.example.com"),
        ("bücher.de", "xn--bcher-kva.de.", False, "bücher.de"),
        ("BÜCHER.de", "xn--bcher-kva.de.", False, "bücher.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de.", False, "bücher.de"),
        ("https://bücher.de/", "xn--bcher-kva.de.", False, "bücher.de"),
        ("例子.测试", "xn--fsqu00a.xn--0zwm56d.", False, "例子.测试"),
        ("a.b", "a.b.", False, "a.b"),
        ("a" * 63 + ".com", "a" * 63 + ".com.", False, "a" * 63 + ".com"),
    ],
)
def test_accepted(raw: str, base: str, wildcard: bool, display: str) -> None:
    target = parse_target(raw)
    assert target.raw == raw
    assert target.base == dns.name.from_text(base)
    assert target.base.to_text() == base  # normalised to lower case / punycode
    assert target.challenge == dns.name.from_text("_acme-challenge." + base)
    assert target.wildcard is wildcard
    assert target.display == display


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("1.2.3.4", "IP address"),
        ("1.2.3.4:53", "IP address"),
        ("::1", "IP address"),
        ("2001:db8::1", "IP address"),
        ("[2001:db8::1]", "IP address"),
        ("http://[2001:db8::1]:443/", "IP address"),
        ("https://192.0.2.1/path", "IP address"),
        ("exa\x00mple.com", "control or invisible"),
        ("exa\tmple.com", "control or invisible"),
        ("exa\nmple.com", "control or invisible"),
        ("exa\u200bmple.com", "control or invisible"),  # zero-width space
        ("exa\u200dmple.com", "control or invisible"),  # zero-width joiner
        ("\ufeffexample.com", "control or invisible"),  # BOM pasted from a Windows file
        ("exa\u00admple.com", "control or invisible"),  # soft hyphen
        ("exa\u2028mple.com", "control or invisible"),  # line separator
        ("localhost", "not a fully qualified"),
        ("com", "not a fully qualified"),
        ("_acme-challenge.com", "not a fully qualified"),
        ("*.com", "not a fully qualified"),
        ("http://", "without a host"),
        ("https:///path", "without a host"),
        ("a" * 64 + ".com", "not a valid domain name"),
        (".".join(["a" * 63] * 4) + ".com", "not a valid domain name"),  # > 255 octets
        ("example..com", "not a valid domain name"),
        (".example.com", "not a valid domain name"),
        ("*.*.example.com", "wildcard"),
        ("www.*.example.com", "wildcard"),
        ("*", "wildcard"),
    ],
)
def test_rejected(raw: str, reason: str) -> None:
    with pytest.raises(BadName, match=reason):
        parse_target(raw)


def test_the_longest_base_that_still_fits_once_the_challenge_label_is_added() -> None:
    # RFC 1035 §2.3.4: 255 octets on the wire; "_acme-challenge" takes 16 of them.
    raw = name_of_wire_length(239)
    target = parse_target(raw)
    assert len(target.base.to_wire() or b"") == 239
    assert len(target.challenge.to_wire() or b"") == 255
    with pytest.raises(BadName):
        parse_target(name_of_wire_length(256))


@pytest.mark.parametrize("octets", [240, 247, 255])
def test_a_name_too_long_only_with_the_challenge_label_is_a_bad_name(octets: int) -> None:
    raw = name_of_wire_length(octets)
    assert len(dns.name.from_text(raw).to_wire() or b"") == octets
    with pytest.raises(BadName, match="too long once _acme-challenge is added"):
        parse_target(raw)


@pytest.mark.parametrize(
    "raw", ["example.com www.example.com", "exa mple.com", "example.com\u3000x"]
)
def test_whitespace_inside_a_name_is_a_bad_name(raw: str) -> None:
    with pytest.raises(BadName):
        parse_target(raw)


def test_targets_sharing_a_challenge_name_are_checked_once() -> None:
    targets = parse_targets(
        ["example.com", "*.example.com", "_acme-challenge.example.com", "www.example.com"]
    )
    assert [t.challenge.to_text() for t in targets] == [
        "_acme-challenge.example.com.",
        "_acme-challenge.www.example.com.",
    ]
    assert targets[0].wildcard and targets[0].apex_too
    assert targets[0].display == "example.com + *.example.com"
    assert targets[1].display == "www.example.com"


def test_parse_targets_reports_the_first_bad_name() -> None:
    with pytest.raises(BadName, match=r"'1\.2\.3\.4' is an IP address"):
        parse_targets(["example.com", "1.2.3.4"])


# ----------------------------------------------------------------------------- properties


def _holds(target: Target) -> None:
    assert isinstance(target, Target)
    assert target.challenge.is_absolute()
    assert target.challenge.labels[0] == CHALLENGE
    assert target.challenge.parent() == target.base
    assert len(target.challenge.to_wire() or b"") <= 255


def _parse_or_bad_name(raw: str) -> Target | None:
    try:
        target = parse_target(raw)
    except BadName as exc:
        assert str(exc)  # a one-line reason for the user
        assert "\n" not in str(exc).replace("\\n", "")
        return None
    _holds(target)
    return target


DOMAINISH = st.text(
    alphabet=st.sampled_from(
        [
            *(string.ascii_letters + string.digits + ".-_*:/[]@ "),
            *("ü", "例", "\u200b", "\u3002", "\x00", "\x7f", "\\", "%", "#", "?", "'"),
        ]
    ),
    max_size=80,
)


@PROPERTY
@given(st.one_of(st.text(max_size=120), DOMAINISH))
@example("_acme-challenge._acme-challenge.example.com")
@example("*._acme-challenge.example.com")
@example("http://[::1")
@example("http://exa mple.com:99999/")
@example("xn--.com")
@example("xn--zz-zzzzzz.com")
@example("a\\065.com")
@example("a\\.b.com")
def test_any_text_is_a_target_or_a_bad_name(raw: str) -> None:
    _parse_or_bad_name(raw)


@PROPERTY
@given(
    labels=st.lists(
        st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=30),
        min_size=2,
        max_size=5,
    ),
    wildcard=st.booleans(),
    challenge=st.booleans(),
    trailing_dot=st.booleans(),
    url=st.sampled_from(["", "https://", "http://"]),
)
def test_a_host_name_in_any_spelling_normalises_to_its_lower_case_base(
    labels: list[str], wildcard: bool, challenge: bool, trailing_dot: bool, url: str
) -> None:
    host = ".".join(labels)
    typed = ("*." if wildcard and not url else "") + (
        "_acme-challenge." if challenge and not url else ""
    )
    raw = url + typed + host + ("." if trailing_dot and not url else "") + ("/x" if url else "")
    target = parse_target(raw)
    _holds(target)
    assert target.base == dns.name.from_text(host.lower())
    assert target.base.to_text() == host.lower().rstrip(".") + "."
    assert target.wildcard is (wildcard and not url)
    again = parse_target(target.base.to_text())
    assert again.base == target.base and again.challenge == target.challenge


@PROPERTY
@given(st.integers(min_value=4, max_value=239))
def test_every_length_up_to_the_limit_is_accepted(octets: int) -> None:
    raw = name_of_wire_length(octets)
    if "." not in raw:
        return  # a single label is rejected for another reason
    target = parse_target(raw)
    assert len(target.challenge.to_wire() or b"") == octets + 16


@PROPERTY
@given(st.integers(min_value=240, max_value=300))
@example(240)
@example(255)
def test_every_length_past_the_limit_is_a_bad_name(octets: int) -> None:
    with pytest.raises(BadName):
        parse_target(name_of_wire_length(octets))
