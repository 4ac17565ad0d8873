"""Fake DNS's demo scenarios, brought by its own folder (``PROVIDER.demo_scenarios`` names this
module): ``dnsdoctor demo`` finds them through the registry, with no edit to the lab.

A provider kept outside the package registers its scenarios like the lab's own modules do
(``dnsdoctor/lab/scenarios_*.py``); its API is the in-memory account of :mod:`.api`, so the
world holds only the scenario's home directory.
"""

from __future__ import annotations

from collections.abc import Callable

from dnsdoctor.lab.scenarios import Demo, Scenario, register
from dnsdoctor.lab.scenarios_creds import TempHome
from dnsdoctor.lab.world import World

from .api import RW_KEY, RW_SECRET

WRONG_SECRET = "wr0ngRWa8b7c6d5e4f3g2h1j0k9m8n7x"


def _creds(secret: str) -> Callable[[], Demo]:
    """``dnsdoctor creds example.com --provider fakedns`` with the key in FAKEDNS_KEY /
    FAKEDNS_SECRET and a home of its own."""

    def build() -> Demo:
        world = World()
        home = TempHome()
        world.add(home)
        env = {"HOME": str(home.path), "FAKEDNS_KEY": RW_KEY, "FAKEDNS_SECRET": secret}
        argv = ["creds", "example.com", "--provider", "fakedns", "--timeout", "10"]
        return Demo(world, argv, env)

    return build


register(
    Scenario(
        "fakedns-healthy",
        {
            "en": "Fake DNS: a key that may create and delete the challenge record",
            "zh": "假 DNS：密钥可以创建并删除验证记录",
        },
        _creds(RW_SECRET),
        None,
        0,
    )
)
register(
    Scenario(
        "fakedns-signature",
        {
            "en": "Fake DNS: the Key Secret does not match the Key ID",
            "zh": "假 DNS：Key Secret 与 Key ID 不匹配",
        },
        _creds(WRONG_SECRET),
        "CREDS_SIGNATURE_FAILURE",
    )
)
