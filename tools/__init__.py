"""Build-time tools of the repository (the generated docs); not part of the installed package,
and never imported by it. Run from the repository's root: ``python -m tools.docgen``,
``python -m tools.docsite``."""
