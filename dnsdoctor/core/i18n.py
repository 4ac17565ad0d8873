"""One text catalogue for everything dnsdoctor says outside a finding: lookup and locale detection.

Catalogs stay next to the code that speaks them (the CLI's help and messages, the renderers'
headings, the watch view, preflight's progress) and register here under a domain name; a text is
looked up with :func:`tr` and falls back to English. Finding texts live with their specs
(:class:`~dnsdoctor.core.model.FindingSpec`). The language is ``en`` or ``zh`` (``--lang zh-CN``):
:func:`detect_lang` reads ``--lang`` and the locale the same way everywhere. This module imports
nothing of dnsdoctor, so that every layer may use it.
"""

from __future__ import annotations

import os
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LANGS = ("en", "zh")
ENV_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
"""Where the locale is read from, in POSIX precedence."""

Catalog = Mapping[str, Mapping[str, str]]
"""key → language → text."""

_CATALOGS: dict[str, Catalog] = {}


class UnknownLanguage(ValueError):
    """``--lang`` names a language dnsdoctor does not speak."""


def register(domain: str, catalog: Catalog) -> Catalog:
    """Make ``catalog`` the texts of ``domain``; returns it, to be kept as a module constant."""
    if _CATALOGS.get(domain, catalog) is not catalog:
        raise ValueError(f"text domain {domain!r} registered twice")
    _CATALOGS[domain] = catalog
    return catalog


def catalogs() -> dict[str, Catalog]:
    """Every registered domain (for tests: every text has both languages)."""
    return dict(_CATALOGS)


def pick_text(entry: Mapping[str, str], lang: str) -> str:
    """One entry's text in ``lang``, else in English."""
    return entry.get(lang) or entry["en"]


def tr(domain: str, key: str, lang: str, **params: object) -> str:
    """The text ``key`` of ``domain`` in ``lang`` (English when it has none), formatted with
    ``params`` when any are given (a :class:`Phrase` among them in ``lang`` too)."""
    text = pick_text(_CATALOGS[domain][key], lang)
    return fill(text, params, lang) if params else text


# -- wording chosen when a text is shown ---------------------------------------------------------


class _Lenient(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, params: Mapping[str, Any], lang: str = "en") -> str:
    """Format a template in ``lang``: a :class:`Phrase` (or :class:`Joined`) param is worded in
    ``lang`` first; a missing parameter stays visible as ``{name}`` instead of raising."""
    return string.Formatter().vformat(template, (), _Lenient(localize(params, lang)))


def localize(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """``params`` with every :class:`Wording` value (a phrase, a list) worded in ``lang``."""
    return {k: v.render(lang) if isinstance(v, Wording) else v for k, v in params.items()}


class Wording:
    """A param that is words, chosen in the reader's language when its text is shown: a
    :class:`Phrase`, a :class:`Joined` list, or a small subclass that words data itself (a
    duration: "6 min 12 s" / "6 分 12 秒"). ``str()`` is the English form."""

    def render(self, lang: str) -> str:
        raise NotImplementedError

    def map_strings(self, fn: Callable[[str], str]) -> Wording:
        """The same wording with ``fn`` applied to the strings of its data (sanitising, masking a
        domain); the program's own words are left alone. Default: no data strings."""
        return self

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class Phrase(Wording):
    """A piece of wording inside a text, chosen in the reader's language when the text is shown.

    A finding's params carry data; where a param is words ("6 min ahead", "the system resolver"),
    it is a Phrase: a catalogue entry (``{"en": …, "zh": …}``, registered with :func:`register`)
    and the data that fills it, never a string translated in advance. ``str()`` is the English
    form (the JSON report's params)."""

    text: Mapping[str, str]
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return fill(pick_text(self.text, lang), self.params, lang)

    def map_strings(self, fn: Callable[[str], str]) -> Phrase:
        """The same phrase with ``fn`` applied to every string of its data (sanitising, masking
        a domain); its wording is the program's own and is left alone."""
        return Phrase(self.text, {k: _map(v, fn) for k, v in self.params.items()})


@dataclass(frozen=True)
class Joined(Wording):
    """Several values (strings or phrases) read as one, joined the way ``lang`` joins a list:
    ``and`` → "a and b" / "a，并b"; ``comma`` → "a, b" / "a、b";
    ``semicolon`` → "a; b" / "a；b"."""

    items: tuple[Any, ...]
    sep: str = "and"

    def render(self, lang: str) -> str:
        words = [v.render(lang) if isinstance(v, Wording) else str(v) for v in self.items]
        return pick_text(JOINERS[self.sep], lang).join(words)

    def __bool__(self) -> bool:
        return bool(self.items)

    def map_strings(self, fn: Callable[[str], str]) -> Joined:
        return Joined(tuple(_map(v, fn) for v in self.items), self.sep)


def _map(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, Wording):
        return value.map_strings(fn)
    return value


JOINERS = register(
    "join",
    {
        "and": {"en": " and ", "zh": "，并"},
        "comma": {"en": ", ", "zh": "、"},
        "or": {"en": " or ", "zh": "或"},
        "semicolon": {"en": "; ", "zh": "；"},
    },
)


def language_of(value: str) -> str | None:
    """``zh``, ``zh-CN``, ``zh_CN.UTF-8`` → ``zh``; ``en``… → ``en``; anything else → None."""
    low = value.strip().lower()
    return next((lang for lang in LANGS if low.startswith(lang)), None)


def detect_lang(
    explicit: str | None = None,
    *,
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language to speak: ``explicit`` (the ``--lang`` value; an unknown one raises
    :class:`UnknownLanguage`), else a ``--lang`` found in ``argv`` (help texts are fixed before
    the command line is parsed), else the first locale variable that is set; English otherwise."""
    if explicit:
        lang = language_of(explicit)
        if lang is None:
            raise UnknownLanguage(explicit)
        return lang
    for i, arg in enumerate(argv or ()):
        value = None
        if arg == "--lang" and i + 1 < len(argv or ()):
            value = (argv or ())[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            return "zh" if language_of(value) == "zh" else "en"
    env = os.environ if environ is None else environ
    for var in ENV_VARS:
        if env.get(var):
            return "zh" if language_of(env[var]) == "zh" else "en"
    return "en"
