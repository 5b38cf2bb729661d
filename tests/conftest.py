"""Shared fixtures. Every test run uses a private temporary S2S_CACHE_DIR: no test ever reads or
writes the real ~/.cache."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
import textwrap

import pytest

import s2s.cache

_SAVED_ENVIRONMENT: dict = {}


def pytest_configure(config):
    """Point S2S_CACHE_DIR at a new private directory before anything is collected.

    Test modules run code when they are imported, at collection, before any fixture (even a
    session one) is set up; subprocesses inherit the variable. The in-memory cache is left alone.
    """
    if _worker() and os.environ.get("S2S_CACHE_DIR", "").startswith(_TEST_CACHE):
        return  # a pytest-xdist worker shares its controller's directory: one transform each
    for name in ("S2S_CACHE_DIR", "S2S_NO_CACHE"):
        _SAVED_ENVIRONMENT[name] = os.environ.pop(name, None)
    os.environ["S2S_CACHE_DIR"] = tempfile.mkdtemp(prefix="s2s-test-cache-")


_TEST_CACHE = os.path.join(tempfile.gettempdir(), "s2s-test-cache-")


def _worker() -> bool:
    return "PYTEST_XDIST_WORKER" in os.environ


def pytest_unconfigure(config):
    """Delete the run's cache and give the environment back as it was (the controller's job
    when pytest-xdist runs workers)."""
    if not _SAVED_ENVIRONMENT:
        return
    shutil.rmtree(os.environ["S2S_CACHE_DIR"], ignore_errors=True)
    for name, value in _SAVED_ENVIRONMENT.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache directory of this test's own, an empty memory cache and zeroed stats.

    Returns the directory (a pathlib.Path, not created yet)."""
    folder = tmp_path / "s2s-cache"
    monkeypatch.setenv("S2S_CACHE_DIR", str(folder))
    monkeypatch.setattr(s2s.cache, "_memory", {})
    monkeypatch.setattr(s2s.cache, "_warned", False)
    monkeypatch.setattr(s2s.cache, "_refused", {})
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


def pytest_addoption(parser):
    """``--fuzz-long`` for tests/test_fuzz.py; the option is defined in tests/fuzz/plugin.py."""
    from fuzz.plugin import add_options

    add_options(parser)


#: Test modules that run derivatives without reading their text: they skip black
#: (``S2S_FORMAT=0``, part of the cache key), which is about a third of every transform.
UNREAD = {
    "test_corpus",
    "test_corpus_oracle",
    "test_fuzz",
    "test_numpy_sweep",
    "test_shape_patterns",
    "test_threads",
}


@pytest.fixture(autouse=True)
def _unformatted_where_unread(request, monkeypatch):
    if request.module.__name__.rsplit(".", 1)[-1] in UNREAD:
        monkeypatch.setenv("S2S_FORMAT", "0")
