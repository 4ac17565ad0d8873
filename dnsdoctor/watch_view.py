"""How ``dnsdoctor watch`` shows a watch: a live Rich table on a terminal, one line per change
elsewhere, then a timeline; or the result as JSON.

Only this module and the CLI import Rich. Colours follow the console (Rich honours ``NO_COLOR``);
the live table needs a real terminal, so a pipe, a file or a dumb terminal gets plain lines that a
log keeps.
"""

from __future__ import annotations

import json
import time
from types import TracebackType

import dns.name
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.table import Table
from rich.text import Text

from dnsdoctor.core.i18n import register, tr
from dnsdoctor.core.model import fill
from dnsdoctor.core.secrets import printable, redact
from dnsdoctor.outside import visible_tree
from dnsdoctor.truth.watch import (
    GATED,
    RESOLVER,
    Mode,
    ServerStatus,
    State,
    Watched,
    WatchResult,
    WatchState,
    target_state,
)

MESSAGES: dict[str, dict[str, str]] = {
    "finding": {
        "en": "Finding the authoritative servers of {name} …",
        "zh": "正在查找 {name} 的权威服务器 …",
    },
    "title.appear": {
        "en": "Waiting for TXT {name} to serve {values}",
        "zh": "等待 TXT 记录 {name} 返回 {values}",
    },
    "title.disappear": {
        "en": "Waiting for {values} to be gone from TXT {name}",
        "zh": "等待 {values} 从 TXT 记录 {name} 中消失",
    },
    "via": {"en": "(CNAME → {qname})", "zh": "（CNAME → {qname}）"},
    "elapsed": {
        "en": "{elapsed:.1f} s of {budget:.0f} s",
        "zh": "已用 {elapsed:.1f} 秒 / 共 {budget:.0f} 秒",
    },
    "col.server": {"en": "Server", "zh": "服务器"},
    "col.state": {"en": "State", "zh": "状态"},
    "col.first.appear": {"en": "First seen", "zh": "首次生效"},
    "col.first.disappear": {"en": "Gone at", "zh": "消失于"},
    "col.polls": {"en": "Queries", "zh": "查询次数"},
    "col.detail": {"en": "Detail", "zh": "详情"},
    "kind.resolver": {"en": "resolver", "zh": "递归服务器"},
    "state.pending": {"en": "waiting", "zh": "等待查询"},
    "state.seen": {"en": "seen", "zh": "已生效"},
    "state.not-yet": {"en": "not yet", "zh": "尚未生效"},
    "state.wrong-value": {"en": "wrong value", "zh": "值不符"},
    "state.gone": {"en": "gone", "zh": "已消失"},
    "state.still-served": {"en": "still served", "zh": "仍在返回"},
    "state.error": {"en": "error", "zh": "出错"},
    "found": {"en": "found {values}", "zh": "实际返回 {values}"},
    "gated": {
        "en": "asked once every authoritative server serves the value (no negative cache entry)",
        "zh": "待所有权威服务器生效后再查询（避免产生否定缓存）",
    },
    "seconds": {"en": "{t:.1f} s", "zh": "{t:.1f} 秒"},
    "line": {
        "en": "[{t:>6.1f} s] {server}: {state}{detail}",
        "zh": "[{t:>6.1f} 秒] {server}：{state}{detail}",
    },
    "timeline": {"en": "Timeline of TXT {name}", "zh": "TXT 记录 {name} 的时间线"},
    "tl.between": {"en": "between {a:.1f} s and {b:.1f} s", "zh": "在 {a:.1f} 秒到 {b:.1f} 秒之间"},
    "tl.first_query": {"en": "already at the first query", "zh": "首次查询时即已如此"},
    "sep": {"en": ", ", "zh": "，"},
    "sep2": {"en": "; ", "zh": "；"},
    "tl.never": {"en": "never", "zh": "从未"},
    "tl.last": {"en": "last: {state}{detail}", "zh": "最后状态：{state}{detail}"},
    "tl.not_asked": {
        "en": "not asked: the authoritative servers never all served the value",
        "zh": "未查询：权威服务器始终未全部生效",
    },
    "tl.no_time": {"en": "not asked before the time ran out", "zh": "超时前未来得及查询"},
    "tl.regressed": {
        "en": "lost it again {n} time(s) after first serving it",
        "zh": "生效后又 {n} 次未返回",
    },
    "ok.appear": {
        "en": "✓ All {n} servers serve every expected value; the last one after {t:.1f} s.",
        "zh": "✓ 全部 {n} 个服务器都已返回所有预期值；最后一个用时 {t:.1f} 秒。",
    },
    "ok.disappear": {
        "en": "✓ The value is gone from all {n} servers; the last one after {t:.1f} s.",
        "zh": "✓ 全部 {n} 个服务器都已不再返回该值；最后一个用时 {t:.1f} 秒。",
    },
    "missing.appear": {
        "en": "✗ {k} of {n} servers did not serve every expected value within {budget:.0f} s: {names}",
        "zh": "✗ {n} 个服务器中有 {k} 个在 {budget:.0f} 秒内未返回全部预期值：{names}",
    },
    "missing.disappear": {
        "en": "✗ {k} of {n} servers did not show within {budget:.0f} s that the value is gone: {names}",
        "zh": "✗ {n} 个服务器中有 {k} 个在 {budget:.0f} 秒内未能确认该值已消失：{names}",
    },
    "unresolved": {
        "en": "✗ Name server {name} has no address ({why}), so it cannot serve the value.",
        "zh": "✗ 域名服务器 {name} 没有地址（{why}），无法返回该值。",
    },
    "problem.not-delegated": {
        "en": "✗ {name} is not delegated to any DNS provider (the closest zone is {detail}).",
        "zh": "✗ {name} 未委派给任何 DNS 服务商（最近的区域是 {detail}）。",
    },
    "problem.resolution-failed": {
        "en": "✗ Could not find the authoritative servers of {name}: {detail}",
        "zh": "✗ 无法找到 {name} 的权威服务器：{detail}",
    },
    "problem.cname-loop": {
        "en": "✗ The CNAME chain at {name} loops: {detail}",
        "zh": "✗ {name} 的 CNAME 链形成了循环：{detail}",
    },
    "problem.cname-too-long": {
        "en": "✗ The CNAME chain at {name} is too long: {detail}",
        "zh": "✗ {name} 的 CNAME 链过长：{detail}",
    },
    "problem.no-servers": {
        "en": "✗ No authoritative server of {name} has an address.",
        "zh": "✗ {name} 的权威服务器都没有地址。",
    },
    "problem.discovery-timeout": {
        "en": "✗ The time ran out while looking for the authoritative servers of {name}.",
        "zh": "✗ 查找 {name} 的权威服务器时超时。",
    },
}

