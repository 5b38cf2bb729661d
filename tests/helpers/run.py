"""Run Python (and the s2s CLI) in a fresh process with a controlled environment.

A fresh process is the only honest test of the disk cache and of the command line: nothing is
shared with the test process but the files on disk.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

TIMEOUT = 60


def env(cache_dir=None, path=(), **extra) -> dict:
    """The test process's environment with s2s's variables replaced, never the real ~/.cache.

    ``cache_dir`` None with no S2S_CACHE_DIR in ``extra`` keeps the caller's S2S_CACHE_DIR (the
    conftest points it at a temporary directory). ``path`` goes on PYTHONPATH. A value None in
    ``extra`` removes that variable.
    """
    e = {k: v for k, v in os.environ.items() if k != "S2S_NO_CACHE"}
    if cache_dir is not None:
        e["S2S_CACHE_DIR"] = str(cache_dir)
    # The caller's own PYTHONPATH, which the child keeps (the same s2s as ours), made absolute:
    # the child runs in another directory, where ``PYTHONPATH=.`` would name another folder.
    inherited = [
        os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p
    ]
    if path or inherited:  # the ``path`` entries go ahead of the caller's
        e["PYTHONPATH"] = os.pathsep.join([str(p) for p in path] + inherited)
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    for key, value in extra.items():
        if value is None:
            e.pop(key, None)
        else:
            e[key] = str(value)
    assert e.get("S2S_CACHE_DIR") or "XDG_CACHE_HOME" in extra, "refusing to use the real cache"
    return e


def python(code: str, *, env=None, cwd=None, args=(), check=True, flags=()):
    """Run ``code`` in ``sys.executable``; return the CompletedProcess (text mode)."""
    proc = subprocess.run(
        [sys.executable, *flags, "-c", textwrap.dedent(code), *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"subprocess failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def start_python(code: str, *, env=None, cwd=None, args=()):
    """Start ``code`` without waiting (for concurrency tests)."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def s2s(*args, env=None, cwd=None, command=None):
    """Run the command line (``python -m s2s`` unless ``command`` is given)."""
    command = command or [sys.executable, "-m", "s2s"]
    return subprocess.run(
        [*command, *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
