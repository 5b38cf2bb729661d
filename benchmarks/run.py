"""s2s benchmarks: generated gradients vs hand-written ones, and transform / cache-hit times.

    python benchmarks/run.py            # full run (about 1-2 minutes)
    python benchmarks/run.py --quick    # fewer repeats (well under a minute)

See benchmarks/README.md for what each column means.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# Only these two are benchmarked for transform time (the brief's table 2).
TRANSFORM_WORKLOADS = ("mlp", "scalar20")
COLD_TARGET = 0.5  # seconds
WARM_TARGET = 0.020  # seconds


# ============================================================================================
# Subprocess mode: one s2s.grad call in a fresh interpreter, timed; prints one JSON line.


def child(kind: str, name: str) -> None:
    import numpy  # noqa: F401  (imports happen before the timer)
    import numpy as np
    import workloads

    import s2s
    import s2s.cache

    _, f, _, wrt, make_args, _ = workloads.WORKLOADS[name]
    args = make_args(np.random.default_rng(0))
    gc.collect()
    t0 = time.perf_counter()
    g = s2s.grad(f, wrt=wrt)
    seconds = time.perf_counter() - t0
    stats = dict(s2s.cache.stats)
    t0 = time.perf_counter()
    g(*args)  # the first call: the derivative specialized to these shapes (generated or loaded)
    first_call = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "first_call": first_call, "stats": stats}))


def run_child(kind: str, name: str, cache_dir: str) -> dict:
    env = dict(os.environ)
    env["S2S_CACHE_DIR"] = cache_dir
    env.pop("S2S_NO_CACHE", None)
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", kind, name],
        env=env,
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} subprocess for {name} failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def transform_times(rounds: int) -> dict:
    """name -> (cold, warm, cold first call, warm first call) lists of seconds. Each round: a
    fresh empty cache directory, one subprocess whose s2s.grad transforms (exactly once), then
    one whose s2s.grad must hit disk. Each then calls the gradient once: that first call
    generates (cold) or loads (warm) the derivative specialized to the arguments' shapes."""
    out = {name: ([], [], [], []) for name in TRANSFORM_WORKLOADS}
    for _ in range(rounds):
        for name in TRANSFORM_WORKLOADS:
            cache_dir = tempfile.mkdtemp(prefix="s2s-bench-cache-")
            try:
                cold = run_child("cold", name, cache_dir)
                if cold["stats"].get("transforms") != 1:
                    raise AssertionError(f"cold run of {name} did not transform once: {cold}")
                warm = run_child("warm", name, cache_dir)
                if warm["stats"].get("transforms", 0) != 0 or warm["stats"].get("disk_hits") != 1:
                    raise AssertionError(f"warm run of {name} re-transformed: {warm['stats']}")
                out[name][0].append(cold["seconds"])
                out[name][1].append(warm["seconds"])
                out[name][2].append(cold["first_call"])
                out[name][3].append(warm["first_call"])
                last_stats = (cold["stats"], warm["stats"])
            finally:
                shutil.rmtree(cache_dir, ignore_errors=True)
    out["_stats"] = last_stats
    return out


# ============================================================================================
# Verification: s2s vs hand vs central finite differences, before any timing.


def _as_tuple(g):
    return g if isinstance(g, tuple) else (g,)


def central_fd(f, args, wrt):
    """Elementwise central differences of scalar ``f`` wrt each argument in ``wrt``."""
    import numpy as np

    out = []
    for i in wrt:
        x = args[i]
        if isinstance(x, float):
            h = 1e-6 * max(1.0, abs(x))
            plus = list(args)
            minus = list(args)
            plus[i], minus[i] = x + h, x - h
            out.append((f(*plus) - f(*minus)) / (2 * h))
            continue
        x = np.asarray(x, dtype=float)
        grad = np.empty_like(x)
        flat = grad.reshape(-1)
        for j in range(x.size):
            xp, xm = x.copy(), x.copy()
            h = 1e-6 * max(1.0, abs(x.flat[j]))
            xp.flat[j] += h
            xm.flat[j] -= h
            plus = list(args)
            minus = list(args)
            plus[i], minus[i] = xp, xm
            flat[j] = (f(*plus) - f(*minus)) / (2 * h)
        out.append(grad)
    return tuple(out)


