"""The provider's and the ACME clients' words that preflight's texts take as params: what the
provider calls its calls (``CreateRecord``, ``AddDomainRecord``), its name, and lego's names for
it (read from :mod:`dnsdoctor.clients` through :meth:`~dnsdoctor.providers.base.Provider.settings_for`).
"""

from __future__ import annotations

from dnsdoctor.clients.base import Settings as ClientSettings
from dnsdoctor.providers.base import Provider


def action_name(provider: Provider, neutral: str) -> str:
    """The provider's name of a neutral call (``create`` → ``CreateRecord``, ``AddDomainRecord``)."""
    return provider.actions.get(neutral, neutral).split(":", 1)[-1]


def provider_words(provider: Provider) -> dict[str, object]:
    """The provider's words that the probe's texts take as params (the same keys for every
    provider, so that a finding code means the same thing whoever the provider is); lego's
    names for it come from :mod:`dnsdoctor.clients.lego`."""
    lego_at = provider.settings_for("lego") or ClientSettings()
    return {
        "provider": provider.title,
        "provider_zh": provider.title_zh,
        "create": action_name(provider, "create"),
        "list": action_name(provider, "records"),
        "delete": action_name(provider, "delete"),
        "line": provider.line or "default",
        "lego_timeout_var": lego_at.propagation_timeout,
        "lego_dns": lego_at.plugin,
        "lego_error": lego_at.api_error,
    }