_STYLE = {
    State.PENDING: "dim",
    State.SEEN: "green",
    State.GONE: "green",
    State.NOT_YET: "yellow",
    State.STILL: "yellow",
    State.WRONG: "red",
    State.ERROR: "magenta",
}


register("watch", MESSAGES)


def msg(key: str, lang: str, **params: object) -> str:
    return fill(tr("watch", key, lang), params, lang)


def _name(n: dns.name.Name) -> str:
    return n.to_text(omit_final_dot=True)


def _short(value: str, width: int = 24) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _values(values: tuple[str, ...] | list[str], limit: int = 2) -> str:
    shown = ", ".join(f'"{_short(v)}"' for v in list(values)[:limit])
    more = len(values) - limit
    return shown + (f" +{more}" if more > 0 else "")


def server_label(server: Watched, lang: str) -> str:
    """``ns1.dnspod.net (1.2.3.4)`` for an authoritative address, ``resolver 8.8.8.8``."""
    if server.kind == RESOLVER:
        return f"{msg('kind.resolver', lang)} {server.where}"
    return server.label


def state_text(state: State, lang: str) -> str:
    return msg(f"state.{state.value}", lang)


def detail_text(s: ServerStatus, lang: str) -> str:
    """The detail column: the values found when they are wrong, else the engine's note."""
    if s.state is State.PENDING and s.detail == GATED:
        return msg("gated", lang)
    if s.state in (State.WRONG, State.STILL) or (s.state is State.NOT_YET and s.values):
        return msg("found", lang, values=_values(s.values))
    return s.detail


