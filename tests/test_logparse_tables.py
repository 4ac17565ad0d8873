"""The tables `explain --log` runs on: one Cause record per cause, the providers' log tables
(providers/<name>/logs.py) and the clients' patterns, each complete and consistent."""

from __future__ import annotations

import re

from dnsdoctor import logparse
from dnsdoctor.core.model import LANGS
from dnsdoctor.engine.catalog import all_specs
from dnsdoctor.logparse.causes import CAUSES, Cause
from dnsdoctor.logparse.engine import LINE_PATTERNS, provider_logs
from dnsdoctor.providers import all_providers

PROVIDER_WORDS = re.compile(
    r"SecretId|SecretKey|AccessKey|\bCAM\b|\bRAM\b|Tencent|Alibaba|腾讯|阿里"
)


def test_one_cause_record_each() -> None:
    registered = set(all_specs())
    for name, cause in CAUSES.items():
        assert isinstance(cause, Cause)
        assert all(cause.text.get(lang) for lang in LANGS), name
        assert all(code in registered for code in cause.codes), name
        assert 0 <= cause.priority <= 50, name
    # the views the package exports are made from the records, not kept beside them
    assert {n: c.text for n, c in CAUSES.items()} == logparse.CAUSE_TEXTS
    assert {n: c.codes for n, c in CAUSES.items() if c.codes} == logparse.CONFIRMING_CODES
    assert {n: c.priority for n, c in CAUSES.items()} == logparse._PRIORITY


def test_every_provider_has_a_log_table() -> None:
    assert len(provider_logs()) == len(all_providers())
    kinds = [log.kind for log in provider_logs()]
    assert len(set(kinds)) == len(kinds)


def test_provider_tables_are_complete() -> None:
    for log in provider_logs():
        assert log.kind in log.titles
        assert log.other_cause in CAUSES and log.markers and log.errors
        for table in (log.titles, log.causes):
            for key, text in table.items():
                assert all(text.get(lang) for lang in LANGS), (log.kind, key)
        assert set(log.causes) <= set(CAUSES)
        assert set(log.titles) <= {*logparse.KIND_TITLES, log.kind}
        for pattern in log.errors:
            assert "code" in pattern.groupindex
        for needle, code in log.messages:
            assert needle and log.known(code), (log.kind, code)
        for pattern, variables in log.credentials_missing:
            assert variables and pattern.pattern


def test_default_words_name_no_provider() -> None:
    """A cause a provider re-words is worded neutrally by default: a third provider must not
    speak of another provider's keys."""
    reworded = {cause for log in provider_logs() for cause in log.causes}
    assert reworded
    for name in reworded:
        for lang in LANGS:
            assert not PROVIDER_WORDS.search(CAUSES[name].text[lang]), (name, lang)
    title = logparse.KIND_TITLES["credentials_missing"]
    assert not any(PROVIDER_WORDS.search(title[lang]) for lang in LANGS)


def test_line_patterns_name_known_causes() -> None:
    for pattern in LINE_PATTERNS:
        assert pattern.kind in logparse.KIND_TITLES, pattern.kind
        assert pattern.cause in CAUSES, pattern.cause
