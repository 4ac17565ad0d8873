"""The command line (``dnsdoctor``, ``python -m dnsdoctor``): :func:`main` is the entry point."""

from dnsdoctor.cli.program import UsageError, app, exit_code, main

__all__ = ["UsageError", "app", "exit_code", "main"]
