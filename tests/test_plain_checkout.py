"""A clone run without installing: ``PYTHONPATH=. python -m s2s ...`` finds the rule library.

The rules live in the top-level ``templates/`` folder, which only an install maps to
``s2s.templates``; ``s2s/mount.py`` mounts a checkout's own folder. The copy made here is a
checkout that is *not* the installed one, so the test also shows that an editable install of
another checkout does not lend it its rules.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import run

ROOT = Path(__file__).resolve().parent.parent


def _copy_checkout(target: Path) -> Path:
    checkout = target / "clone"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("s2s", "templates"):
        shutil.copytree(ROOT / folder, checkout / folder, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    return checkout


def test_a_plain_checkout_runs_its_own_rules(tmp_path):
    checkout = _copy_checkout(tmp_path)
    (checkout / "model.py").write_text(
        "import numpy as np\n\ndef f(x):\n    return np.sum(np.tanh(x))\n"
    )
    env = run.env(cache_dir=tmp_path / "cache", PYTHONPATH=str(checkout))
    where = run.python(
        "import s2s, s2s.templates; print(s2s.__file__); print(s2s.templates.__file__)",
        env=env,
        cwd=checkout,
    ).stdout.split()
    assert where == [
        str(checkout / "s2s" / "__init__.py"),
        str(checkout / "templates" / "__init__.py"),
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "s2s", "grad", "model:f"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=run.TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "def f_grad(x" in proc.stdout and "np.tanh(x)" in proc.stdout


def test_an_installed_layout_keeps_its_mapping(tmp_path):
    """Outside a checkout (no pyproject.toml beside the package) nothing is mounted: the
    installed ``s2s.templates`` mapping stands."""
    from s2s import mount

    assert mount.checkout_templates() == str(ROOT / "templates")
    installed = tmp_path / "site"
    shutil.copytree(ROOT / "s2s", installed / "s2s", ignore=shutil.ignore_patterns("__pycache__"))
    proc = run.python(
        "from s2s import mount; print(mount.checkout_templates())",
        env=run.env(cache_dir=tmp_path / "cache", PYTHONPATH=str(installed)),
        cwd=tmp_path,
        check=False,
    )
    assert proc.stdout.strip() == "None", proc.stderr
