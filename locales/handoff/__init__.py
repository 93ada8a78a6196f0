"""Agency hand-off in XLIFF 1.2: export (`export.py`), import (`importing.py`), inline
codes (`codes.py`) and the file format itself (`format.py`, translate-toolkit).

translate-toolkit is GPL-3.0-or-later and the project is BSD-3-Clause, so the hand-off is
an optional extra (`pip install '.[xliff]'`). Nothing outside this package imports its
modules at load time: the admin and the commands ask `require_xliff()` first and say
what to install when the extra is missing.
"""

from __future__ import annotations

from importlib.util import find_spec

INSTALL_HINT = (
    "The XLIFF hand-off needs the optional 'xliff' extra (translate-toolkit, GPL-3.0-or-later, "
    "and lxml): pip install 'guide-cms[xliff]' (or `pip install -e '.[xliff]'` in a checkout)."
)


class XliffUnavailable(RuntimeError):
    """The optional XLIFF extra is not installed."""


def xliff_available() -> bool:
    """Whether translate-toolkit and lxml can be imported in this environment."""
    try:
        return find_spec("translate.storage.xliff") is not None and find_spec("lxml") is not None
    except ImportError:  # `translate` itself missing or blocked
        return False


def require_xliff() -> None:
    if not xliff_available():
        raise XliffUnavailable(INSTALL_HINT)
