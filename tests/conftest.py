"""Shared fixtures: a copy of the project's workspace (seeds + manifest + claims) in a temp dir."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path | None = None, input: bytes | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``factcheck`` command in a subprocess."""
    exe = shutil.which("factcheck")
    cmd = [exe] if exe else [sys.executable, "-m", "factcheck"]
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "CI")}
    full_env.update({"NO_COLOR": "1", "COLUMNS": "120", **(env or {})})
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=full_env,
                          input=input.decode() if input is not None else None)


def load_benchmark(script: str) -> Any:
    """benchmarks/SCRIPT.py as a module (loaded once per test process)."""
    name = f"fc_bench_{script}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{script}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_generator() -> Any:
    """benchmarks/generate.py, the synthetic corpus generator."""
    return load_benchmark("generate")


def write_synthetic_workspace(root: Path, articles: int, seed: int, conflicts: int, new_seed: int) -> Path:
    """A workspace of ``articles`` synthetic articles (seed sentences recombined, ``conflicts`` injected)."""
    generate = load_generator()
    pool = generate.load_pool(ROOT / "seeds")
    docs, injected = generate.build_corpus(articles, seed, conflicts, pool)
    generate.write_workspace(root, docs, injected, 1, new_seed, pool)
    return root


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the bundled workspace: seeds/, claims/ and pyproject's [tool.factcheck]."""
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "seeds", ws / "seeds")
    shutil.copytree(ROOT / "claims", ws / "claims")
    for name in ("factcheck-baseline.json",):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, ws / name)
    return ws


@pytest.fixture()
def empty_workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "empty"
    (ws / "seeds").mkdir(parents=True)
    (ws / "claims").mkdir()
    return ws
