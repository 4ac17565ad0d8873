"""Check families; importing this package registers every check."""

from dnsdoctor.checks import clock as _clock  # noqa: F401
from dnsdoctor.checks import creds as _creds  # noqa: F401
from dnsdoctor.checks import dns as _dns  # noqa: F401
from dnsdoctor.checks import resolvers as _resolvers  # noqa: F401