def verify(name, f, s2s_grad, hand_grad, args, wrt) -> None:
    import numpy as np

    got_s2s = _as_tuple(s2s_grad(*args))
    got_hand = _as_tuple(hand_grad(*args))
    fd = central_fd(f, args, wrt)
    if not (len(got_s2s) == len(got_hand) == len(fd) == len(wrt)):
        raise AssertionError(
            f"{name}: gradient arity differs: s2s {len(got_s2s)}, "
            f"hand {len(got_hand)}, fd {len(fd)}, wrt {len(wrt)}"
        )
    for k, (a, b, c) in enumerate(zip(got_s2s, got_hand, fd)):
        what = f"{name}: gradient wrt argument {wrt[k]}"
        if np.shape(a) != np.shape(args[wrt[k]]) or np.shape(b) != np.shape(args[wrt[k]]):
            raise AssertionError(
                f"{what}: shape s2s {np.shape(a)} / hand {np.shape(b)}, "
                f"argument {np.shape(args[wrt[k]])}"
            )
        scale = max(1.0, float(np.max(np.abs(c))))
        np.testing.assert_allclose(
            a, b, rtol=1e-9, atol=1e-11 * scale, err_msg=f"{what}: s2s != hand-written"
        )
        np.testing.assert_allclose(
            a,
            c,
            rtol=1e-5,
            atol=1e-7 * scale,
            err_msg=f"{what}: s2s != central finite differences",
        )
        np.testing.assert_allclose(
            b,
            c,
            rtol=1e-5,
            atol=1e-7 * scale,
            err_msg=f"{what}: hand-written != central finite differences",
        )


# ============================================================================================
# Timing: autorange-like inner loop, median over interleaved repeats.


def _loop(fn, args, n, sync=None):
    """Seconds for ``n`` calls of ``fn(*args)``; the garbage collector is off, as in timeit."""
    it = itertools.repeat(None, n)
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        if sync is None:
            t0 = time.perf_counter()
            for _ in it:
                fn(*args)
            return time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in it:
            out = fn(*args)
        sync(out)
        return time.perf_counter() - t0
    finally:
        if gc_was_on:
            gc.enable()


def autorange(fn, args, min_time, sync=None) -> int:
    """The smallest n in 1, 2, 5, 10, 20, 50, ... whose loop takes at least ``min_time``."""
    for n in (m * 10**e for e in range(9) for m in (1, 2, 5)):
        if _loop(fn, args, n, sync) >= min_time:
            return n
    return n


def time_group(fns: dict, args, repeats: int, min_time: float) -> dict:
    """Median seconds per call for each function in ``fns``; the repeats are interleaved
    (one loop of each function per round) so machine noise hits every column alike."""
    loops = {}
    for key, (fn, sync) in fns.items():
        _loop(fn, args, 3, sync)  # warm up
        loops[key] = autorange(fn, args, min_time, sync)
    samples = {key: [] for key in fns}
    for _ in range(repeats):
        for key, (fn, sync) in fns.items():
            samples[key].append(_loop(fn, args, loops[key], sync) / loops[key])
    return {key: statistics.median(v) for key, v in samples.items()}


# ============================================================================================
# Optional third-party columns: only when importable (never required, never installed here).


def external_gradients():
    """name -> factory(f, wrt, args) returning (grad_fn, sync) or raising. JAX/autograd run the
    *same* primal code with ``np`` and ``math`` rebound to their NumPy namespace."""
    import types

    found = {}

    def rebound(f, xp):
        glb = dict(f.__globals__)
        glb["np"] = xp
        glb["math"] = xp
        return types.FunctionType(f.__code__, glb, f.__name__, f.__defaults__, f.__closure__)

    try:
        import jax
        import jax.numpy as jnp

        jax.config.update("jax_enable_x64", True)

        def jax_factory(f, wrt, args):
            g = jax.jit(jax.grad(rebound(f, jnp), argnums=tuple(wrt)))
            jargs = tuple(jnp.asarray(a) for a in args)
            jax.block_until_ready(g(*jargs))  # compile outside the timer
            return (lambda *_: g(*jargs)), jax.block_until_ready

        found["jax.jit(grad)"] = jax_factory
    except Exception:
        pass

    try:
        import autograd
        import autograd.numpy as anp

        def autograd_factory(f, wrt, args):
            fr = rebound(f, anp)

            def packed(params, rest):
                full = list(rest)
                for i, p in zip(wrt, params):
                    full[i] = p
                return fr(*full)

            g = autograd.grad(packed)
            params = tuple(args[i] for i in wrt)
            return (lambda *_: g(params, args)), None

        found["autograd"] = autograd_factory
    except Exception:
        pass

    try:
        import torch  # noqa: F401

        # Torch needs the workloads rewritten with torch ops; not done here. Listed so a reader
        # knows it was detected but not benchmarked.
    except Exception:
        pass
    return found


# ============================================================================================
# Tables


def fmt_time(seconds: float) -> str:
    if seconds != seconds:
        return "n/a"
    if seconds >= 1.0:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def print_table(headers, rows) -> None:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = "+".join("-" * (w + 2) for w in widths)
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + line.replace("+", "|") + "|")
    for r in rows:
        cells = [
            str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))
        ]
        print("| " + " | ".join(cells) + " |")


