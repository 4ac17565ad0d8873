"""Check families; importing this package registers every check."""
from dnsdoctor.checks import dns as _dns  # noqa: F401
