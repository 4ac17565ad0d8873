"""Where Fake DNS keys are kept: the command line, then ``FAKEDNS_KEY``/``FAKEDNS_SECRET``.

The environment and home come from the inputs (:func:`process_env_home`): nothing is read from
the real environment unless the caller passes it."""

from __future__ import annotations

import dataclasses

from dnsdoctor.credentials import (
    CredentialInputs,
    Discovery,
    KeyLabels,
    from_command_line,
    lego_value,
    process_env_home,
)

PROVIDER = "fakedns"
LABELS = KeyLabels(PROVIDER, "Key ID", "Key Secret")
READERS = "lego fakedns, acme.sh dns_fake"


def discover_for(inputs: CredentialInputs) -> Discovery:
    disc = Discovery()
    from_command_line(inputs, disc)
    if not disc.explicit_failed:
        env, _home = process_env_home(inputs)
        disc.looked.append("FAKEDNS_KEY / FAKEDNS_SECRET")
        key_id, id_origin = lego_value(env, "FAKEDNS_KEY", disc)
        secret, secret_origin = lego_value(env, "FAKEDNS_SECRET", disc)
        LABELS.add(
            disc,
            "env",
            "FAKEDNS_KEY / FAKEDNS_SECRET",
            key_id,
            secret,
            None,
            (id_origin, secret_origin, ""),
            READERS,
        )
    disc.found[:] = [dataclasses.replace(c, provider=PROVIDER) for c in disc.found]
    return disc
