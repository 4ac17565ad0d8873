"""The records dnsdoctor creates at the provider: how they are recognised, the local journal that
survives a crash, bounded deletion, and the engine of ``dnsdoctor cleanup``.

**What counts as ours.** A record is one dnsdoctor created only when *both* hold:

- it is a TXT record whose owner's first label is ``_dnsdoctor-probe-<token>`` (the token is 8 to
  32 lower-case hex digits), and
- its value is ``dnsdoctor-probe:<token>:<unix time>`` with the *same* token.

A record named like a probe without the marker, a record carrying a marker under another name, or a
marker whose token differs from the name's, is somebody else's and is never deleted. The journal
only says where to look and which RecordId a run got back; it never overrides these two tests.

**Any provider.** Everything here speaks :class:`~dnsdoctor.providers.base.DnsApi` (record ids are
strings, as each provider issues them); a journal entry names the provider and the API endpoint it
was created through, and ``dnsdoctor cleanup`` acts only on entries of the provider and endpoint it
talks to. An entry written before entries named their provider is Tencent Cloud's.

**The journal** (``$XDG_STATE_HOME/dnsdoctor/probes.json``, by default
``~/.local/state/dnsdoctor/probes.json``) holds one entry per probe that is not known to be gone:
an *intent* entry is written before ``CreateRecord`` is sent, the RecordId is added as soon as the
call returns, and the entry is removed once the API no longer lists the record. A run that dies in
between (power loss, ``kill -9``) leaves its entry behind; the next ``preflight`` warns about it and
``dnsdoctor cleanup`` finds and deletes the record. Writes are atomic (a temporary file renamed
over the journal) and serialised with an advisory lock, so two runs at once do not lose entries.

**Deletion** is by RecordId only, bounded by a deadline and retried a bounded number of times on
errors that may be transient (network, HTTP 5xx, rate limits); an error of kind
:attr:`~dnsdoctor.providers.base.ErrorKind.NO_RECORD` (DNSPod's ``InvalidParameter.RecordIdInvalid``,
Alibaba's ``DomainRecordNotBelongToUser``) means there is no such record (a previous attempt whose
answer was lost may have deleted it), which the caller then confirms by listing the records.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import secrets
import socket
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dnsdoctor.providers.base import ApiKey, DnsApi, ErrorKind, ProviderError, Record, Zone

PROBE_PREFIX = "_dnsdoctor-probe-"
MARKER = "dnsdoctor-probe"
NAME_PATTERN = re.compile(r"_dnsdoctor-probe-([0-9a-f]{8,32})")
VALUE_PATTERN = re.compile(r"dnsdoctor-probe:([0-9a-f]{8,32}):([0-9]{1,12})")
TOKEN_BYTES = 6
"""12 hex digits: unique per run, short enough to read in a console."""

JOURNAL_VERSION = 1
RETRYABLE = frozenset(
    {ErrorKind.NETWORK, ErrorKind.SERVER, ErrorKind.RATE_LIMIT, ErrorKind.RESPONSE}
)
"""Error kinds after which the same DeleteRecord may succeed a moment later."""
INDEX_GRACE = 600.0
"""A journal entry younger than this whose record is not listed may be hidden by the provider's
index delay (DNSPod's "retry after 30 s"): it is kept, not dropped."""
BUSY_FOR = 6 * 3600.0
"""A journal entry of a live process on this host younger than this belongs to a running
preflight: cleanup leaves its record alone."""
RECENT_FOR = 600.0
"""A probe record whose marker is younger than this, and that no dead run of this host's journal
owns, may belong to a preflight running on another host (its probe lives for ``--probe-timeout``
plus the deletion): cleanup lists it and leaves it alone."""
MAX_ZONES = 50
DEFAULT_PROVIDER = "tencentcloud"
"""The provider of a journal entry that names none (written before entries named theirs)."""
RECORD_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
"""A record id as a journal may hold it (DNSPod and Alibaba issue decimal numbers)."""


# -- recognising our records ------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_hex(TOKEN_BYTES)


def probe_label(token: str) -> str:
    return PROBE_PREFIX + token


def probe_value(token: str, when: float) -> str:
    return f"{MARKER}:{token}:{int(when)}"


def probe_subdomain(token: str, parent: str) -> str:
    """The record name relative to the zone: the probe label under ``parent`` (``""``/``@``:
    the apex)."""
    label = probe_label(token)
    return label if parent in ("", "@") else f"{label}.{parent}"


def _unquote(value: str) -> str:
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def probe_token(name: str, rtype: str, value: str) -> str | None:
    """The token when (``name``, ``rtype``, ``value``) is a record dnsdoctor created, else None.

    ``name`` is relative to the zone or absolute; only its first label is read."""
    if rtype.upper() != "TXT":
        return None
    first = name.strip().rstrip(".").split(".", 1)[0].lower()
    by_name = NAME_PATTERN.fullmatch(first)
    by_value = VALUE_PATTERN.fullmatch(_unquote(value))
    if by_name is None or by_value is None or by_name.group(1) != by_value.group(1):
        return None
    return by_name.group(1)


def marker_time(value: str) -> float | None:
    match = VALUE_PATTERN.fullmatch(_unquote(value))
    return float(match.group(2)) if match else None


def zone_ref(zone: str | Zone) -> Zone:
    """The :class:`Zone` the neutral calls take, from a zone's name (only the name is needed)."""
    return zone if isinstance(zone, Zone) else Zone(zone_id="", name=zone)


def is_ours(record: Record) -> bool:
    return probe_token(record.name, record.type, record.value) is not None


# -- the journal ------------------------------------------------------------------------------


def default_journal_path(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_STATE_HOME/dnsdoctor/probes.json``, else ``~/.local/state/dnsdoctor/probes.json``."""
    environ = os.environ if env is None else env
    state = environ.get("XDG_STATE_HOME", "")
    if state and os.path.isabs(state):
        base = Path(state)
    else:
        home = environ.get("HOME") or str(Path.home())
        base = Path(home) / ".local" / "state"
    return base / "dnsdoctor" / "probes.json"


@dataclass
class JournalEntry:
    """One probe record that is not known to be gone."""

    token: str
    zone: str
    subdomain: str
    """Relative to the zone, as sent in ``SubDomain``."""
    value: str
    endpoint: str
    """The API the record was created through (cleanup only acts on the same one)."""
    record_id: str | None = None
    """``None`` until the create call returned (an intent entry)."""
    state: str = "creating"
    """``creating``, ``created``, ``deleting``, ``delete-failed`` or ``unknown``."""
    created_at: float = 0.0
    pid: int = 0
    host: str = ""
    error: str = ""
    provider: str = DEFAULT_PROVIDER
    """The provider (``--provider`` name) the record was created at."""

    @property
    def fqdn(self) -> str:
        return f"{self.subdomain}.{self.zone}"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> JournalEntry | None:
        try:
            token = str(data["token"])
            zone = str(data["zone"])
            subdomain = str(data["subdomain"])
            value = str(data["value"])
            endpoint = str(data["endpoint"])
        except (KeyError, TypeError):
            return None
        if not re.fullmatch(r"[0-9a-f]{8,32}", token):
            return None
        rid = data.get("record_id")
        if isinstance(rid, int) and not isinstance(rid, bool):
            rid = str(rid)  # entries written before record ids were strings
        created = data.get("created_at")
        pid = data.get("pid")
        provider = data.get("provider")
        return cls(
            token=token,
            zone=zone,
            subdomain=subdomain,
            value=value,
            endpoint=endpoint,
            record_id=rid if isinstance(rid, str) and RECORD_ID.fullmatch(rid) else None,
            state=str(data.get("state", "unknown")),
            created_at=float(created) if isinstance(created, int | float) else 0.0,
            pid=pid if isinstance(pid, int) and not isinstance(pid, bool) else 0,
            host=str(data.get("host", "")),
            error=str(data.get("error", "")),
            provider=provider if isinstance(provider, str) and provider else DEFAULT_PROVIDER,
        )


class JournalError(OSError):
    """The journal cannot be read or written (the message names the path and the reason)."""


class Journal:
    """The probe journal at ``path`` (injectable: tests and the demo use their own)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_journal_path()
        self.problem = ""
        """Why the last read found no usable journal (a corrupt file), or ``""``."""

    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise JournalError(f"cannot use the journal {self.path}: {exc.strerror}") from None
        try:
            if sys.platform != "win32":
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _read(self) -> list[JournalEntry]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise JournalError(f"cannot read the journal {self.path}: {exc.strerror}") from None
        try:
            data = json.loads(text)
            items = data["probes"] if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise ValueError("no probes list")
        except (ValueError, KeyError):
            self.problem = f"{self.path} is not a dnsdoctor journal (left in place as .corrupt)"
            return []
        out = [JournalEntry.from_json(i) for i in items if isinstance(i, dict)]
        return [e for e in out if e is not None]

    def _write(self, entries: Sequence[JournalEntry]) -> None:
        if self.problem and self.path.exists():
            # keep the unreadable file for a human, never overwrite it silently
            with contextlib.suppress(OSError):
                os.replace(self.path, self.path.with_name(f"{self.path.name}.corrupt"))
            self.problem = ""
        data = {"version": JOURNAL_VERSION, "probes": [asdict(e) for e in entries]}
        try:
            fd, tmp = tempfile.mkstemp(prefix=".probes-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh, indent=2, ensure_ascii=False)
                    fh.write("\n")
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            raise JournalError(f"cannot write the journal {self.path}: {exc.strerror}") from None

    def entries(
        self, endpoint: str | None = None, provider: str | None = None
    ) -> list[JournalEntry]:
        """The entries (of ``endpoint`` and ``provider`` when given)."""
        with self._locked():
            found = self._read()
        return [
            e
            for e in found
            if (endpoint is None or e.endpoint == endpoint)
            and (provider is None or e.provider == provider)
        ]

    def put(self, entry: JournalEntry) -> None:
        """Add ``entry`` or replace the one with the same token."""
        with self._locked():
            current = [e for e in self._read() if e.token != entry.token]
            self._write([*current, entry])

    def remove(self, token: str) -> None:
        with self._locked():
            current = self._read()
            kept = [e for e in current if e.token != token]
            if len(kept) != len(current):
                self._write(kept)

    def check_writable(self) -> str | None:
        """``None`` when entries can be written here, else why not."""
        try:
            with self._locked():
                self._read()
                if self.path.exists() and not os.access(self.path, os.W_OK):
                    return f"cannot write the journal {self.path}: permission denied"
                if not os.access(self.path.parent, os.W_OK):
                    return f"cannot write the journal {self.path.parent}: permission denied"
        except JournalError as exc:
            return str(exc)
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def busy(entry: JournalEntry, now: float | None = None) -> bool:
    """The entry belongs to a preflight that is running right now on this host."""
    current = time.time() if now is None else now
    return (
        entry.host == socket.gethostname()
        and entry.pid != os.getpid()
        and current - entry.created_at < BUSY_FOR
        and _alive(entry.pid)
    )


def recent(item: Leftover, entry: JournalEntry | None, now: float) -> bool:
    """The record is young and not proven to be a dead run's of this host: a preflight on another
    host (which has its own journal) may be watching it right now. A marker time in the future
    (that host's clock is ahead) counts as young."""
    if entry is not None and entry.host == socket.gethostname():
        return False  # this host's journal owns it and :func:`busy` said its run is over
    created = item.created_at
    return created is not None and now - created < RECENT_FOR


# -- bounded deletion and confirmation --------------------------------------------------------


@dataclass
class Deletion:
    outcome: str
    """``deleted``, ``absent`` (no such RecordId) or ``failed``."""
    error: ProviderError | None = None
    attempts: int = 0


Sleep = Callable[[float], Awaitable[None]]


async def delete_bounded(
    api: DnsApi,
    key: ApiKey,
    zone: str | Zone,
    record_id: str,
    *,
    deadline: float,
    attempts: int = 3,
    per_call: float = 8.0,
    sleep: Sleep = asyncio.sleep,
    before_call: Callable[[], Awaitable[None]] | None = None,
) -> Deletion:
    """The delete call of exactly ``record_id``, at most ``attempts`` times, never past
    ``deadline``."""
    last: ProviderError | None = None
    tried = 0
    for n in range(1, max(1, attempts) + 1):
        left = deadline - time.monotonic()
        if left <= 0.2:
            break
        tried = n
        if before_call is not None:
            await before_call()
        try:
            await api.delete_record(
                key, zone_ref(zone), record_id, deadline=time.monotonic() + min(per_call, left)
            )
            return Deletion("deleted", None, n)
        except ProviderError as err:
            last = err
            if err.kind is ErrorKind.NO_RECORD:
                return Deletion("absent", err, n)
            if err.kind not in RETRYABLE:
                return Deletion("failed", err, n)
        pause = min(2.0, 0.5 * 2 ** (n - 1))
        if n >= attempts or time.monotonic() + pause >= deadline:
            break
        await sleep(pause)
    if last is None:
        last = ProviderError(
            "dnsdoctor.Timeout", "no time left to delete the record", kind=ErrorKind.NETWORK
        )
    return Deletion("failed", last, tried)


async def list_ours(
    api: DnsApi,
    key: ApiKey,
    zone: str | Zone,
    subdomain: str | None = None,
    *,
    deadline: float,
) -> list[Record]:
    """The TXT records of ``zone`` (under ``subdomain`` if given) that dnsdoctor created."""
    items = await api.txt_records(key, zone_ref(zone), subdomain, deadline=deadline)
    return [r for r in items if is_ours(r)]


@dataclass
class Confirmation:
    gone: bool | None
    """True: not listed; False: still listed; None: the list could not be read."""
    error: ProviderError | None = None
    tries: int = 0


async def confirm_gone(
    api: DnsApi,
    key: ApiKey,
    zone: str | Zone,
    subdomain: str,
    token: str,
    *,
    deadline: float,
    tries: int = 3,
    sleep: Sleep = asyncio.sleep,
) -> Confirmation:
    """Whether the provider's record list no longer lists the probe ``token`` (retried for the
    index delay)."""
    result = Confirmation(None)
    for n in range(1, tries + 1):
        if deadline - time.monotonic() <= 0.2:
            break
        result.tries = n
        try:
            ours = await list_ours(api, key, zone, subdomain, deadline=deadline)
        except ProviderError as err:
            result.error = err
            if err.kind not in RETRYABLE:
                return result
        else:
            result.error = None
            result.gone = not any(probe_token(r.name, r.type, r.value) == token for r in ours)
            if result.gone:
                return result
        pause = float(n)
        if n >= tries or time.monotonic() + pause >= deadline:
            break
        await sleep(pause)
    return result


# -- the cleanup command's engine -------------------------------------------------------------


@dataclass
class Leftover:
    """A record dnsdoctor created that is still at the provider."""

    zone: str
    record_id: str | None
    name: str
    value: str
    token: str
    updated_on: str = ""
    in_journal: bool = False

    @property
    def created_at(self) -> float | None:
        return marker_time(self.value)

    @property
    def fqdn(self) -> str:
        return self.zone if self.name in ("", "@") else f"{self.name}.{self.zone}"


@dataclass
class Survey:
    zones: list[str] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    busy: list[Leftover] = field(default_factory=list)
    """Records of a preflight that is running right now: listed, never deleted."""
    recent: list[Leftover] = field(default_factory=list)
    """Records younger than :data:`RECENT_FOR` that no dead run on this host owns: another
    host's preflight may be using them; listed, never deleted."""
    pending: list[JournalEntry] = field(default_factory=list)
    """Recent journal entries whose record is not listed (yet): kept for a later run."""
    dropped: list[JournalEntry] = field(default_factory=list)
    """Journal entries whose record is positively gone: removed from the journal."""
    errors: list[tuple[str, ProviderError]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _suffixes(domain: str) -> list[str]:
    labels = [label for label in domain.strip().rstrip(".").lower().split(".") if label]
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


async def _zone_of(
    api: DnsApi, key: ApiKey, domain: str, deadline: float
) -> tuple[str, list[Record]] | ProviderError:
    """The account's zone holding ``domain`` (the longest suffix the provider knows) and its TXT
    records."""
    last: ProviderError | None = None
    for zone in _suffixes(domain):
        try:
            items = await api.txt_records(key, zone_ref(zone), None, deadline=deadline)
        except ProviderError as err:
            last = err
            if err.kind in (ErrorKind.NO_ZONE, ErrorKind.INVALID_ZONE):
                continue
            return err
        return zone, list(items)
    return last or ProviderError(
        "dnsdoctor.NoZone", f"no zone of {domain} in this account", kind=ErrorKind.NO_ZONE
    )


async def survey(
    api: DnsApi,
    key: ApiKey,
    journal: Journal,
    endpoint: str,
    domain: str | None = None,
    *,
    deadline: float,
    now: float | None = None,
    provider: str | None = None,
) -> Survey:
    """Find every record dnsdoctor created in ``domain``'s zone (or in the journal's zones, or in
    every zone of the account when the journal names none). Only the journal's entries of
    ``endpoint`` (and ``provider``, when given) are read, and only they may change here: entries
    whose record is positively gone are dropped."""
    current = time.time() if now is None else now
    out = Survey()
    try:
        entries = journal.entries(endpoint, provider)
    except JournalError as exc:
        entries = []
        out.notes.append(str(exc))
    if journal.problem:
        out.notes.append(journal.problem)
    listings: dict[str, list[Record]] = {}
    if domain is not None:
        found = await _zone_of(api, key, domain, deadline)
        if isinstance(found, ProviderError):
            out.errors.append((domain, found))
            return out
        zone, items = found
        listings[zone] = items
        zones = [zone]
    else:
        zones = sorted({e.zone for e in entries})
        if not zones:
            try:
                domains = await api.zones(key, deadline=deadline)
            except ProviderError as err:
                out.errors.append((err.action or "zones", err))
                return out
            zones = sorted({d.name.lower().rstrip(".") for d in domains if d.name})
            if len(zones) > MAX_ZONES:
                out.notes.append(
                    f"the account holds {len(zones)} zones; only the first {MAX_ZONES} were "
                    "searched (name the domain to search another)"
                )
                zones = zones[:MAX_ZONES]
    out.zones = zones
    for zone in zones:
        if zone not in listings:
            try:
                listings[zone] = list(
                    await api.txt_records(key, zone_ref(zone), None, deadline=deadline)
                )
            except ProviderError as err:
                out.errors.append((zone, err))
                continue
        ours = [r for r in listings[zone] if is_ours(r)]
        by_token: dict[str, list[Record]] = {}
        for r in ours:
            token = probe_token(r.name, r.type, r.value)
            assert token is not None
            by_token.setdefault(token, []).append(r)
        zone_entries = {e.token: e for e in entries if e.zone == zone}
        for token, records in by_token.items():
            entry = zone_entries.get(token)
            for r in records:
                item = Leftover(
                    zone,
                    r.record_id or None,
                    r.name,
                    r.value,
                    token,
                    r.updated_text,
                    entry is not None,
                )
                if entry is not None and busy(entry, current):
                    out.busy.append(item)
                elif recent(item, entry, current):
                    out.recent.append(item)
                else:
                    out.leftovers.append(item)
        for token, entry in zone_entries.items():
            if token in by_token or busy(entry, current):
                continue
            if current - entry.created_at < INDEX_GRACE:
                out.pending.append(entry)
            else:
                out.dropped.append(entry)
    for entry in out.dropped:
        with contextlib.suppress(JournalError):
            journal.remove(entry.token)
    return out


@dataclass
class Removal:
    leftover: Leftover
    deletion: Deletion
    confirmed: Confirmation | None = None

    @property
    def ok(self) -> bool:
        return self.deletion.outcome in ("deleted", "absent") and bool(
            self.confirmed and self.confirmed.gone
        )


async def remove(
    api: DnsApi,
    key: ApiKey,
    journal: Journal,
    leftovers: Sequence[Leftover],
    *,
    deadline: float,
    sleep: Sleep = asyncio.sleep,
) -> list[Removal]:
    """Delete each leftover by its RecordId (re-checking that it is ours first) and confirm."""
    out: list[Removal] = []
    for item in leftovers:
        if item.record_id is None or probe_token(item.name, "TXT", item.value) != item.token:
            continue  # never delete what the two tests do not recognise
        deletion = await delete_bounded(
            api, key, item.zone, item.record_id, deadline=deadline, sleep=sleep
        )
        removal = Removal(item, deletion)
        if deletion.outcome in ("deleted", "absent"):
            removal.confirmed = await confirm_gone(
                api, key, item.zone, item.name, item.token, deadline=deadline, sleep=sleep
            )
            if removal.confirmed.gone:
                with contextlib.suppress(JournalError):
                    journal.remove(item.token)
        out.append(removal)
    return out
