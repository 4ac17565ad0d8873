"""The command line (``dnsdoctor``, ``python -m dnsdoctor``); :func:`main` is the entry point.

One module per command (or pair of commands), each importing :mod:`.common` (shared helpers) and
:mod:`.options` (shared options) and never another command; this module registers them on the app
of :mod:`.program` in the order ``--help`` lists them.
"""

from dnsdoctor.cli import check, demo, explain, preflight, watch
from dnsdoctor.cli.common import UsageError, exit_code
from dnsdoctor.cli.program import Command, app, main
from dnsdoctor.cli.text import h

app.command("check", help=h("cmd.check"), cls=Command)(check.check_command)
app.command("creds", help=h("cmd.creds"), cls=Command)(check.creds_command)
app.command("clock", help=h("cmd.clock"), cls=Command)(check.clock_command)
app.command("explain", help=h("cmd.explain"), cls=Command)(explain.explain_command)
app.command("list-checks", help=h("cmd.list_checks"), cls=Command)(explain.list_checks_command)
app.command("demo", help=h("cmd.demo"), cls=Command)(demo.demo_command)
app.command("watch", help=h("cmd.watch"), cls=Command)(watch.watch_command)
app.command("preflight", help=preflight.help_text("cmd.preflight"), cls=Command)(
    preflight.preflight_command
)
app.command("cleanup", help=preflight.help_text("cmd.cleanup"), cls=Command)(
    preflight.cleanup_command
)

__all__ = ["UsageError", "app", "exit_code", "main"]
