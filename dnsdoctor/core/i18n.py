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
from collections.abc import Mapping, Sequence

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
    ``params`` when any are given."""
    text = pick_text(_CATALOGS[domain][key], lang)
    return text.format(**params) if params else text


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
