"""Where a derivative comes from: this process's memory, the disk cache, or the pipeline now.

``derivative(target, options)`` is the one road from a resolved function to its loaded
derivative: the key (``fingerprint``), then memory, then disk (``cache``), and only then the
pipeline, whose output is stored before it is loaded (``load``), so what runs is what the cache
holds.
"""

from __future__ import annotations

from . import cache, fingerprint, load
from .pipeline import generate
from .target import Target


def derivative(target: Target, options) -> load.LoadedDerivative:
    """The loaded derivative of ``target`` for ``options``; in vjp mode its ``brand`` is set
    (``fingerprint.tape_brand``: the generated code carries it as ``TAPE_BRAND``)."""
    key = fingerprint.key(target, options)
    injected = target.injected
    remembered = cache.remembered(key)
    if remembered is not None:
        cache.stats["memory_hits"] += 1
        loaded, bound = remembered
        if _same_values(bound, injected):
            return loaded
        # Same source, other closure values (``make_loss(k)`` for another ``k``): same text,
        # executed again with this function's values.
        loaded = _reload(loaded, injected)
        cache.remember(key, (loaded, injected))
        return loaded
    brand = fingerprint.tape_brand(target, key) if options.mode == "vjp" else None
    path = cache.disk_path(target.function, options.mode, key)
    loaded = _from_disk(path, key, injected) if path else None
    if loaded is None:
        loaded = _generate(target, options, key, brand, path, injected)
    loaded.brand = brand
    cache.remember(key, (loaded, injected))
    return loaded


def _same_values(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[n] is b[n] for n in a)


def _reload(loaded, injected):
    if loaded.path is not None:
        again = load.load_file(
            loaded.path,
            loaded.source,
            loaded.entry,
            loaded.backward_name,
            injected,
            text=loaded.file_text,
        )
    else:
        again = load.load_source(
            loaded.source, loaded.entry, loaded.backward_name, injected, loaded.filename
        )
    again.brand = loaded.brand
    return again


def _from_disk(path, key, injected):
    entry = cache.read(path, key)
    if entry is None:
        return None
    try:
        loaded = load.load_file(
            path, entry.source, entry.entry, entry.backward, injected, text=entry.text
        )
    except Exception:  # a hand-edited file that no longer runs: regenerate it
        cache.damaged()
        return None
    cache.stats["disk_hits"] += 1
    return loaded


def _generate(target, options, key, brand, path, injected):
    cache.stats["transforms"] += 1
    generated = generate(target, options, brand)
    stored = None
    if path is not None:
        stored = cache.write(path, key, generated.source, generated.entry, generated.backward)
    if stored is not None:
        return load.load_file(
            path, stored.source, stored.entry, stored.backward, injected, text=stored.text
        )
    filename = f"<s2s {target.qualname} {options.mode}>"
    return load.load_source(
        generated.source, generated.entry, generated.backward, injected, filename
    )
