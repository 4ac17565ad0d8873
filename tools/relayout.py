"""Move modules of dnsdoctor into the target layout (``ARCHITECTURE.md``) and rewrite every
reference to them; safe to run again after other branches merged (what has moved is left alone,
a reference already rewritten is not rewritten twice).

    python -m tools.relayout            # git mv + rewrite, from the repository's root
    python -m tools.relayout --dry-run  # only say what it would do

A move is ``old dotted name → new dotted name``. The script ``git mv``s the file (so that
``git log --follow`` finds its history), creates the new packages' ``__init__.py``, and rewrites,
in every tracked ``.py``, ``.md``, ``.toml``, ``.yml`` and ``.cfg`` file outside ``docs/findings``:
dotted names (``dnsdoctor.model`` → ``dnsdoctor.core.model``, also inside strings such as
``monkeypatch.setattr("dnsdoctor.preflight.X", …)``), ``from dnsdoctor import model`` forms, and
file paths (``dnsdoctor/model.py``). Run ruff (``ruff check --fix``, ``ruff format``) afterwards:
import blocks get sorted again.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

MOVES: dict[str, str] = {
    # core: the vocabulary, imports nothing above it
    "dnsdoctor.model": "dnsdoctor.core.model",
    "dnsdoctor.context": "dnsdoctor.core.context",
    "dnsdoctor.targets": "dnsdoctor.core.targets",
    "dnsdoctor.diagnosis": "dnsdoctor.core.diagnosis",
    "dnsdoctor.secrets": "dnsdoctor.core.secrets",
    "dnsdoctor.i18n": "dnsdoctor.core.i18n",
    # engine: select, run, report
    "dnsdoctor.runner": "dnsdoctor.engine.runner",
    "dnsdoctor.app": "dnsdoctor.engine.run",
    # truth: provider-neutral DNS
    "dnsdoctor.truth": "dnsdoctor.truth.challenge",
    "dnsdoctor.iterate": "dnsdoctor.truth.iterate",
    "dnsdoctor.path": "dnsdoctor.truth.path",
    "dnsdoctor.watch": "dnsdoctor.truth.watch",
    # preflight: the probe flow, its findings and the cleanup of what it creates
    "dnsdoctor.checks.preflight": "dnsdoctor.preflight.findings",
    "dnsdoctor.preflight": "dnsdoctor.preflight.engine",
    "dnsdoctor.cleanup": "dnsdoctor.preflight.cleanup",
    # the catalogue of every check and code (checks + preflight's findings) belongs to the engine
    "dnsdoctor.checks.registry": "dnsdoctor.engine.catalog",
    # checks: one package per family
    "dnsdoctor.checks.dns": "dnsdoctor.checks.dns.checks",
    "dnsdoctor.checks.path": "dnsdoctor.checks.path.checks",
    "dnsdoctor.checks.resolvers": "dnsdoctor.checks.resolvers.checks",
    "dnsdoctor.checks.resolver_sources": "dnsdoctor.checks.resolvers.sources",
    "dnsdoctor.checks.clock": "dnsdoctor.checks.clock.checks",
    "dnsdoctor.checks.clock_platform": "dnsdoctor.checks.clock.platform",
    "dnsdoctor.checks.creds": "dnsdoctor.checks.creds.checks",
    "dnsdoctor.checks.creds_lint": "dnsdoctor.checks.creds.lint",
}
PACKAGES: dict[str, str] = {
    "dnsdoctor.core": "The vocabulary every layer shares: the model, the run's context, targets,\n"
    "the diagnosis, secret masking, the text catalogue. Imports nothing above it.",
    "dnsdoctor.engine": "Selects the checks of a command, runs them and builds the report.",
    "dnsdoctor.truth": "Provider-neutral DNS: the walk from the root, what the challenge's name\n"
    "really holds, whether the path to DNS is intercepted, and watching a record spread.",
    "dnsdoctor.preflight": "``dnsdoctor preflight`` and ``dnsdoctor cleanup``: a real probe record\n"
    "created the way an ACME client creates one, timed on every server, always deleted.",
    "dnsdoctor.checks.dns": "The authoritative DNS of the challenge's name: delegation, name\n"
    "servers, their answers and agreement.",
    "dnsdoctor.checks.path": "Whether DNS from this host can be trusted at all: interception,\n"
    "DNAT, fake-IP answers on the path.",
    "dnsdoctor.checks.resolvers": "What the ACME client's resolvers see: the system's and public\n"
    "resolvers, where the system resolver comes from, negative caching.",
    "dnsdoctor.checks.clock": "The clock against NTP and HTTP Date, judged by the provider's\n"
    "signature window; how this platform keeps time.",
    "dnsdoctor.checks.creds": "Credentials: where the ACME clients read them, their lint, and\n"
    "authentication and permissions at the provider (generic steps over a Provider).",
}
SUFFIXES = {".py", ".md", ".toml", ".yml", ".yaml", ".cfg", ".txt"}
SKIP = ("docs/findings/", "docs/findings.md", "docs/scenarios.md")
"""Generated: regenerate them (python -m tools.docgen; python -m tools.docsite) instead."""


def _path(dotted: str) -> Path:
    return Path(*dotted.split(".")).with_suffix(".py")


def _git(*args: str, dry: bool) -> None:
    print("git", *args)
    if not dry:
        subprocess.run(["git", *args], check=True)


def move_files(root: Path, dry: bool) -> list[tuple[str, str]]:
    """``git mv`` each module still at its old place; the moves made."""
    done = []
    for package, doc in PACKAGES.items():
        init = root / Path(*package.split(".")) / "__init__.py"
        if not init.exists():
            print(f"create {init.relative_to(root)}")
            if not dry:
                init.parent.mkdir(parents=True, exist_ok=True)
                init.write_text(f'"""{doc}"""\n', encoding="utf-8")
                _git("add", str(init.relative_to(root)), dry=dry)
    for old, new in MOVES.items():
        source, target = root / _path(old), root / _path(new)
        if source.exists() and not target.exists():
            _git("mv", str(source.relative_to(root)), str(target.relative_to(root)), dry=dry)
            done.append((old, new))
    return done


def _patterns() -> list[tuple[re.Pattern[str], str]]:
    rules: list[tuple[re.Pattern[str], str]] = []
    new_names = set(MOVES.values())
    for old, new in MOVES.items():
        parent_old, _, leaf_old = old.rpartition(".")
        parent_new, _, leaf_new = new.rpartition(".")
        # a name that is already one of the new modules (dnsdoctor.truth.challenge, when the old
        # module dnsdoctor.truth became a package) is left alone: runs are idempotent
        inner = sorted(
            n[len(old) + 1 :].split(".")[0] for n in new_names if n.startswith(old + ".")
        )
        alt = "|".join(map(re.escape, inner))
        guard = rf"(?!\.(?:{alt})\b)(?!\s+import\s+(?:{alt})\b)" if inner else ""
        # from dnsdoctor import model [as x] → from dnsdoctor.core import model [as x]
        as_name = "" if leaf_old == leaf_new else f" as {leaf_old}"
        rules.append(
            (
                re.compile(
                    rf"^(\s*)from {re.escape(parent_old)} import {re.escape(leaf_old)}\b(?! as)",
                    re.M,
                ),
                rf"\1from {parent_new} import {leaf_new}{as_name}",
            )
        )
        rules.append(
            (
                re.compile(
                    rf"^(\s*)from {re.escape(parent_old)} import {re.escape(leaf_old)} as ", re.M
                ),
                rf"\1from {parent_new} import {leaf_new} as ",
            )
        )
        # dotted names anywhere (imports, strings, docs)
        rules.append(
            (re.compile(rf"(?<![\w.]){re.escape(old)}\b{guard}(?!\.py)"), new),
        )
        # file paths
        rules.append(
            (
                re.compile(rf"(?<![\w/]){re.escape(old.replace('.', '/'))}\.py\b"),
                new.replace(".", "/") + ".py",
            )
        )
    return rules


def tracked_files(root: Path) -> Iterable[Path]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=root, check=True, capture_output=True, text=True
    ).stdout
    for line in out.splitlines():
        if Path(line).suffix in SUFFIXES and not line.startswith(SKIP):
            yield root / line


_FROM_MANY = re.compile(
    r"^(?P<indent>[ \t]*)from (?P<pkg>dnsdoctor(?:\.\w+)*) import (?P<names>\w+(?:, \w+)+)(?P<comment>[ \t]*#.*)?$",
    re.M,
)


def _split_imports(text: str) -> str:
    """``from dnsdoctor import a, b`` → one line per name where any of them moves (the rules
    below rewrite one name per line)."""
    leaves = {old.rpartition(".")[::2] for old in MOVES}

    def split(m: re.Match[str]) -> str:
        names = m["names"].split(", ")
        if not any((m["pkg"], n) in leaves for n in names):
            return m[0]
        comment = m["comment"] or ""
        return "\n".join(f"{m['indent']}from {m['pkg']} import {n}{comment}" for n in names)

    return _FROM_MANY.sub(split, text)


def rewrite(root: Path, dry: bool) -> list[Path]:
    rules = _patterns()
    changed = []
    me = Path(__file__).resolve()
    for path in tracked_files(root):
        if not path.exists() or path.resolve() == me:
            continue
        text = path.read_text(encoding="utf-8")
        new = _split_imports(text)
        for pattern, replacement in rules:
            new = pattern.sub(replacement, new)
        if new != text:
            changed.append(path)
            if not dry:
                path.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    dry = "--dry-run" in args
    root = Path.cwd()
    if not (root / "dnsdoctor" / "__init__.py").exists():
        print("run from the repository's root", file=sys.stderr)
        return 2
    moved = move_files(root, dry)
    changed = rewrite(root, dry)
    print(f"{len(moved)} module(s) moved, {len(changed)} file(s) rewritten")
    for path in changed:
        print(f"  {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
