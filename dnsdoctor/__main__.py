"""``python -m dnsdoctor``."""

from dnsdoctor.cli import main

main()
