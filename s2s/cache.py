"""A keyed, atomic, self-healing disk cache of generated derivatives, as readable ``.py`` files.

The key hashes everything the output depends on: s2s's version, the options, the function's
source, the sources of every user function it calls (transitively), and the rules (the library's
files and any user rules), what every global name and callee of those functions resolves to
(rebinding ``act = np.tanh`` to ``np.sin`` changes the derivative without changing the source),
and s2s's own code. A file whose first lines do not carry its key and the checksum of its body, or
that fails to load, is regenerated. Writes go to a temporary file renamed into place, so a reader never sees half a
file and two writers leave one valid file. A directory that cannot be written falls back to
memory with one warning.
"""

from __future__ import annotations

import collections
import hashlib
import os
import secrets
import warnings

from . import __version__, load

#: Counters tests (and curious users) read: how often each path was taken in this process.
stats = collections.Counter()

_memory: dict[str, object] = {}
_warned = False
_KEY_LINE = "# s2s-key: "
_TMP_PREFIX = ".tmp-"


def directory() -> str:
    explicit = os.environ.get("S2S_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "s2s")


def enabled() -> bool:
    return os.environ.get("S2S_NO_CACHE", "").strip().lower() not in ("1", "true", "yes", "on")


def _library_fingerprint(_memo=[]) -> str:
    """A hash of the rule templates and of s2s's own modules: the code that writes the output."""
    if not _memo:
        import s2s
        import s2s.templates as templates

        digest = hashlib.sha256()
        for package in (s2s, templates):
            for folder in package.__path__:
                for root, dirs, files in os.walk(folder):
                    dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
                    for name in sorted(files):
                        if name.endswith(".py"):
                            path = os.path.join(root, name)
                            with open(path, "rb") as fh:
                                rel = os.path.relpath(path, folder).replace(os.sep, "/")
                                digest.update(f"{package.__name__}/{rel}".encode() + b"\0"
                                              + fh.read())
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
        digest.update(_resolutions(fs).encode())
    for rule in registry.user_rules():
        if rule.user:
            digest.update(f"rule {rule.name} {rule.mode}\n{_rule_source(rule)}\n".encode())
    return digest.hexdigest(), functions


def _resolutions(fs) -> str:
    """What the function's free names and callees stand for, one line each.

    The emitted code bakes in which rule a call uses (``act(x)`` with ``act = np.tanh`` becomes
    ``1 - y*y`` in the adjoint), so a rebinding in the user's module must change the key even
    though the function's own source did not change.
    """
    import gast

    from .normalize.resolve_callees import local_names, resolve
    from .substitute import names_in

    locals_ = local_names(fs.node)
    lines = [f"name {name} = {_describe(fs.namespace[name])}"
             for name in sorted(names_in(fs.node, gast.Load) - locals_) if name in fs.namespace]
    for node in gast.walk(fs.node):
        if isinstance(node, gast.Call):
            callee = resolve(node.func, fs.namespace, locals_)
            if callee.resolved:
                lines.append(f"call {callee.text} = {_describe(callee.value)}")
    return "\n".join(sorted(set(lines))) + "\n"


def _describe(value) -> str:
    """A process-independent description of what a global stands for (never an id or address)."""
    import types

    if isinstance(value, types.ModuleType):
        return f"module {value.__name__}"
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if isinstance(name, str) and callable(value):
        return f"{kind} {getattr(value, '__module__', None)}.{name}"
    return kind


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
    injected = _injected(f)
    entry = _memory.get(key)
    if entry is not None:
        stats["memory_hits"] += 1
        loaded, bound = entry
        if _same_values(bound, injected):
            return loaded
        # Same source, other closure values (``make_loss(k)`` for another ``k``): same text,
        # executed again with this function's values.
        loaded = _reload(loaded, injected)
        _memory[key] = (loaded, injected)
        return loaded
    path = os.path.join(directory(), _filename(f, options, key)) if enabled() else None
    loaded = _from_disk(path, key, injected) if path else None
    if loaded is None:
        loaded = _generate(f, options, key, path, injected)
    _memory[key] = (loaded, injected)
    return loaded


def _same_values(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[n] is b[n] for n in a)


def _reload(loaded, injected):
    text, path = loaded.file_text, loaded.path
    if path is not None:
        return load.load_file(path, loaded.source, loaded.entry, loaded.backward_name, injected,
                              text=text)
    return load.load_source(loaded.source, loaded.entry, loaded.backward_name, injected,
                            loaded.filename)


def _from_disk(path, key, injected):
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        if os.path.exists(path):
            stats["stale_or_corrupt"] += 1
        return None
    header, body = _split(text)
    entries = dict(line[len(_KEY_LINE):].split("=", 1) for line in header
                   if "=" in line)
    if (entries.get("key") != key or "entry" not in entries
            or entries.get("sha256") != _checksum(body)):
        stats["stale_or_corrupt"] += 1
        return None
    try:
        loaded = load.load_file(path, body, entries["entry"], entries.get("backward") or None,
                                injected, text=text)
    except Exception:  # a hand-edited file that no longer runs: regenerate it
        stats["stale_or_corrupt"] += 1
        return None
    stats["disk_hits"] += 1
    return loaded


def _split(text: str) -> tuple[list, str]:
    """The cache's key lines (the file's leading lines) and the generated module after them."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith(_KEY_LINE):
        n += 1
    return lines[:n], "\n".join(lines[n:])


def _checksum(body: str) -> str:
    """Truncation can leave a module that still loads (a function missing its return): the
    checksum of the body is what tells a complete file from a damaged one."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _generate(f, options, key, path, injected):
    from .pipeline import generate

    stats["transforms"] += 1
    generated = generate(f, options)
    if path is not None:
        header = (f"{_KEY_LINE}key={key}\n{_KEY_LINE}entry={generated.entry}\n"
                  f"{_KEY_LINE}backward={generated.backward or ''}\n"
                  f"{_KEY_LINE}sha256={_checksum(generated.source)}\n")
        if _write_atomic(path, header + generated.source):
            return load.load_file(path, generated.source, generated.entry, generated.backward,
                                  injected, text=header + generated.source)
    filename = f"<s2s {f.__qualname__} {options.mode}>"
    return load.load_source(generated.source, generated.entry, generated.backward, injected, filename)


def _write_atomic(path: str, text: str) -> bool:
    """Write ``path`` whole or not at all; False (and one warning per process) if impossible."""
    global _warned
    folder = os.path.dirname(path)
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f"{_TMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}.py")
        # 0o666 minus the umask, like any file the user writes: the cache is meant to be read.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if not _warned:
            _warned = True
            warnings.warn(f"s2s: cannot write the cache in {folder} ({exc}); keeping derivatives "
                          "in memory for this process. Set S2S_CACHE_DIR to a writable directory.",
                          RuntimeWarning, stacklevel=6)
        return False
    except BaseException:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise


def clear() -> int:
    """Delete every cached derivative; return how many files were removed.

    Only s2s's own files go (those carrying its key line, and leftover temporary files), so a
    mistaken S2S_CACHE_DIR never costs anyone their code."""
    folder = directory()
    removed = 0
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not name.endswith(".py") or not (name.startswith(_TMP_PREFIX) or _is_ours(path)):
                continue
            try:
                os.unlink(path)
            except FileNotFoundError:  # another process cleared it first
                continue
            removed += 1
    _memory.clear()
    return removed


def _is_ours(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_KEY_LINE)) == _KEY_LINE.encode()
    except OSError:
        return False
