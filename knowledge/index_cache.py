"""A built index kept on disk for the next process (the free-text search's, knowledge/
search.py): a JSON file named by a digest of the code and data it is built from, so a
change of knowledge/ or of jieba builds it anew. Off (memory only) until the caller names
a directory with `use_directory`; knowledge/ itself never picks one."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
KNOWLEDGE_DIR = Path(__file__).parent

_directory: Path | None = None


def use_directory(directory: str | os.PathLike[str] | None) -> None:
    """Keep built indexes in `directory`; None: memory only."""
    global _directory
    _directory = Path(directory).expanduser() if directory else None


def digest(root: Path = KNOWLEDGE_DIR) -> str:
    """Of every .py and .yaml file under knowledge/ and of jieba's version."""
    h = hashlib.sha256(importlib.metadata.version("jieba").encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:32]


def read(path: Path, decode: Callable[[Any], T]) -> T | None:
    """The value kept at `path`, or None when there is none or it cannot be read back."""
    try:
        return decode(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("index cache %s is unreadable; building the index", path)
        return None


def write(path: Path, data: Any) -> None:
    """Keep `data` (JSON) at `path`, whole or not at all; other files of the same name
    prefix (built from other files: no process of this code reads them) are removed."""
    prefix = path.name.rsplit("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)  # also with several processes at once
        for old in path.parent.glob(f"{prefix}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("index cache not written (%s); it is built in memory only", exc)


def load_or_build(prefix: str, build: Callable[[], T], encode: Callable[[T], Any],
                  decode: Callable[[Any], T]) -> T:
    """The index read from the directory when it was built from these files, else built
    (and kept there)."""
    if _directory is None:
        return build()
    path = _directory / f"{prefix}-{digest()}.json"
    value = read(path, decode)
    if value is None:
        value = build()
        write(path, encode(value))
    return value
