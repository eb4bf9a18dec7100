"""The gate's stamps taken by a child on the second core (factcheck/prestat.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli, write_synthetic_workspace

from factcheck import prestat

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                reason="the child is only forked where there is a fork and a second core")


def test_the_child_stamps_what_stat_gives_and_is_reaped(tmp_path: Path) -> None:
    for i in range(50):
        (tmp_path / f"f{i}.txt").write_text("x" * i, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    handle = prestat.start([str(tmp_path), str(tmp_path / "missing")])
    assert handle is not None
    pid = handle.pid
    stamps = handle.stamps()
    expected = {f"{tmp_path}/{name}": prestat.stamp_of(f"{tmp_path}/{name}") for name in os.listdir(tmp_path)}
    assert stamps == expected and len(stamps) == 51
    assert stamps[f"{tmp_path}/f3.txt"].startswith("3:")
    assert handle.stamps() is stamps  # collected once
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped


def test_a_failing_child_leaves_the_stamping_to_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capfd: pytest.CaptureFixture[str]) -> None:
    def broken(directories: list[str]) -> dict[str, str]:
        raise OSError("disk on fire")

    monkeypatch.setattr(prestat, "stamp_directories", broken)  # the forked child inherits the patch
    handle = prestat.start([str(tmp_path)])
    assert handle is not None
    assert handle.stamps() is None
    assert "Traceback" not in capfd.readouterr().err  # the child leaves by os._exit, printing nothing


def test_no_child_when_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTCHECK_NO_PRESTAT", "1")
    assert prestat.start([str(tmp_path)]) is None


def test_files_this_process_wrote_are_stamped_again(workspace: Path) -> None:
    """A stamp taken before this process rewrote a claims file must not hide the rewrite: the index
    still holds the old claims under the old stamp."""
    from factcheck.index import load_claims, load_neighbourhood
    from factcheck.workspace import Workspace, atomic_write_bytes

    ws = Workspace(workspace)
    load_claims(ws)  # warm index: every file stamped
    handle = prestat.start([str(ws.claims_dir), str(ws.seeds)])
    assert handle is not None
    stamps = handle.stamps()
    assert stamps is not None
    names = sorted(p.stem for p in ws.claims_dir.glob("*.yaml"))
    edited, other = names[0], names[1]
    path = ws.claims_path(edited)
    text = path.read_text(encoding="utf-8")
    first_metric = text.split('"metric": ', 1)[1].split(",", 1)[0]
    edit = text.replace(f'"metric": {first_metric},', '"metric": "人工更正的指标",', 1)
    assert edit != text
    atomic_write_bytes(path, edit.encode("utf-8"))
    loaded = load_neighbourhood(ws, {other}, stamps=stamps)
    every = {c.uid: c for c in load_claims(ws)}
    assert every[f"{edited}#c1"].metric == "人工更正的指标"
    mine = [c for c in loaded.claims if c.article == edited]
    assert all(c == every[c.uid] for c in mine)
    assert loaded.reparsed == 1  # the rewritten file, read again from YAML


def test_gate_reports_the_same_with_and_without_the_child(tmp_path: Path) -> None:
    root = write_synthetic_workspace(tmp_path / "ws", 40, 5, 4, 6)
    assert run_cli("check", "--format", "json", "--fail-on", "never", "--root", str(root)).returncode == 0
    shutil.copytree(root, tmp_path / "twin")
    outputs = []
    for where, env in ((root, {}), (tmp_path / "twin", {"FACTCHECK_NO_PRESTAT": "1"})):
        result = run_cli("add", str(where / "new" / "new.txt"), "--published", "2024-01-01", "--format", "json",
                         "--root", str(where), env=env)
        outputs.append((result.returncode, result.stdout.replace(str(where), "ROOT"), result.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] in (0, 1) and '"findings"' in outputs[0][1]
