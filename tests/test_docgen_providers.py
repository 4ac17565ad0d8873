"""The generated documentation is honest for every provider (issue 13): no page shows a bare
``{placeholder}``, a code whose words depend on the DNS provider is shown in each registered
provider's words, and a third provider added to the registry appears with no edit to the tools."""

from __future__ import annotations

import importlib
import re
import sys
import types
from pathlib import Path

import pytest

from dnsdoctor import providers
from dnsdoctor.engine.catalog import all_specs
from dnsdoctor.providers import base
from dnsdoctor.providers.base import CliOption, Provider
from tools import docsite
from tools.docgen import findings_markdown

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

PLACEHOLDER = re.compile(r"(?<![\w${])\{[a-z_][a-z0-9_]*\}(?!\})")
"""``{server}``: a template's placeholder (not ``${VAR}``, not JSON, not ``{{``)."""

PROVIDER_CODES = (
    "CREDS_SIGNATURE_EXPIRE",
    "CREDS_SOURCE_USED",
    "CREDS_DELETE_DENIED",
    "CLOCK_SKEW_SIGNATURE_EXPIRE",
    "PREFLIGHT_PROBE_VISIBLE",
    "PREFLIGHT_CREATE_FAILED",
    "PREFLIGHT_CAM_POLICY",
    "PREFLIGHT_SETTINGS_LEGO",
    "DNSSEC_DS_WITHOUT_DNSKEY",
)
"""Codes whose texts take the provider's words (a sample of each family that has them)."""


def _page(files: dict[Path, str], code: str) -> str:
    """A finding page, its Markdown escapes undone."""
    text = files[DOCS / docsite.FINDINGS_DIR / f"{code}.md"]
    return re.sub(r"\\([\\*_])", r"\1", text)


