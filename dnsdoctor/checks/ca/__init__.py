"""What the CA will see: checks of the challenge as a validating CA looks at it.

- :mod:`dnsdoctor.checks.ca.dnssec`: the DNSSEC chain from the root trust anchor to the challenge
  TXT (a CA validates; a bogus chain is SERVFAIL for it while the client sees the TXT);
- :mod:`dnsdoctor.checks.ca.caa`: the CAA record set that applies to every name of the order
  (RFC 8659 tree climbing, RFC 8657 ``accounturi``/``validationmethods``).
"""
