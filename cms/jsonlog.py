"""One JSON object per log line, for log shippers that index fields rather than grep text.

Used by production settings and the gunicorn config so that Django, wagtail, RQ workers and
gunicorn's access log all land on stdout in the same shape: `ts`, `level`, `logger`,
`message`, plus whatever the call site passed in `extra=` (job ids, locales, timings) and,
for Django's request loggers, the method, path and status.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request",  # an HttpRequest: summarised below, never dumped
}


class JsonFormatter(logging.Formatter):
    """Formats a record as a single-line JSON object; never raises on odd `extra` values."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = getattr(request, "path", "")
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(level: str = "INFO", quiet: dict[str, str] | None = None) -> dict:
    """A dictConfig sending everything to stdout as JSON; `quiet` sets per-logger levels."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {name: {"level": lvl} for name, lvl in (quiet or {}).items()},
    }
