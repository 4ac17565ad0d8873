"""Every check and finding code, with every family loaded (and preflight's findings, last).

The families register themselves when imported (:func:`dnsdoctor.checks.base.check`); importing
them is kept lazy so that ``dnsdoctor --version`` stays fast. This module is the one place that
loads them all, so that :mod:`dnsdoctor.checks.base` (imported by every family) imports none.
"""

from __future__ import annotations

from dnsdoctor.checks.base import _REGISTRY, _SPECS, Check
from dnsdoctor.core.model import FindingSpec


def load_all() -> None:
    """Import every check module so that they register, in report order."""
    import dnsdoctor.checks
    import dnsdoctor.preflight.findings  # noqa: F401


def all_checks() -> list[Check]:
    load_all()
    return list(_REGISTRY.values())


def all_specs() -> dict[str, FindingSpec]:
    load_all()
    return dict(_SPECS)
