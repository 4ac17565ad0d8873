"""Check families; importing this package registers every check.

The import order is the report order: whether DNS from this host can be trusted at all (the path),
then the authoritative DNS, then what the ACME client's
resolvers see, the clock, the credentials, and what the CA itself will check (CAA);
last the findings of ``dnsdoctor preflight`` (specs only: no check family imports a flow).
"""
# ruff: noqa: I001

from dnsdoctor.checks import path as _path  # noqa: F401
from dnsdoctor.checks import dns as _dns  # noqa: F401
from dnsdoctor.checks import resolvers as _resolvers  # noqa: F401
from dnsdoctor.checks.ca import dnssec as _dnssec  # noqa: F401
from dnsdoctor.checks import clock as _clock  # noqa: F401
from dnsdoctor.checks import creds as _creds  # noqa: F401
from dnsdoctor.checks.ca import caa as _caa  # noqa: F401
from dnsdoctor.checks import preflight as _preflight  # noqa: F401
