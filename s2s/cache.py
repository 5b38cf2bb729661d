"""A keyed, atomic, self-healing disk cache of generated derivatives, as readable ``.py`` files.

The key hashes everything the output depends on: s2s's version, the options, the function's
source, the sources of every user function it calls (transitively), and the rules (the library's
files and any user rules). A file whose first lines do not carry its key, or that fails to load,
is regenerated. Writes go to a temporary file renamed into place, so a reader never sees half a
file and two writers leave one valid file. A directory that cannot be written falls back to
memory with one warning.
"""

from __future__ import annotations

import collections
import hashlib
import os
import tempfile
import warnings

from . import __version__, load

#: Counters tests (and curious users) read: how often each path was taken in this process.
stats = collections.Counter()

_memory: dict[str, object] = {}
_warned = False
_KEY_LINE = "# s2s-key: "


def directory() -> str:
    explicit = os.environ.get("S2S_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "s2s")


def enabled() -> bool:
    return os.environ.get("S2S_NO_CACHE", "") not in ("1", "true", "yes")


def _library_fingerprint(_memo=[]) -> str:
    if not _memo:
        import s2s.templates as templates

        digest = hashlib.sha256()
        for folder in templates.__path__:
            for name in sorted(os.listdir(folder)):
                if name.endswith(".py"):
                    with open(os.path.join(folder, name), "rb") as fh:
                        digest.update(name.encode() + b"\0" + fh.read())
        _memo.append(digest.hexdigest())
    return _memo[0]


def key_of(f, options) -> tuple[str, list]:
    """The cache key of ``f``'s derivative, and the functions it depends on."""
    from .normalize.callees import closure
    from .rules import registry
    from .source import read

    functions = closure(f, read)
    digest = hashlib.sha256()
    digest.update(f"s2s {__version__}\n{options.key()}\n{_library_fingerprint()}\n".encode())
    for g in functions:
        fs = read(g)
        digest.update(f"{fs.origin.module}:{fs.origin.qualname}\n{fs.text}\n".encode())
    for rule in registry.all_rules():
        if rule.user:
            digest.update(f"rule {rule.name} {rule.mode}\n{_rule_source(rule)}\n".encode())
    return digest.hexdigest(), functions


def _rule_source(rule) -> str:
    import inspect

    try:
        return inspect.getsource(rule.func)
    except (OSError, TypeError):
        return repr(rule.func.__code__.co_code)


def _filename(f, options, key) -> str:
    module = (getattr(f, "__module__", None) or "main").replace("<", "").replace(">", "")
    qualname = f.__qualname__.replace("<locals>.", "").replace("<lambda>", "lambda")
    return f"{module}.{qualname}.{options.mode}.{key[:20]}.py"


def _injected(f) -> dict:
    from .source import namespace_of, unwrap

    f = unwrap(f)
    names = namespace_of(f)
    return {n: names[n] for n in f.__code__.co_freevars if n in names}


def derivative(f, options):
    """The loaded derivative of ``f`` for ``options``: from memory, disk, or generated now."""
    from .source import unwrap

    f = unwrap(f)
    key, _ = key_of(f, options)
    if key in _memory:
        stats["memory_hits"] += 1
        return _memory[key]
    injected = _injected(f)
    path = os.path.join(directory(), _filename(f, options, key)) if enabled() else None
    loaded = _from_disk(path, key, injected) if path else None
    if loaded is None:
        loaded = _generate(f, options, key, path, injected)
    _memory[key] = loaded
    return loaded


def _from_disk(path, key, injected):
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError:
        return None
    header, _, _ = text.partition("\n\n")
    entries = dict(line[len(_KEY_LINE):].split("=", 1) for line in header.splitlines()
                   if line.startswith(_KEY_LINE) and "=" in line)
    if entries.get("key") != key or "entry" not in entries:
        stats["stale_or_corrupt"] += 1
        return None
    try:
        loaded = load.load_file(path, _body(text), entries["entry"], entries.get("backward") or None,
                                injected)
    except Exception:  # a truncated or hand-edited file: regenerate it
        stats["stale_or_corrupt"] += 1
        return None
    stats["disk_hits"] += 1
    return loaded


def _body(text: str) -> str:
    """The generated module without the cache's key lines."""
    return "\n".join(line for line in text.split("\n") if not line.startswith(_KEY_LINE))


def _generate(f, options, key, path, injected):
    from .pipeline import generate

    stats["transforms"] += 1
    generated = generate(f, options)
    if path is not None:
        header = (f"{_KEY_LINE}key={key}\n{_KEY_LINE}entry={generated.entry}\n"
                  f"{_KEY_LINE}backward={generated.backward or ''}\n")
        if _write_atomic(path, header + generated.source):
            return load.load_file(path, generated.source, generated.entry, generated.backward,
                                  injected)
    filename = f"<s2s {f.__qualname__} {options.mode}>"
    return load.load_source(generated.source, generated.entry, generated.backward, injected, filename)


def _write_atomic(path: str, text: str) -> bool:
    global _warned
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".py")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        return True
    except OSError as exc:
        if not _warned:
            _warned = True
            warnings.warn(f"s2s: cannot write the cache in {folder} ({exc}); keeping derivatives "
                          "in memory for this process. Set S2S_CACHE_DIR to a writable directory.",
                          RuntimeWarning, stacklevel=4)
        return False


def clear() -> int:
    """Delete every cached derivative; return how many files were removed."""
    folder = directory()
    removed = 0
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if name.endswith(".py"):
                os.unlink(os.path.join(folder, name))
                removed += 1
    _memory.clear()
    return removed
