"""Shared fixtures. Every test runs with S2S_CACHE_DIR in a temporary directory: no test ever
reads or writes the real ~/.cache."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

import s2s.cache


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """A shared temporary disk cache for the whole session (set up before any other fixture,
    module-scoped ones included); the in-memory cache is left alone."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("S2S_CACHE_DIR", str(tmp_path_factory.mktemp("s2s-cache")))
        mp.delenv("S2S_NO_CACHE", raising=False)
        yield


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache directory of this test's own, an empty memory cache and zeroed stats.

    Returns the directory (a pathlib.Path, not created yet)."""
    folder = tmp_path / "s2s-cache"
    monkeypatch.setenv("S2S_CACHE_DIR", str(folder))
    monkeypatch.setattr(s2s.cache, "_memory", {})
    monkeypatch.setattr(s2s.cache, "_warned", False)
    s2s.cache.stats.clear()
    yield folder
    s2s.cache.stats.clear()


@pytest.fixture
def make_module(tmp_path, monkeypatch):
    """``make_module(name, source)`` writes ``name.py`` under tmp_path/"user" and imports it.

    The directory goes on sys.path (generated code imports the user's module from there); the
    module is removed from sys.modules afterwards. Use a name unique to the test.
    """
    folder = tmp_path / "user"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    names = []

    def make(name, source):
        (folder / f"{name}.py").write_text(textwrap.dedent(source))
        importlib.invalidate_caches()
        sys.modules.pop(name, None)
        names.append(name)
        return importlib.import_module(name)

    make.folder = folder
    yield make
    for name in names:
        sys.modules.pop(name, None)
