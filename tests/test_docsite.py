"""The documentation site: the generated pages are committed up to date, come from the finding
specs, and the site builds with ``mkdocs build --strict`` (when mkdocs-material is installed)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dnsdoctor.core.model import LANGS
from dnsdoctor.engine.catalog import all_specs
from dnsdoctor.lab.scenarios import all_scenarios
from tools import docsite, examples

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def generated() -> dict[Path, str]:
    return docsite.generate(DOCS)


def test_generated_files_are_up_to_date(generated: dict[Path, str]) -> None:
    stale = docsite.stale(DOCS, generated)
    assert stale == [], "stale generated docs; run `python -m tools.docsite` and commit:\n" + (
        "\n".join(stale)
    )


def test_one_page_per_code_in_the_nav(generated: dict[Path, str]) -> None:
    specs = all_specs()
    pages = {p.stem for p in generated if p.parent == DOCS / docsite.FINDINGS_DIR}
    assert pages == set(specs)
    mkdocs_yml = generated[ROOT / "mkdocs.yml"]
    for code in specs:
        assert f"- {code}: findings/{code}.md" in mkdocs_yml


def test_pages_read_the_specs(generated: dict[Path, str]) -> None:
    """Each page has the spec's meaning and remedy, filled with the example params, in each
    provider's words where they differ (tools/examples.py)."""
    for code, spec in all_specs().items():
        page = generated[DOCS / docsite.FINDINGS_DIR / f"{code}.md"]
        assert page.startswith(f"# {code}\n")
        for lang in LANGS:
            for field in ("meaning", "remedy"):
                for _, text in examples.field_texts(spec, lang, field):
                    words = re.sub(r"[\\`*_<>&;]|lt|gt", "", text)
                    assert words[:30] in re.sub(r"[\\`*_<>&;]|lt|gt", "", page), (code, lang)
        for heading in ("What it checks", "Why it matters", "How to fix"):
            assert f"### {heading}" in page
        for heading in ("检查什么", "为什么重要", "如何解决"):
            assert f"### {heading}" in page
        assert ("### Example output" in page) == ("### 示例输出" in page) == ("```text" in page)


def test_example_output_from_the_scenario(generated: dict[Path, str]) -> None:
    firsts = {s.first_code for s in all_scenarios().values() if s.first_code}
    with_example = 0
    for code in all_specs():
        page = generated[DOCS / docsite.FINDINGS_DIR / f"{code}.md"]
        if "```text" in page:
            with_example += 1
            assert code in firsts
            assert page.count("```text") == 2  # English and Chinese
    assert firsts <= set(all_specs())
    assert with_example == len(firsts)  # every code a scenario finds first shows its output


def test_scenarios_page_lists_every_scenario(generated: dict[Path, str]) -> None:
    page = generated[DOCS / "scenarios.md"]
    for name, scenario in all_scenarios().items():
        assert f"| `{name}` |" in page
        assert docsite._cell(scenario.summary["zh"])[:10] in page


def test_normalise_output() -> None:
    text = (
        "ns2 (127.0.0.14:45496) udp 12 ms, tcp 3.5 ms at _dnsdoctor-e9f12ddb.example.com  \n"
        "key AKID…hX (36 chars, sha256:7cacdcbd) updated 2026-11-29 04:34:49 (UTC+8)\n"
    )
    assert docsite.normalise_output(text) == (
        "ns2 (127.0.0.14) udp N ms, tcp N ms at _dnsdoctor-0a1b2c3d.example.com\n"
        "key AKID…xx (36 chars, sha256:0a1b2c3d) updated 2026-12-01 08:00:00 (UTC+8)\n"
    )


def test_normalise_output_steadies_a_mask_in_chinese() -> None:
    text = "阿里云接受 AccessKey LTAI…hX（24 个字符，sha256:7cacdcbd）：账号；密钥 …（30 个字符，sha256:1f2e3d4c）\n"
    assert docsite.normalise_output(text) == (
        "阿里云接受 AccessKey LTAI…xx（24 个字符，sha256:0a1b2c3d）：账号；密钥 …（30 个字符，sha256:0a1b2c3d）\n"
    )
    # the console wraps a long line inside the mask
    wrapped = "  i 腾讯云密钥 AKID…Z8（36\n    个字符，sha256:2d058776）  [CREDS_SOURCE_USED]\n"
    assert docsite.normalise_output(wrapped) == (
        "  i 腾讯云密钥 AKID…xx（36\n    个字符，sha256:0a1b2c3d）  [CREDS_SOURCE_USED]\n"
    )


def test_normalise_output_removes_the_port_of_ipv6_loopback() -> None:
    """ipv6-address-down's page changed with every regeneration: the dead server's free port on
    [::1] was kept."""
    text = "! ns1.dnspod.net ([::1]:44871) does not answer, while ns1.dnspod.net answers on 127.0.0.13\n"
    assert docsite.normalise_output(text) == (
        "! ns1.dnspod.net (::1) does not answer, while ns1.dnspod.net answers on 127.0.0.13\n"
    )


def test_write_keeps_a_page_whose_example_only_measured_other_times(tmp_path: Path) -> None:
    """A clock measured 7 min 11 s in one run and 7 min 12 s in the next, a probe record seen
    after 31.1 s and then after 31.4 s: regenerating does not rewrite the committed page."""
    docs = tmp_path / "docs"
    page = docs / docsite.FINDINGS_DIR / "X.md"
    first = "# X\n\n```text\nthis clock is 7 min 11 s ahead; records take 31.1 s\n```\n"
    docsite.write(docs, {page: first})
    again = "# X\n\n```text\nthis clock is 7 min 12 s ahead; records take\n31.4 s\n```\n"
    docsite.write(docs, {page: again})
    assert page.read_text(encoding="utf-8") == first
    worded = again.replace("records take", "records need")
    docsite.write(docs, {page: worded})
    assert page.read_text(encoding="utf-8") == worded


def test_comparison_ignores_digits_and_wrapping_in_examples_only() -> None:
    a = "# X\n\nserial 1\n\n```text\nclock 7 min 11 s ahead\n  of the API\n```\n"
    b = "# X\n\nserial 1\n\n```text\nclock 7 min 12 s ahead of\nthe API\n```\n"
    assert docsite.comparable(a) == docsite.comparable(b)
    assert docsite.comparable(a) != docsite.comparable(a.replace("serial 1", "serial 2"))
    assert docsite.comparable(a) != docsite.comparable(a.replace("ahead", "behind"))


def test_markdown_escaping_keeps_code_spans() -> None:
    assert docsite._md("_acme-challenge `dnsdoctor watch` a*b <x>") == (
        "\\_acme-challenge `dnsdoctor watch` a\\*b &lt;x&gt;"
    )


def test_update_nav_needs_markers() -> None:
    with pytest.raises(ValueError):
        docsite.update_nav("nav:\n  - Home: index.md\n", all_specs())


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
    reason="mkdocs-material is not installed (CI builds the site in its own step)",
)
def test_site_builds_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` on a copy of the docs (docs/findings.md regenerated there: its
    freshness is the docgen test's business, not this one's)."""
    from tools.docgen import findings_markdown

    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(DOCS, tmp_path / "docs")
    (tmp_path / "docs" / "findings.md").write_text(findings_markdown(all_specs()), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert (tmp_path / "site" / "findings" / "DNS_SERIAL_LAG" / "index.html").exists()
    assert "schema_version" in (tmp_path / "site" / "json" / "index.html").read_text("utf-8")
