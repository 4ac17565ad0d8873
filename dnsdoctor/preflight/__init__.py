"""``dnsdoctor preflight`` and ``dnsdoctor cleanup``: a real probe record
created the way an ACME client creates one, timed on every server, always deleted."""