def title(state: WatchState, lang: str) -> str:
    key = "title.appear" if state.mode is Mode.APPEAR else "title.disappear"
    text = msg(key, lang, name=_name(state.name), values=_values(state.expect, 3))
    if state.qname != state.name:
        text += " " + msg("via", lang, qname=_name(state.qname))
    return text


def render_table(
    state: WatchState, lang: str, elapsed: float | None = None, budget: float | None = None
) -> RenderableType:
    """The live view of one snapshot: a title line and a table of servers × state."""
    head = Text(title(state, lang), style="bold")
    if budget is not None:
        shown = state.elapsed if elapsed is None else elapsed
        head.append("   " + msg("elapsed", lang, elapsed=shown, budget=budget), style="dim")
    mode_key = "appear" if state.mode is Mode.APPEAR else "disappear"
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column(msg("col.server", lang), no_wrap=True)
    table.add_column(msg("col.state", lang), no_wrap=True)
    table.add_column(msg(f"col.first.{mode_key}", lang), justify="right", no_wrap=True)
    table.add_column(msg("col.polls", lang), justify="right", no_wrap=True)
    table.add_column(msg("col.detail", lang), overflow="fold")
    resolvers = False
    for s in state.servers:
        if s.server.kind == RESOLVER and not resolvers:
            resolvers = True
            table.add_section()
        first = "" if s.first_s is None else msg("seconds", lang, t=s.first_s)
        table.add_row(
            Text(server_label(s.server, lang)),
            Text(state_text(s.state, lang), style=_STYLE[s.state]),
            Text(first),
            Text(str(s.polls)),
            Text(printable(detail_text(s, lang)), style="dim"),
        )
    return Group(head, table)


