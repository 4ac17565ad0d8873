"""The published JSON schema (docs/schema/report-v1.json) describes the JSON report exactly: real
reports of every demo scenario validate against it, and broken ones do not."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from dnsdoctor.cli import app
from dnsdoctor.core.model import Severity, Status
from dnsdoctor.lab.scenarios import Scenario, all_scenarios
from dnsdoctor.report.json import SCHEMA_ID, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "docs" / "schema" / "report-v1.json"
SCENARIOS = all_scenarios()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(autouse=True, scope="module")
def _loopback_only() -> Iterator[None]:
    saved = os.environ.get("DNSDOCTOR_LOOPBACK_ONLY")
    os.environ["DNSDOCTOR_LOOPBACK_ONLY"] = "1"
    yield
    if saved is None:
        os.environ.pop("DNSDOCTOR_LOOPBACK_ONLY", None)
    else:
        os.environ["DNSDOCTOR_LOOPBACK_ONLY"] = saved


def run_json(scenario: Scenario, lang: str = "en") -> tuple[int, dict[str, Any]]:
    """Build the scenario's world and run its command with ``-f json`` against it."""
    demo = scenario.build()
    env = {**demo.env, "DNSDOCTOR_LOOPBACK_ONLY": "1"}
    with demo.world:
        result = CliRunner().invoke(
            app, [*demo.argv, "-f", "json", "--lang", lang], env=env, catch_exceptions=False
        )
    # every scenario's command is wired into the CLI: a removed command fails here (exit 2)
    assert result.exit_code in (0, 1, 3), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, report


def errors(validator: jsonschema.Draft202012Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def test_schema_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["properties"]["$schema"]["const"] == SCHEMA_ID
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION == 1


def test_schema_enums_follow_the_model(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    assert set(defs["severity"]["enum"]) == {s.label for s in Severity}
    assert set(defs["status"]["enum"]) == {s.value for s in Status}
    assert set(schema["properties"]["verdict"]["enum"]) == {"ok", "warning", "error"}


VERDICT_OF_EXIT = {0: {"ok", "warning"}, 1: {"error"}, 3: {"error"}}
"""Exit 1 is an error finding; 3 a crashed check, which the verdict calls an error too."""


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_demo_report_validates(name: str, validator: jsonschema.Draft202012Validator) -> None:
    scenario = SCENARIOS[name]
    code, report = run_json(scenario)
    assert errors(validator, report) == []
    assert report["language"] == "en"
    assert code == scenario.exit_code, report["verdict"]
    assert report["verdict"] in VERDICT_OF_EXIT[code], (code, report["verdict"])
    if scenario.first_code is None:
        assert report["root_causes"] == []


def test_chinese_report_validates(validator: jsonschema.Draft202012Validator) -> None:
    name = "lagging" if "lagging" in SCENARIOS else sorted(SCENARIOS)[0]
    _, report = run_json(SCENARIOS[name], "zh")
    assert errors(validator, report) == []
    assert report["language"] == "zh"


@pytest.fixture(scope="module")
def real_report() -> dict[str, Any]:
    """A report with at least one finding and one root cause, to break in many ways."""
    for name in ("lagging", "unreachable", *sorted(SCENARIOS)):
        if name in SCENARIOS and SCENARIOS[name].first_code is not None:
            _, report = run_json(SCENARIOS[name])
            if report["root_causes"] and any(c["findings"] for c in report["checks"]):
                return report
    pytest.fail("no demo scenario produced a finding and a root cause")


def _first_finding(report: dict[str, Any]) -> dict[str, Any]:
    finding: dict[str, Any] = next(f for c in report["checks"] for f in c["findings"])
    return finding


BREAKAGES = {
    "no verdict": lambda r: r.pop("verdict"),
    "unknown verdict": lambda r: r.update(verdict="maybe"),
    "schema_version 2": lambda r: r.update(schema_version=2),
    "schema_version as text": lambda r: r.update(schema_version="1"),
    "other $schema": lambda r: r.update({"$schema": "https://example.com/other.json"}),
    "unknown top-level key": lambda r: r.update(surprise=True),
    "unknown language": lambda r: r.update(language="fr"),
    "no tool version": lambda r: r["tool"].pop("version"),
    "targets not a list": lambda r: r.update(targets="example.com"),
    "started_at not a time": lambda r: r.update(started_at="yesterday"),
    "negative duration": lambda r: r.update(duration_s=-1),
    "unknown check status": lambda r: r["checks"][0].update(status="ok"),
    "check without findings": lambda r: r["checks"][0].pop("findings"),
    "unknown severity": lambda r: _first_finding(r).update(severity="fatal"),
    "finding without code": lambda r: _first_finding(r).pop("code"),
    "lower-case code": lambda r: _first_finding(r).update(code="dns_txt_missing"),
    "param not a string": lambda r: _first_finding(r)["params"].update(port=53),
    "evidence without value": lambda r: _first_finding(r).update(evidence=[{"label": "x"}]),
    "root cause without explains": lambda r: r["root_causes"][0].pop("explains"),
    "root cause with unknown severity": lambda r: r["root_causes"][0].update(severity="bad"),
    "environment without python": lambda r: r["environment"].pop("python"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_broken_report_fails(
    breakage: str, real_report: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    assert errors(validator, real_report) == []
    broken = copy.deepcopy(real_report)
    BREAKAGES[breakage](broken)
    assert errors(validator, broken), f"{breakage}: still valid"


def test_documented_example_validates(validator: jsonschema.Draft202012Validator) -> None:
    """The example in docs/json.md is a valid report."""
    page = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    example = page.split("## Example", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    assert errors(validator, json.loads(example)) == []
