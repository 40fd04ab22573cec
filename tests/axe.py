"""axe-core for the browser tests: the npm registry's tarball, fetched once into
tests/.cache (git-ignored) and checked against its published integrity hash."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
CACHE = Path(__file__).resolve().parent / ".cache" / f"axe-core-{VERSION}.min.js"


class Unavailable(Exception):
    """The registry could not be reached: the tests that need axe are skipped, saying so."""


def _checked(data: bytes) -> bytes:
    algorithm, _, expected = INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"axe-core {VERSION}: the tarball's {algorithm} is not the registry's integrity hash")
    return data


def axe_source() -> str:
    """The text of axe.min.js, from the cache or the registry (integrity checked)."""
    if CACHE.exists():
        return CACHE.read_text(encoding="utf-8")
    try:
        with urllib.request.urlopen(URL, timeout=30) as response:
            data = response.read()
    except OSError as exc:
        raise Unavailable(f"the npm registry is unreachable ({exc}): axe-core {VERSION} not fetched") from exc
    with tarfile.open(fileobj=io.BytesIO(_checked(data)), mode="r:gz") as archive:
        source = archive.extractfile("package/axe.min.js").read().decode("utf-8")
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(source, encoding="utf-8")
    return source
