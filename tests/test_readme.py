"""The README tells the truth about what dnsdoctor changes (issue 12 item 10)."""

from __future__ import annotations

import re
from pathlib import Path

from dnsdoctor.cli import app

ROOT_DIR = Path(__file__).resolve().parents[1]
README = (ROOT_DIR / "README.md").read_text(encoding="utf-8")


def use_section() -> str:
    match = re.search(r"^## Use\n(.*?)^## ", README, re.S | re.M)
    assert match, "README has no Use section"
    return match.group(1)


def test_every_command_is_shown() -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert {"preflight", "cleanup", "check", "watch"} <= set(names)
    for name in names:
        assert f"dnsdoctor {name}" in README, name
    for name in ("preflight", "cleanup"):
        assert f"dnsdoctor {name}" in use_section(), name


def test_the_commands_that_write_say_so() -> None:
    use = use_section()
    assert "Everything is read-only" not in README
    said = " ".join(use.split())
    assert re.search(r"`preflight` creates .* real TXT .* deletes it", said), said
    assert re.search(r"`cleanup` deletes", said), said
    assert "--no-write-probe" in said


def test_a_virtualenv_in_the_checkout_is_ignored_by_git() -> None:
    ignored = (ROOT_DIR / ".gitignore").read_text(encoding="utf-8").split()
    assert ".venv/" in ignored  # the README's first command creates it