class WatchView:
    """Shows a running watch; pass :meth:`update` as the engine's ``on_update``.

    On a terminal: a Rich ``Live`` table refreshed four times a second. Otherwise: the title
    once, then one line each time a server's state changes.
    """

    def __init__(
        self,
        console: Console,
        lang: str,
        name: str,
        budget: float,
        *,
        live: bool | None = None,
    ) -> None:
        self.console = console
        self.lang = lang
        self.name = name
        self.budget = budget
        self.live = console.is_terminal and not console.is_dumb_terminal if live is None else live
        self._state: WatchState | None = None
        self._shown: dict[int, State] = {}
        self._t0 = time.monotonic()
        self._frozen: float | None = None
        self._live: Live | None = None

    def _elapsed(self) -> float:
        return self._frozen if self._frozen is not None else time.monotonic() - self._t0

    def _render(self) -> RenderableType:
        if self._state is None:
            return Text(msg("finding", self.lang, name=self.name), style="dim")
        return render_table(self._state, self.lang, self._elapsed(), self.budget)

    def __enter__(self) -> WatchView:
        self._t0 = time.monotonic()
        if self.live:
            self._live = Live(
                console=self.console,
                get_renderable=self._render,
                refresh_per_second=4,
                transient=False,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()
        else:
            self._line(msg("finding", self.lang, name=self.name), "dim")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._frozen = time.monotonic() - self._t0
        if self._live is not None:
            self._live.stop()  # renders the last frame once more
            self._live = None

    def _line(self, text: str, style: str = "") -> None:
        self.console.print(Text(printable(text), style=style), soft_wrap=True)

    def update(self, state: WatchState) -> None:
        first = self._state is None
        self._state = state
        if self._live is not None:
            self._live.refresh()
            return
        if self.live:
            return
        if first:
            self._line(title(state, self.lang), "bold")
        for i, s in enumerate(state.servers):
            if s.state is State.PENDING or self._shown.get(i) is s.state:
                continue
            self._shown[i] = s.state
            detail = detail_text(s, self.lang)
            self._line(
                msg(
                    "line",
                    self.lang,
                    t=s.last_s if s.last_s is not None else state.elapsed,
                    server=server_label(s.server, self.lang),
                    state=state_text(s.state, self.lang),
                    detail=f" ({detail})" if detail else "",
                ),
                _STYLE[s.state],
            )


def _seconds(t: float, lang: str) -> str:
    return msg("seconds", lang, t=t)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to ``width`` terminal cells (a Chinese character takes two)."""
    fill_ = " " * max(0, width - cell_len(text))
    return fill_ + text if right else text + fill_


def timeline_lines(result: WatchResult, lang: str) -> list[tuple[str, str]]:
    """The timeline and the verdict as (text, style) lines, earliest server first."""
    name = _name(result.name)
    out: list[tuple[str, str]] = []
    if result.problem:
        key = f"problem.{result.problem}"
        return [(msg(key, lang, name=name, detail=result.problem_detail), "bold red")]
    appear = result.mode is Mode.APPEAR
    want = target_state(result.mode)
    out.append((msg("timeline", lang, name=name), "bold"))
    reached = sorted(
        (s for s in result.servers if s.first_s is not None), key=lambda s: s.first_s or 0
    )
    never = [s for s in result.servers if s.first_s is None]
    width = max((cell_len(server_label(s.server, lang)) for s in result.servers), default=0)

    def row(when: str, s: ServerStatus, note: str) -> str:
        return f"  {_pad(when, 9, right=True)}  {_pad(server_label(s.server, lang), width)}  {note}"

    for s in reached:
        assert s.first_s is not None
        if s.after_s is None:
            when = msg("tl.first_query", lang)
        else:
            when = msg("tl.between", lang, a=s.after_s, b=s.first_s)
        note = state_text(want, lang) + msg("sep", lang) + when
        if s.regressions:
            note += msg("sep2", lang) + msg("tl.regressed", lang, n=s.regressions)
        if s.state is not want:
            detail = detail_text(s, lang)
            note += msg("sep2", lang) + msg(
                "tl.last",
                lang,
                state=state_text(s.state, lang),
                detail=f" ({detail})" if detail else "",
            )
        style = "green" if s.state is want else "yellow"
        out.append((row(_seconds(s.first_s, lang), s, note), style))
    for s in never:
        if s.state is State.PENDING and s.polls == 0:
            note = msg("tl.not_asked" if s.detail == GATED else "tl.no_time", lang)
        else:
            detail = detail_text(s, lang)
            note = msg(
                "tl.last",
                lang,
                state=state_text(s.state, lang),
                detail=f" ({detail})" if detail else "",
            )
        out.append((row(msg("tl.never", lang), s, note), "red"))
    mode_key = "appear" if appear else "disappear"
    for host, why in result.unresolved:
        out.append((msg("unresolved", lang, name=host, why=why), "bold red"))
    missing = result.missing
    if missing:
        names = ", ".join(server_label(s.server, lang) for s in missing)
        out.append(
            (
                msg(
                    f"missing.{mode_key}",
                    lang,
                    k=len(missing),
                    n=len(result.servers),
                    budget=result.budget,
                    names=names,
                ),
                "bold red",
            )
        )
    elif result.all_done:
        t = result.time_to_all or 0.0
        out.append((msg(f"ok.{mode_key}", lang, n=len(result.servers), t=t), "bold green"))
    return out


def print_timeline(result: WatchResult, console: Console, lang: str) -> None:
    for text, style in timeline_lines(result, lang):
        console.print(Text(printable(text), style=style), soft_wrap=True)


def render_json(result: WatchResult) -> str:
    return redact(json.dumps(visible_tree(result.to_json()), ensure_ascii=False, indent=2)) + "\n"
