"""The browser clients' files (clients/web/): where they are, which are public, their versions.

The JavaScript is plain ES modules with no build step, so what is in the folder is
what browsers get: through the static files for the reader (same origin), and under
the stable, versioned /embed/v1/ path for clinic pages (see views.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from api.http import quote_etag

WEB_DIR = Path(__file__).resolve().parent / "web"
STATIC_PREFIX = "clients/web"  # STATICFILES_DIRS prefix: /static/clients/web/...
READER_DIR = WEB_DIR / "reader"
I18N_DIR = WEB_DIR / "i18n"


@dataclass(frozen=True)
class ClientFile:
    body: bytes
    etag: str


def embed_module_names() -> frozenset[str]:
    """Top-level modules: the embed's entry point and the shared client modules it imports."""
    return frozenset(path.name for path in WEB_DIR.glob("*.js"))


def embed_catalogue_names() -> frozenset[str]:
    """Message catalogues (i18n/*.json) the embed's modules fetch next to themselves."""
    return frozenset(path.name for path in I18N_DIR.glob("*.json"))


def read(path: Path) -> ClientFile:
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> ClientFile:
    """Keyed on mtime and size: a deploy (or an edit in development) is seen at once."""
    body = path.read_bytes()
    return ClientFile(body=body, etag=quote_etag(hashlib.sha256(body).hexdigest()[:32]))


def reader_shell_files() -> list[Path]:
    """What the reader needs to start with no network: its own files and the shared modules."""
    return (
        sorted(WEB_DIR.glob("*.js"))
        + sorted(I18N_DIR.glob("*.json"))
        + sorted(p for p in READER_DIR.iterdir() if p.is_file())
    )


def static_path(path: Path) -> str:
    return f"{STATIC_PREFIX}/{path.relative_to(WEB_DIR).as_posix()}"


def shell_version(extra: bytes = b"") -> str:
    """Changes whenever any shell file does, so the service worker refreshes its cache."""
    digest = hashlib.sha256(extra)
    for path in reader_shell_files():
        digest.update(path.name.encode())
        digest.update(read(path).body)
    return digest.hexdigest()[:16]
