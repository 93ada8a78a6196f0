"""gunicorn's logger, with an access log that is really off when GUNICORN_ACCESSLOG=0.

gunicorn decides whether to build an access-log line from its settings alone: any
`logconfig_dict` (ours routes gunicorn's logs through the JSON formatter) counts as "access
log on", so it formats every request's atoms even when the access logger's level drops the
line. Measured with bench/api_throughput.py (CPU per request of the workers, static bytes):
~225 us with GUNICORN_ACCESSLOG=0 before this class, ~170 us without it, ~260 us with the
access log written. This class makes `0` skip the work altogether.
"""

from __future__ import annotations

from gunicorn.glogging import Logger


class NoAccessLogger(Logger):
    def _compute_access_log_enabled(self) -> bool:
        return False
