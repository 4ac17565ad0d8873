"""Read a pasted ACME client log and say what failed (``dnsdoctor explain --log FILE|-``).

:mod:`.engine` scans the text (caps, windows, ordering) over the tables of the ACME clients
(:mod:`dnsdoctor.clients`) and of the DNS providers (their ``logs`` modules); :mod:`.causes` holds
what each recognised failure likely means, one :class:`~.causes.Cause` record each;
:mod:`.render` prints the matches and :mod:`.source` reads the log.
"""

from __future__ import annotations

from dnsdoctor.logparse.engine import (
    _PRIORITY,
    CAUSE_TEXTS,
    CLEANUP_NOTE,
    CLIENT_LABELS,
    CONFIRMING_CODES,
    FIELD_LABELS,
    KIND_TITLES,
    MAX_SCAN_CHARS,
    PHASE_LABELS,
    RESOLVER_LABELS,
    STAGE_LABELS,
    UI,
    LogMatch,
    analyse_log,
)
from dnsdoctor.logparse.render import render_log_json, render_log_matches
from dnsdoctor.logparse.source import _decode, read_log

__all__ = [
    "CAUSE_TEXTS",
    "CLEANUP_NOTE",
    "CLIENT_LABELS",
    "CONFIRMING_CODES",
    "FIELD_LABELS",
    "KIND_TITLES",
    "MAX_SCAN_CHARS",
    "PHASE_LABELS",
    "RESOLVER_LABELS",
    "STAGE_LABELS",
    "UI",
    "_PRIORITY",
    "LogMatch",
    "_decode",
    "analyse_log",
    "read_log",
    "render_log_json",
    "render_log_matches",
]