def code_state() -> str:
    """Which s2s code was measured: git commit (+dirty) and s2s's own library fingerprint."""
    import s2s.cache

    try:
        root = os.path.dirname(HERE)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
        git = f"git {commit}{'+dirty' if dirty else ''}" if commit else "no git"
    except OSError:
        git = "no git"
    return f"{git}, code fingerprint {s2s.cache._library_fingerprint()[:12]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (for a smoke run)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "WORKLOAD"), help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        child(*opts.child)
        return 0

    repeats, min_time, rounds = (15, 0.01, 3) if opts.quick else (41, 0.04, 5)
    started = time.perf_counter()

    import numpy as np
    import workloads

    import s2s

    print(
        f"s2s {s2s.__version__} ({code_state()}), numpy {np.__version__}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs; {'quick' if opts.quick else 'full'} mode: median of "
        f"{repeats} interleaved repeats, each an autoranged loop of >= {min_time * 1e3:.0f} ms"
    )

    # The in-process derivatives use a throwaway cache directory (the user's ~/.cache is never
    # touched); their transform time is not part of table 1.
    bench_cache = tempfile.mkdtemp(prefix="s2s-bench-cache-")
    os.environ["S2S_CACHE_DIR"] = bench_cache
    externals = external_gradients()
    rows = []
    try:
        for name, (label, f, hand, wrt, make_args, target) in workloads.WORKLOADS.items():
            args = make_args(np.random.default_rng(0))
            g = s2s.grad(f, wrt=wrt)
            verify(name, f, g, hand, args, wrt)
            fns = {"f": (f, None), "s2s": (g, None), "hand": (hand, None)}
            # the generated function these arguments run, without the wrapper s2s.grad returns
            fns["raw"] = (g.__s2s_variants__.module_for(args, {}).function, None)
            for ext, factory in externals.items():
                try:
                    fns[ext] = factory(f, wrt, args)
                except Exception as exc:  # an optional column never breaks the benchmark
                    print(f"  ({ext} skipped for {name}: {type(exc).__name__}: {exc})")
            t = time_group(fns, args, repeats, min_time)
            ratio = t["s2s"] / t["hand"]
            row = [
                label,
                fmt_time(t["f"]),
                fmt_time(t["s2s"]),
                fmt_time(t["hand"]),
                f"{ratio:.2f}x",
                f"{target:g}x",
                "ok" if ratio <= target else "MISS",
            ]
            row += [fmt_time(t.get(ext, float("nan"))) for ext in externals]
            row.append(
                f"{fmt_time(t['raw'])} ({t['raw'] / t['hand']:.2f}x)" if "raw" in t else "n/a"
            )
            rows.append(row)
    finally:
        shutil.rmtree(bench_cache, ignore_errors=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 1.0:
        print(
            f"note: 1-min load average {load:.1f} on {os.cpu_count()} CPUs during the run: "
            "other processes compete; ratios (interleaved) are more reliable than absolute times"
        )
    print(
        "\nGradients verified: s2s == hand-written (rtol 1e-9) == central differences (rtol 1e-5)\n"
    )
    print_table(
        ["workload", "f time", "s2s grad time", "hand grad time", "s2s/hand", "target", "ok?"]
        + list(externals)
        + ["s2s unwrapped (/hand)*"],
        rows,
    )
    print(
        "* diagnostic only: the generated function itself (specialized to the arguments' shapes), "
        "without the argument "
        "check s2s.grad wraps around it"
    )

    tt = transform_times(rounds)
    cold_stats, warm_stats = tt.pop("_stats")
    rows = []
    for name in TRANSFORM_WORKLOADS:
        cold, warm, cold_call, warm_call = (statistics.median(v) for v in tt[name])
        rows.append(
            [
                workloads.WORKLOADS[name][0],
                fmt_time(cold),
                f"< {COLD_TARGET:g} s",
                "ok" if cold < COLD_TARGET else "MISS",
                fmt_time(cold_call),
                fmt_time(warm),
                f"< {WARM_TARGET * 1e3:g} ms",
                "ok" if warm < WARM_TARGET else "MISS",
                fmt_time(warm_call),
            ]
        )
    print(
        f"\nTransform time, fresh subprocess per measurement, median of {rounds} "
        f"(cold: empty S2S_CACHE_DIR; warm: same dir, new process)\n"
    )
    print_table(
        [
            "workload",
            "cold s2s.grad",
            "target",
            "ok?",
            "+ first call",
            "warm s2s.grad",
            "target",
            "ok?",
            "+ first call",
        ],
        rows,
    )
    print(
        "+ first call: the first gradient call, which generates (cold) or loads (warm) the "
        "derivative specialized to the arguments' shapes, and runs it once"
    )
    print(
        f"\ns2s.cache.stats in the last cold process: {cold_stats}; in the last warm process: "
        f"{warm_stats} (asserted: warm transforms == 0)"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"1-min load average at the end: {load:.1f}")
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