def _section(markdown: str, code: str) -> str:
    """The part of ``docs/findings.md`` about one code."""
    start = markdown.index(f"\n## {code}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


def _unfilled(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


@pytest.fixture(scope="module")
def pages() -> dict[Path, str]:
    return docsite.generate(DOCS, examples=False)


def test_no_generated_page_shows_a_placeholder(pages: dict[Path, str]) -> None:
    found = {str(path): _unfilled(text) for path, text in pages.items() if _unfilled(text)}
    assert found == {}
    assert _unfilled(findings_markdown(all_specs())) == []


def test_no_committed_page_shows_a_placeholder() -> None:
    committed = [DOCS / "findings.md", *sorted((DOCS / docsite.FINDINGS_DIR).glob("*.md"))]
    found = {
        p.name: _unfilled(p.read_text(encoding="utf-8"))
        for p in committed
        if _unfilled(p.read_text(encoding="utf-8"))
    }
    assert found == {}


def test_findings_md_is_up_to_date() -> None:
    committed = (DOCS / "findings.md").read_text(encoding="utf-8")
    assert committed == findings_markdown(all_specs()), "run `python -m tools.docgen` and commit"


@pytest.mark.parametrize("code", PROVIDER_CODES)
def test_provider_dependent_page_names_every_provider(pages: dict[Path, str], code: str) -> None:
    page = _page(pages, code)
    section = _section(findings_markdown(all_specs()), code)
    for provider in providers.all_providers():
        for text in (page, section):
            assert provider.title in text, (code, provider.name)
            assert provider.title_zh in text, (code, provider.name)


def test_each_provider_in_its_own_words(pages: dict[Path, str]) -> None:
    for provider in providers.all_providers():
        create = provider.actions["create"].split(":", 1)[-1]
        assert create in _page(pages, "PREFLIGHT_PROBE_VISIBLE"), provider.name
        assert provider.actions["create"] in _page(pages, "PREFLIGHT_CAM_POLICY"), provider.name
        lego = provider.settings_for("lego")
        assert lego is not None
        assert lego.propagation_timeout in _page(pages, "PREFLIGHT_SETTINGS_LEGO"), provider.name
        assert provider.clock_error in _page(pages, "CLOCK_SKEW_SIGNATURE_EXPIRE"), provider.name
        assert provider.clock_error in _page(pages, "CREDS_SIGNATURE_EXPIRE"), provider.name
        assert f"${lego.key_variables[0]}" in _page(pages, "CREDS_SOURCE_USED"), provider.name


def test_a_clock_example_is_beyond_each_providers_window(pages: dict[Path, str]) -> None:
    """Tencent refuses a request 300 s off, Alibaba 15 minutes off: one example offset cannot be
    right for both."""
    page = _page(pages, "CREDS_SIGNATURE_EXPIRE")
    assert "this clock is 7 min 11 s ahead of the API's clock (AuthFailure.SignatureExpire)" in page
    assert "this clock is 17 min 11 s ahead of the API's clock (InvalidTimeStamp.Expired)" in page


def test_a_code_a_provider_never_reports_says_so(pages: dict[Path, str]) -> None:
    page = _page(pages, "CREDS_LEGACY_DNSPOD_TOKEN")  # alidns texts: NOT_RAISED
    assert "Never reported for Alibaba Cloud DNS." in page
    assert "阿里云云解析 DNS不会报告此项。" in page
    assert "**Alibaba Cloud DNS:**" not in page
    assert "**Tencent Cloud DNSPod:** The key from $TENCENTCLOUD_SECRET_ID" in page  # whose words


def test_a_provider_neutral_page_has_no_provider_sections(pages: dict[Path, str]) -> None:
    page = _page(pages, "DNS_SERIAL_LAG")
    assert "ns2.example.net (198.51.100.53) lags behind: SOA serial 2026120101" in page
    for provider in providers.all_providers():
        assert f"**{provider.title}:**" not in page


PKG = Path(__file__).parent / "providers" / "fakedns_pkg"


def _folder_provider() -> Provider:
    """The complete fake provider's ``PROVIDER`` (tests/providers/fakedns_pkg), read from its folder
    without registering it: imported as a package of its own and forgotten again."""
    sys.path.insert(0, str(PKG))
    try:
        provider: Provider = importlib.import_module("fakedns").PROVIDER
    finally:
        sys.path.remove(str(PKG))
        for name in [m for m in sys.modules if m == "fakedns" or m.startswith("fakedns.")]:
            del sys.modules[name]
    return provider


@pytest.fixture
def fakedns(monkeypatch: pytest.MonkeyPatch) -> Provider:
    """A third provider in the registry, as its folder would add it (metadata only: no texts,
    errors or logs module)."""
    provider = Provider(
        name="fakedns",
        title="Fake DNS",
        title_zh="假 DNS",
        ns_suffixes=("fakedns.example",),
        clock_window=60.0,
        key_id_label="Key ID",
        secret_label="Key Secret",
        key_id_shapes=("FAKE[A-Z0-9]{16}",),
        policy_system="FIAM",
        actions={
            "whoami": "fiam:WhoAmI",
            "zones": "fakedns:ListZones",
            "zone": "fakedns:GetZone",
            "records": "fakedns:ListRecords",
            "create": "fakedns:PutTxt",
            "delete": "fakedns:DropRecord",
        },
        clock_error="RequestTimeTooSkewed",
        client_settings={"lego": _folder_provider().client_settings["lego"]},
        endpoint_option="fakedns_endpoint",
        cli_options=(CliOption("--fakedns-endpoint", "URL", "Fake DNS API.", "假 DNS API。"),),
    )
    module = types.ModuleType("dnsdoctor.providers.fakedns")
    module.PROVIDER = provider  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dnsdoctor.providers.fakedns", module)
    monkeypatch.setattr(providers, "NAMES", (*providers.NAMES, "fakedns"))
    monkeypatch.setattr(base, "_WORDED", dict(base._WORDED))  # specs in the provider's words
    return provider


def test_a_third_provider_appears_in_the_generated_pages(fakedns: Provider) -> None:
    pages = docsite.generate(DOCS, examples=False)
    markdown = findings_markdown(all_specs())
    for code in PROVIDER_CODES:
        assert "Fake DNS" in _page(pages, code), code
        assert "假 DNS" in _page(pages, code), code
        assert "Fake DNS" in _section(markdown, code), code
    assert "PutTxt" in _page(pages, "PREFLIGHT_PROBE_VISIBLE")
    assert "fakedns:PutTxt" in _page(pages, "PREFLIGHT_CAM_POLICY")
    lego = fakedns.settings_for("lego")  # its folder's lego settings, as docgen must show them
    assert lego is not None and lego.propagation_timeout == "FAKEDNS_PROPAGATION_TIMEOUT"
    settings = _page(pages, "PREFLIGHT_SETTINGS_LEGO")
    assert (
        f"lego: {lego.propagation_timeout}={lego.default_timeout:g} "
        f"{lego.polling_interval}={lego.default_interval:g} {lego.ttl}={lego.default_ttl}"
    ) in settings
    assert (
        f"lego's {lego.plugin} provider reads these variables (defaults "
        f"{lego.default_timeout:g} s, {lego.default_interval:g} s, {lego.default_ttl})"
    ) in settings
    assert f"${lego.credentials[0]} / ${lego.credentials[1]}" in _page(pages, "CREDS_SOURCE_USED")
    assert "FAKE…" in _page(pages, "CREDS_SOURCE_USED")  # its key id's shape, masked
    found = {str(p): _unfilled(t) for p, t in pages.items() if _unfilled(t)}
    assert found == {}
    assert _unfilled(markdown) == []


def test_a_third_provider_folder_is_shown_in_its_own_words(fakedns_folder: Provider) -> None:
    pages = docsite.generate(DOCS, examples=False)
    expire = _page(pages, "CLOCK_SKEW_SIGNATURE_EXPIRE")
    assert "**Fake DNS:**" in expire
    assert "Auth.ClockSkew" in expire  # its clock error, in its own wording
    assert "FDNS…" in _page(pages, "CREDS_SOURCE_USED")  # its key id's shape, masked
    assert "$FAKEDNS_KEY" in _page(pages, "CREDS_SOURCE_USED")
    assert "fakedns:CreateRecord" in _page(pages, "PREFLIGHT_CAM_POLICY")
    found = {str(p): _unfilled(t) for p, t in pages.items() if _unfilled(t)}
    assert found == {}


def test_the_registry_is_restored_after_the_fixtures() -> None:
    assert "fakedns" not in providers.NAMES
    assert not any(m.startswith("dnsdoctor.providers.fakedns") for m in sys.modules)
    assert not any(m == "fakedns" or m.startswith("fakedns.") for m in sys.modules)
    assert not hasattr(providers, "fakedns")
    assert not any(name == "fakedns" for name, _, _ in base._WORDED)
