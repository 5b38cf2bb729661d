"""Where derivatives are kept: in memory for the process, and on disk as readable ``.py`` files.

This module only stores. The key (``fingerprint``) hashes everything an entry depends on; where
a derivative comes from (memory, disk, or generated now) is decided in ``derivatives``. A file
whose first lines do not carry its key and the checksum of its body is not served. Writes go to
a temporary file renamed into place, so a reader never sees half a file and two writers leave
one valid file. A directory that cannot be written falls back to memory with one warning.

Loading an entry executes it, and a checksum only catches accidents: whoever can write the
directory can write a matching one. So s2s creates the directory (and any missing parent) private,
its files owner-only, and refuses, with one warning, to read from a directory or file that
another user owns or that its group or other users can write; the process then keeps its
derivatives in memory. ``verify`` checks every entry (``python -m s2s cache verify``).
"""

from __future__ import annotations

import ast
import collections
import contextlib
import dataclasses
import hashlib
import os
import re
import secrets
import shlex
import stat
import sys
import types
import warnings

#: Counters tests (and curious users) read: how often each path was taken in this process.
stats: collections.Counter = collections.Counter()

_memory: dict[str, object] = {}
_warned = False
#: Cache directories this process refused to execute code from (path -> why): it keeps their
#: derivatives in memory until it exits.
_refused: dict[str, str] = {}
_KEY_LINE = "# s2s-key: "
_TMP_PREFIX = ".tmp-"
#: How an entry's file name ends (``_filename``): a damaged entry is recognised by its name too.
_ENTRY_NAME = re.compile(r"\.(grad|value_and_grad|vjp)\.(?P<key>[0-9a-f]{20})\.py$")
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def directory() -> str:
    explicit = os.environ.get("S2S_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "s2s")


def enabled() -> bool:
    return os.environ.get("S2S_NO_CACHE", "").strip().lower() not in ("1", "true", "yes", "on")


@dataclasses.dataclass
class Entry:
    """A derivative as stored: the generated module and the names of its functions."""

    source: str  # the generated module (without the key lines)
    entry: str  # the function to call (the forward function, for vjp)
    backward: str | None  # vjp: the backward function
    text: str  # the file's whole text as read or written (key lines included)


def remembered(key: str):
    """What ``remember`` stored under ``key`` in this process, or None."""
    return _memory.get(key)


def remember(key: str, value) -> None:
    _memory[key] = value


def _filename(f, mode, key) -> str:
    module = (getattr(f, "__module__", None) or "main").replace("<", "").replace(">", "")
    qualname = f.__qualname__.replace("<locals>.", "").replace("<lambda>", "lambda")
    return f"{module}.{qualname}.{mode}.{key[:20]}.py"


def disk_path(f, mode: str, key: str) -> str | None:
    """Where the file of ``f``'s derivative (``mode``, ``key``) is, or None to keep it in memory:
    the disk cache is off, or its directory is one this process must not execute code from
    (checked before every read)."""
    if not enabled():
        return None
    path = os.path.join(directory(), _filename(f, mode, key))
    folder = os.path.dirname(path)  # the spelling _read_private refuses, trailing slash or not
    if folder not in _refused:
        problem = _unsafe_directory(folder)
        if problem is not None:
            _refuse(folder, problem)
    return None if folder in _refused else path


def _unsafe_directory(folder: str) -> str | None:
    """Why the cache directory ``folder`` must not be used, with what to do, or None.

    A directory that does not exist yet is fine (s2s creates it private); one that is not a
    directory is left to the write, which fails and says so."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    problem = _foreign(st)
    if problem is None:
        return None
    why, writable = problem
    fix = (
        f"run `chmod go-w {shlex.quote(folder)}`"
        if writable
        else "set S2S_CACHE_DIR to a directory of your own"
    )
    return f"the directory {folder} {why}; {fix}"


def _unsafe_file(path: str, st) -> str | None:
    """Why the cache file ``path`` (``st`` its stat) must not be executed, with what to do, or None.

    Its content may already be someone else's, so the fix is to delete it, never to chmod it."""
    problem = _foreign(st)
    if problem is None:
        return None
    return (
        f"the file {path} {problem[0]}; delete it "
        "(`python -m s2s cache verify --remove` deletes every such entry)"
    )


def _foreign(st) -> tuple[str, bool] | None:
    """Whether someone other than this user can control what ``st``'s file holds: (why, True if
    it is the permissions, False if the owner), or None when only this user can.

    Windows has neither user ids nor POSIX mode bits to check (its ``st_mode`` reports every
    writable file as writable by all), so nothing is refused there."""
    if not hasattr(os, "getuid"):
        return None
    if st.st_uid != os.getuid():
        return f"belongs to another user (uid {st.st_uid}; you are uid {os.getuid()})", False
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        who = {stat.S_IWGRP: "its group", stat.S_IWOTH: "other users"}
        writers = " and ".join(w for bit, w in who.items() if st.st_mode & bit)
        return f"can be written by {writers} (mode {stat.S_IMODE(st.st_mode):o})", True
    return None


def _refuse(folder: str, problem: str) -> None:
    """Stop using ``folder`` for the rest of the process, and say why once."""
    _refused[folder] = problem
    _warn_once(
        f"s2s: not loading derivatives from the cache in {folder}: {problem}. Loading a "
        "cached derivative runs it, so anyone who can write there could make this process "
        "run their code; derivatives are kept in memory for this process instead (or set "
        "S2S_CACHE_DIR to a directory only you can write)."
    )


def _warn_once(message: str) -> None:
    """Cache trouble never stops differentiation, but the user must hear of it: one
    RuntimeWarning per process, pointing at the user's line that asked for a derivative."""
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(message, RuntimeWarning, stacklevel=_outside_s2s())


def _outside_s2s() -> int:
    """The ``stacklevel`` of the first frame outside s2s (its modules and the argument-checking
    wrappers it generates), counted from ``_warn_once``: the call depth varies with the path
    (``grad``, ``vjp``, a first call with new shapes)."""
    frame: types.FrameType | None = sys._getframe(2)
    level = 2
    while frame is not None and (
        frame.f_code.co_filename.startswith(_PACKAGE + os.sep)
        or frame.f_code.co_filename.startswith("<s2s")
    ):
        frame, level = frame.f_back, level + 1
    return level


def read(path: str, key: str) -> Entry | None:
    """The entry at ``path`` if it is sound and carries ``key``; None if it is missing, damaged,
    stale or refused (the caller then generates it again)."""
    text = _read_private(path)
    if text is None:
        return None
    entries, body = _parse(text)
    if (
        entries.get("key") != key
        or "entry" not in entries
        or entries.get("sha256") != _checksum(body)
    ):
        stats["stale_or_corrupt"] += 1
        return None
    return Entry(body, entries["entry"], entries.get("backward") or None, text)


def write(path: str, key: str, source: str, entry: str, backward: str | None) -> Entry | None:
    """Store a generated module at ``path`` under ``key``; None if the directory cannot be used
    (refused or not writable: the caller keeps the derivative in memory)."""
    if os.path.dirname(path) in _refused:
        return None
    header = (
        f"{_KEY_LINE}key={key}\n{_KEY_LINE}entry={entry}\n"
        f"{_KEY_LINE}backward={backward or ''}\n{_KEY_LINE}sha256={_checksum(source)}\n"
    )
    if not _write_atomic(path, header + source):
        return None
    return Entry(source, entry, backward, header + source)


def damaged() -> None:
    """Count an entry that read well but failed to load (``stats``)."""
    stats["stale_or_corrupt"] += 1


def _read_private(path: str) -> str | None:
    """The cache file's text, or None: missing, unreadable, or one another user could have
    written (then the whole directory is refused for this process). The permissions checked
    are those of the open file that is read, so the file cannot be swapped in between."""
    try:
        with open(path, encoding="utf-8") as fh:
            problem = _unsafe_file(path, os.fstat(fh.fileno()))
            if problem is None:
                return fh.read()
    except (OSError, UnicodeDecodeError):
        if os.path.exists(path):
            stats["stale_or_corrupt"] += 1
        return None
    _refuse(os.path.dirname(path), problem)
    return None


def _parse(text: str) -> tuple[dict, str]:
    """The key lines (the file's leading lines) as a dict, and the generated module after them."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith(_KEY_LINE):
        n += 1
    entries = dict(line[len(_KEY_LINE) :].split("=", 1) for line in lines[:n] if "=" in line)
    return entries, "\n".join(lines[n:])


def _checksum(body: str) -> str:
    """Truncation can leave a module that still loads (a function missing its return): the
    checksum of the body is what tells a complete file from a damaged one."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _write_atomic(path: str, text: str) -> bool:
    """Write ``path`` whole or not at all; False (and one warning per process) if impossible.

    The file is readable and writable by its owner only: loading it runs it."""
    folder = os.path.dirname(path)
    tmp = None
    try:
        _make_private_dirs(folder)
        name = os.path.join(folder, f"{_TMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}.py")
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        tmp = name
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
        return True
    except BaseException as exc:  # interrupted or failed: leave no temporary file behind
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
        _warn_once(
            f"s2s: cannot write the cache in {folder} ({exc}); keeping derivatives "
            "in memory for this process. Set S2S_CACHE_DIR to a writable directory."
        )
        return False


def _make_private_dirs(folder: str) -> None:
    """Create ``folder`` and every missing parent with mode 0o700 (``os.makedirs`` gives the
    parents 0o777 minus the umask): no one else may add files to a directory whose code s2s
    runs, nor swap that directory for their own. Another process creating one first is fine."""
    missing = []
    path = os.path.abspath(folder)
    while not os.path.exists(path) and os.path.dirname(path) != path:
        missing.append(path)
        path = os.path.dirname(path)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass


def clear() -> int:
    """Delete every cached derivative; return how many files were removed.

    Only s2s's own files go (entries and leftover temporary files), so a mistaken S2S_CACHE_DIR
    never costs anyone their code."""
    folder = directory()
    removed = 0
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if (name.startswith(_TMP_PREFIX) and name.endswith(".py")) or _is_entry(path):
                removed += remove(path)
    _memory.clear()
    return removed


def remove(path: str) -> bool:
    """Delete ``path``; False if it was already gone (another process cleared it first)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def _is_entry(path: str) -> bool:
    """An s2s entry, even a damaged one: named like one (``_filename``), or carrying the key lines."""
    name = os.path.basename(path)
    if not name.endswith(".py") or name.startswith(_TMP_PREFIX) or not os.path.isfile(path):
        return False
    if _ENTRY_NAME.search(name):
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_KEY_LINE)) == _KEY_LINE.encode()
    except OSError:
        return False


@dataclasses.dataclass
class Report:
    """What ``verify`` found in one cache directory."""

    folder: str
    unsafe: str | None = None  # why the directory must not be used (and what to do), if so
    good: list = dataclasses.field(default_factory=list)  # paths of sound entries
    bad: list = dataclasses.field(default_factory=list)  # (path, why) of the others


def verify(folder: str | None = None) -> Report:
    """Check every entry of the cache directory as a load would, and the directory itself.

    An entry is bad if s2s would refuse it (another user's, or writable by others), if its key
    lines are missing or disagree with its name, if its body does not match its checksum, or
    if it does not compile or lacks its functions. Stale entries (for code since edited) are
    not bad: they are simply never looked up again."""
    folder = directory() if folder is None else folder
    report = Report(folder, unsafe=_unsafe_directory(folder))
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if _is_entry(path):
                problem = _entry_problem(path)
                if problem is None:
                    report.good.append(path)
                else:
                    report.bad.append((path, problem))
    return report


def _entry_problem(path: str) -> str | None:
    """What is wrong with the entry at ``path``, or None."""
    try:
        with open(path, encoding="utf-8") as fh:
            problem = _foreign(os.fstat(fh.fileno()))
            if problem is not None:
                return problem[0]
            text = fh.read()
    except UnicodeDecodeError:
        return "not UTF-8 text (damaged)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    entries, body = _parse(text)
    missing = [k for k in ("key", "entry", "sha256") if k not in entries]
    if missing:
        return f"no {', '.join(missing)} line (damaged, or not written by this s2s)"
    named = _ENTRY_NAME.search(os.path.basename(path))
    if named and not entries["key"].startswith(named.group("key")):
        return "its key line does not match its file name"
    if entries["sha256"] != _checksum(body):
        return "its body does not match its checksum (edited or damaged)"
    return _code_problem(path, text, entries)


def _code_problem(path: str, text: str, entries: dict) -> str | None:
    """Why the entry's module would fail to load: a syntax error, or a function it should
    define and does not."""
    try:
        tree = ast.parse(text, path)
        compile(tree, path, "exec")
    except (SyntaxError, ValueError) as exc:
        return f"does not compile ({getattr(exc, 'msg', exc)}, line {getattr(exc, 'lineno', '?')})"
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    for name in (entries["entry"], entries.get("backward")):
        if name and name not in defined:
            return f"does not define its function {name}"
    return None
