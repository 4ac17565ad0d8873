"""dnsdoctor: find out why an ACME DNS-01 certificate order fails, and what to do about it."""

__version__ = "0.1.0"
