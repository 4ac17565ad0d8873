"""Which DNS provider serves a zone, for the texts of the findings about the zone and the path
to it (DNS_*, PATH_*, RESOLVER_*, CAA_*).

Those texts are neutral: they speak of "the DNS provider" and "the zone's name servers". Where a
provider's own words help (its console's field names, its minimum TTL, how fast its servers
sync), the provider that serves the zone says them: its ``texts.DNS_WORDING`` re-words the spec
(:meth:`~dnsdoctor.providers.base.Provider.wording`), or the check fills params from its
metadata. The provider is the one whose name servers the zone is delegated to; when the run
could not see them (no delegation, a loop, an intercepted path), the one ``--provider NAME``
names, or with ``--provider auto`` the one provider whose credentials the run finds (the same
discovery auto chooses the credentials to check by); else none, and the neutral text stands.
"""

from __future__ import annotations

from collections.abc import Iterable

import dns.name

from dnsdoctor import providers
from dnsdoctor.checks.base import Skip
from dnsdoctor.core.context import Context, Options
from dnsdoctor.core.model import FindingSpec, Phrase
from dnsdoctor.providers.base import Provider


def named_provider(options: Options) -> Provider | None:
    """The provider ``--provider NAME`` (or an alias of it) selects; ``None`` for auto or none."""
    from dnsdoctor.checks.creds.lint import provider_name

    inputs = options.credentials
    name = provider_name(inputs.provider) if inputs is not None else None
    return providers.get(name) if name in providers.NAMES else None


async def with_credentials(ctx: Context) -> list[Provider]:
    """The providers whose credentials this run finds, in the registry's order: each provider's
    own sources (:attr:`~dnsdoctor.providers.base.Provider.sources_module`), read once per run by
    the discovery ``--provider auto`` chooses the credentials to check by; none when the run takes
    no credentials (no credential inputs, ``--provider none``)."""
    from dnsdoctor.checks.creds.lint import providers_with_credentials

    try:
        return await providers_with_credentials(ctx)
    except Skip:
        return []


async def zone_provider(ctx: Context, ns: Iterable[str | dns.name.Name] = ()) -> Provider | None:
    """The provider whose name servers ``ns`` are (the zone's). Name servers of no provider (or
    of several) are ``None``: the zone is served elsewhere. Without them, the named one; with
    ``--provider auto``, the provider whose credentials are found when only one's are."""
    hosts = [h.to_text(omit_final_dot=True) if isinstance(h, dns.name.Name) else h for h in ns]
    if hosts:
        return providers.serving(hosts)
    named = named_provider(ctx.options)
    if named is not None:
        return named
    found = await with_credentials(ctx)
    return found[0] if len(found) == 1 else None


def worded(spec: FindingSpec, provider: Provider | None) -> FindingSpec:
    """``spec`` in the words of the provider serving the zone, if one is known."""
    return spec if provider is None else provider.wording(spec)


def brand_words(provider: Provider) -> Phrase:
    """What users call the provider's service in a sentence (``DNSPod``; else its title)."""
    en, zh = provider.brand if provider.brand[0] else (provider.title, provider.title_zh)
    return Phrase({"en": _literal(en), "zh": _literal(zh)})


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
