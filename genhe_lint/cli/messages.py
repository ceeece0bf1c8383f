"""What the commands say on standard error, made inert: a message may quote a file name or a catalog's text,
so each line has its control characters shown escaped and cannot start a CI workflow command."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    """Write ``message`` and a line break to standard error."""
    from genhe_lint.output.inert import inert

    sys.stderr.write("\n".join(inert(line) for line in message.split("\n")) + "\n")
    sys.stderr.flush()
