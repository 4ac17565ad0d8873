"""Credentials: where the ACME clients read them, their lint, and
authentication and permissions at the provider (generic steps over a Provider)."""
