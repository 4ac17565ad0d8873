"""DNS providers: one folder each, behind the interface of :mod:`dnsdoctor.providers.base`."""
