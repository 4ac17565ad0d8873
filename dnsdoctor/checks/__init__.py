"""Check families; importing this package registers every check.

The import order is the report order: whether DNS from this host can be trusted at all (the path),
then the authoritative DNS, then what the ACME client's
resolvers see, the clock, the credentials, and what the CA itself will check (CAA).
The findings of ``dnsdoctor preflight`` live with their flow (:mod:`dnsdoctor.preflight.findings`);
:mod:`dnsdoctor.engine.catalog` loads both.
"""
# ruff: noqa: I001

from dnsdoctor.checks.path import checks as _path  # noqa: F401
from dnsdoctor.checks.dns import checks as _dns  # noqa: F401
from dnsdoctor.checks.resolvers import checks as _resolvers  # noqa: F401
from dnsdoctor.checks.ca import dnssec as _dnssec  # noqa: F401
from dnsdoctor.checks.clock import checks as _clock  # noqa: F401
from dnsdoctor.checks.creds import checks as _creds  # noqa: F401
from dnsdoctor.checks.ca import caa as _caa  # noqa: F401
