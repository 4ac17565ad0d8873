"""What ``dnsdoctor explain --log`` prints: the matches as text or JSON, secrets masked."""

from __future__ import annotations

import json
from collections.abc import Sequence

from dnsdoctor.core.model import fill, pick
from dnsdoctor.core.secrets import printable, redact
from dnsdoctor.logparse.engine import FIELD_LABELS, PLACEHOLDER_DOMAIN, UI, LogMatch


def render_log_matches(matches: Sequence[LogMatch], lang: str = "en") -> str:
    """The text ``dnsdoctor explain --log`` prints."""
    lang = "zh" if lang.startswith("zh") else "en"
    out: list[str] = []
    if not matches:
        out.append(pick(UI["none"], lang))
        out.append(pick(UI["none_hint"], lang))
        out.append(f"  $ dnsdoctor check {PLACEHOLDER_DOMAIN}")
        return "\n".join(out) + "\n"
    out.append(
        fill(pick(UI["head"], lang), {"n": len(matches), "client": matches[0].client_label(lang)})
    )
    for index, m in enumerate(matches, 1):
        out.append("")
        where = fill(pick(UI["line"], lang), {"n": m.line})
        seen = f", {fill(pick(UI['seen'], lang), {'count': m.count})}" if m.count > 1 else ""
        out.append(f"{index}. {redact(m.title(lang))}")
        out.append(f"   [{m.kind} / {m.cause}] {where}{seen}")
        if m.excerpt:
            out.append(f"   > {m.excerpt}")
        colon = "：" if lang == "zh" else ": "
        # The address an authoritative server's query went to is no resolver.
        fields = dict(m.fields)
        if fields.get("stage") == "authoritative" and "resolver" in fields:
            fields["address"] = fields.pop("resolver")
        shown = [
            f"{pick(label, lang)}{colon}{redact(fields[key])}"
            for key, label in FIELD_LABELS.items()
            if fields.get(key) and not (key == "ns" and fields[key] == fields.get("resolver"))
        ]
        if shown:
            out.append("   " + " · ".join(shown))
        out.append("   " + redact(m.meaning(lang)))
        if m.commands:
            out.append("   " + pick(UI["confirm"], lang))
            out.extend(f"     $ {c}" for c in m.commands)
            if m.codes:
                codes = ", ".join(m.codes)
                out.append("   " + fill(pick(UI["codes"], lang), {"codes": codes}))
    return printable("\n".join(out) + "\n", keep="\n")


def render_log_json(matches: Sequence[LogMatch], lang: str = "en") -> str:
    """The JSON ``dnsdoctor explain --log --format json`` prints: one object per match."""
    body = [m.as_dict(lang) for m in matches]
    return redact(json.dumps(body, ensure_ascii=False, indent=2)) + "\n"
