"""Faults: SIGKILL during extract, concurrent writers, hostile registry files."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from factcheck.registry import fast_parse
from factcheck.workspace import Entry, Workspace, sha256_bytes, workspace_lock, write_manifest

ARTICLES = 200
KILLS = 8
ADDITION = "\n补充报道：2024年，全市新建平安文化体验点12个，覆盖率达到96.5%。\n"


def make_corpus(root: Path, n: int) -> Workspace:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    (root / "seeds").mkdir(parents=True)
    (root / "claims").mkdir()
    entries = []
    for i in range(n):
        src = seeds[i % len(seeds)]
        target = root / "seeds" / f"a{i:03d}.txt"
        shutil.copy(src, target)
        entries.append(Entry(id=f"a{i:03d}", file=f"seeds/a{i:03d}.txt", published="2024-02-01", place="广州市",
                             sha256=sha256_bytes(target.read_bytes())))
    ws = Workspace(root)
    write_manifest(ws, entries)
    return ws


def annotate(ws: Workspace, articles: list[str]) -> None:
    for article in articles:
        path = ws.claims_path(article)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("- {") and '"kind": "count"' in line:
                lines[i] = line.replace("- {", '- {"note": "checked by the desk", ', 1)
                break
        path.write_text("".join(lines), encoding="utf-8")


def notes(ws: Workspace, article: str) -> list[str]:
    cf = fast_parse(ws.claims_path(article).read_text(encoding="utf-8"), article, expected_article=article)
    return [c.note for c in (*cf.claims, *cf.orphans) if c.note]


def command() -> list[str]:
    exe = shutil.which("factcheck")
    assert exe, "the factcheck command must be installed"
    return [exe]


def test_sigkill_during_extract_loses_nothing(tmp_path: Path) -> None:
    ws = make_corpus(tmp_path / "ws", ARTICLES)
    assert run_cli("extract", cwd=ws.root).returncode == 0
    annotated = [f"a{i:03d}" for i in range(0, ARTICLES, 25)]
    annotate(ws, annotated)
    old = {p.name: p.read_bytes() for p in ws.claims_dir.glob("*.yaml")}
    for path in ws.seeds.glob("a*.txt"):
        path.write_bytes(path.read_bytes() + ADDITION.encode("utf-8"))
    new_hash = {p.stem: sha256_bytes(p.read_bytes()) for p in ws.seeds.glob("a*.txt")}
    rng = random.Random(20261123)
    env = {**os.environ, "NO_COLOR": "1"}
    killed = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([*command(), "extract"], cwd=ws.root, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        stale = 0
        for path in ws.claims_dir.glob("*.yaml"):
            data = path.read_bytes()
            cf = fast_parse(data.decode("utf-8"), path.name, expected_article=path.stem)
            assert data == old[path.name] or cf.sha256 == new_hash[path.stem]
            stale += cf.sha256 != new_hash[path.stem]
        result = run_cli("verify", "--format", "json", cwd=ws.root)
        import json

        report = json.loads(result.stdout)
        changed = {p["article"] for p in report["problems"] if "changed since" in p["message"]}
        assert len(changed) == stale
        assert result.returncode == (1 if stale else 0)
        for article in annotated:
            assert notes(ws, article) == ["checked by the desk"]
    assert killed > 0
    assert run_cli("extract", cwd=ws.root).returncode == 0
    # temp files of killed writers never replaced a claims file; the next writer removes them
    assert not [p for d in (ws.claims_dir, ws.seeds) for p in d.glob(".*.tmp")]
    assert run_cli("verify", cwd=ws.root).returncode == 0
    for article in annotated:
        assert notes(ws, article) == ["checked by the desk"]


def test_a_second_writer_waits_then_fails_clearly(workspace: Path) -> None:
    ws = Workspace(workspace)
    before = {p.name: p.read_bytes() for p in ws.claims_dir.glob("*.yaml")}
    with workspace_lock(ws):
        result = run_cli("extract", cwd=workspace, env={"FACTCHECK_LOCK_TIMEOUT": "0.5"})
    assert result.returncode == 2
    assert "another factcheck process" in result.stderr
    assert before == {p.name: p.read_bytes() for p in ws.claims_dir.glob("*.yaml")}


@pytest.mark.parametrize(("mutate", "expect"), [
    (lambda t: t.replace('"start": 180, "end": 184', '"start": 999999, "end": 1000003', 1), "outside the article"),
    (lambda t: t.replace('"text": "2023"', '"text": "2024"', 1), "no longer matches"),
    (lambda t: t + "- {unclosed\n", "malformed YAML"),
    (lambda t: t.replace("claims:\n", "claims:\n- !!python/object/apply:os.system [\"touch /tmp/pwned\"]\n", 1), "YAML tags"),
    (lambda t: "<<<<<<< HEAD\n" + t + "=======\n>>>>>>> theirs\n", "merge conflict"),
])
def test_hostile_registry_edits_are_named_and_nothing_is_written(workspace: Path, mutate, expect: str) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "claims" / "000_d3f61c0c3655bc9a.yaml"
    path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in (workspace / "claims").glob("*.yaml")}
    manifest = (workspace / "seeds" / "manifest.yaml").read_bytes()
    for args in (("check",), ("extract",), ("grep", "33"), ("verify",)):
        result = run_cli(*args, cwd=workspace)
        if args == ("verify",) and result.returncode == 1:
            assert expect in result.stdout
            continue
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert expect in result.stderr and "000_d3f61c0c3655bc9a.yaml:" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot == {p: p.read_bytes() for p in (workspace / "claims").glob("*.yaml")}
    assert manifest == (workspace / "seeds" / "manifest.yaml").read_bytes()
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize("file", ["../outside.txt", "/etc/passwd", "seeds/link.txt"])
def test_manifest_paths_cannot_leave_the_workspace(workspace: Path, file: str) -> None:
    (workspace / "seeds" / "link.txt").symlink_to("/etc/hostname")
    manifest = workspace / "seeds" / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8").replace('"seeds/000_d3f61c0c3655bc9a.txt"', f'"{file}"', 1)
    manifest.write_text(text, encoding="utf-8")
    result = run_cli("extract", cwd=workspace)
    assert result.returncode == 2
    assert "manifest.yaml" in result.stderr and "workspace" in result.stderr


def test_claims_file_for_unknown_article(workspace: Path) -> None:
    shutil.copy(workspace / "claims" / "000_d3f61c0c3655bc9a.yaml", workspace / "claims" / "zzz.yaml")
    result = run_cli("check", cwd=workspace)
    assert result.returncode == 2 and "not in the manifest" in result.stderr


def test_writers_remove_temp_files_of_killed_writers_only(workspace: Path) -> None:
    ws = Workspace(workspace)
    left = [ws.claims_dir / ".a.yaml.x1.tmp", ws.seeds / ".b.txt.y2.tmp", ws.seeds / "..tmp"]
    kept = [ws.claims_dir / "notes.tmp", ws.seeds / ".tmp", ws.seeds / ".hidden.txt"]
    for path in left + kept:
        path.write_text("partial", encoding="utf-8")
    article = workspace / "incoming.txt"
    article.write_text("2023年，全市调解成功率达97.4%。", encoding="utf-8")
    assert run_cli("add", str(article), "--published", "2024-01-01", "--no-check", cwd=workspace).returncode == 0
    assert [p.exists() for p in left] == [False] * len(left)
    assert [p.exists() for p in kept] == [True] * len(kept)
