"""CI gating: fail levels, baselines that survive edits, --since, suppressions, config, golden reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli, write_synthetic_workspace

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("FACTCHECK_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; FACTCHECK_UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize(("fmt", "name"), [("full", "seeds.full.txt"), ("concise", "seeds.concise.txt"),
                                           ("json", "seeds.json")])
def test_golden_reports_on_the_seeds(workspace: Path, fmt: str, name: str) -> None:
    result = run_cli("check", "--format", fmt, "--show-consistent", "--fail-on", "never", "--color", "never",
                     cwd=workspace)
    assert result.returncode == 0, result.stderr
    golden(name, result.stdout)


def test_fail_on_min_severity_and_exit_zero(workspace: Path) -> None:
    assert run_cli("check", cwd=workspace).returncode == 1
    assert run_cli("check", "--fail-on", "never", cwd=workspace).returncode == 0
    assert run_cli("check", "--exit-zero", cwd=workspace).returncode == 0
    shown = run_cli("check", "--format", "concise", "--min-severity", "error", "--fail-on", "warning", cwd=workspace)
    assert shown.returncode == 1
    assert "[warning]" not in shown.stdout and "[error]" in shown.stdout
    only_warnings = run_cli("check", "--select", "FC2", "--fail-on", "error", cwd=workspace)
    assert only_warnings.returncode == 0
    assert run_cli("check", "--select", "FC2", "--fail-on", "warning", cwd=workspace).returncode == 1


def test_baseline_survives_an_edit_that_shifts_every_line(workspace: Path) -> None:
    assert run_cli("baseline", cwd=workspace).returncode == 0
    assert run_cli("check", "--baseline", "factcheck-baseline.json", cwd=workspace).returncode == 0
    for article in (workspace / "seeds").glob("*.txt"):
        article.write_bytes("编者按：本文有更新。\n\n".encode() + article.read_bytes())
    assert run_cli("extract", cwd=workspace).returncode == 0
    result = run_cli("check", "--baseline", "factcheck-baseline.json", "--format", "json", cwd=workspace)
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["stale_baseline"] == []
    assert all(f["status"] == "baselined" for f in report["findings"])


def test_stale_baseline_entries_are_reported(workspace: Path) -> None:
    assert run_cli("baseline", cwd=workspace).returncode == 0
    data = json.loads((workspace / "factcheck-baseline.json").read_text(encoding="utf-8"))
    data["findings"].append({"fingerprint": "0000000000000000", "rule": "FC101"})
    (workspace / "factcheck-baseline.json").write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("check", "--baseline", "factcheck-baseline.json", cwd=workspace)
    assert result.returncode == 0
    assert "stale baseline entry: 0000000000000000" in result.stdout


def _accept(workspace: Path, text: str, spec: str) -> None:
    path = workspace / "claims" / "001_f297960d89bbffe9.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if f'"text": "{text}"' in line:
            lines[i] = line.replace("- {", f'- {{"accept": [{spec}], ', 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_suppression_in_the_registry_and_stale_suppressions(workspace: Path) -> None:
    _accept(workspace, "597", '{"rule": "FC101", "reason": "590 counts only villages with a mediator"}')
    result = run_cli("check", "--format", "json", cwd=workspace)
    report = json.loads(result.stdout)
    fc101 = [f for f in report["findings"] if f["rule"] == "FC101"]
    assert fc101 and all(f["status"] == "suppressed" for f in fc101)
    assert result.returncode == 0
    assert run_cli("extract", cwd=workspace).returncode == 0  # the accept survives re-extraction
    assert '"accept": [{"rule": "FC101"' in (workspace / "claims" / "001_f297960d89bbffe9.yaml").read_text("utf-8")
    _accept(workspace, "2945", '{"rule": "FC301", "reason": "nothing to accept"}')
    stale = json.loads(run_cli("check", "--format", "json", cwd=workspace).stdout)["stale_suppressions"]
    assert any("FC301" in s for s in stale)


def _git(ws: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(ws), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x"})


def test_since_fails_only_on_findings_with_changed_claims(workspace: Path) -> None:
    _git(workspace, "init", "-q")
    _git(workspace, "add", "-A")
    _git(workspace, "commit", "-qm", "registry")
    assert run_cli("check", "--since", "HEAD", cwd=workspace).returncode == 0
    path = workspace / "claims" / "000_d3f61c0c3655bc9a.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'("text": "2\.3万".*?"value": )23000', r"\g<1>23000", text)
    # a human correction that creates a conflict: 从化's 1129 emergency units becomes larger than 广州's
    path003 = workspace / "claims" / "003_48855871b9f6b08f.yaml"
    t3 = path003.read_text(encoding="utf-8")
    t3 = t3.replace('"text": "1129", "value": 1129', '"text": "1129", "value": 31129', 1)
    path003.write_text(t3, encoding="utf-8")
    result = run_cli("check", "--since", "HEAD", "--format", "json", cwd=workspace)
    report = json.loads(result.stdout)
    new = [f for f in report["findings"] if f["status"] == "new"]
    assert result.returncode == 1, result.stdout
    assert any(f["rule"] == "FC302" for f in new)


def test_config_in_pyproject_and_flags_win(workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text(
        '[tool.factcheck]\nignore = ["FC101"]\nfail-on = "warning"\n\n[tool.factcheck.severity]\nFC202 = "info"\n',
        encoding="utf-8")
    report = json.loads(run_cli("check", "--format", "json", cwd=workspace).stdout)
    assert not [f for f in report["findings"] if f["rule"] == "FC101"]
    assert {f["severity"] for f in report["findings"] if f["rule"] == "FC202"} == {"info"}
    assert run_cli("check", cwd=workspace).returncode == 0
    assert run_cli("check", "--fail-on", "info", cwd=workspace).returncode == 1
    (workspace / "pyproject.toml").write_text('[tool.factcheck]\nfail-on = "sometimes"\n', encoding="utf-8")
    bad = run_cli("check", cwd=workspace)
    assert bad.returncode == 2 and "fail-on" in bad.stderr


def test_github_format_appends_a_step_summary(workspace: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n", encoding="utf-8")
    result = run_cli("check", "--format", "github", cwd=workspace, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=seeds/001_f297960d89bbffe9.txt,line=49,col=93")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("previous step\n") and "FC101" in text


def test_output_file_and_sarif(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    result = run_cli("check", "--format", "sarif", "-o", str(out), "--exit-zero", cwd=workspace)
    assert result.returncode == 0 and result.stdout == ""
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["tool"]["driver"]["rules"]) >= 8


def test_index_caches_results_and_is_safe_to_delete(workspace: Path) -> None:
    first = run_cli("check", "--format", "json", "--fail-on", "never", cwd=workspace).stdout
    index = workspace / ".factcheck" / "index.sqlite"
    assert index.exists()
    import sqlite3

    with sqlite3.connect(index) as conn:
        assert conn.execute("SELECT count(*) FROM results").fetchone()[0] == 1
    assert run_cli("check", "--format", "json", "--fail-on", "never", cwd=workspace).stdout == first
    index.unlink()
    assert run_cli("check", "--format", "json", "--fail-on", "never", cwd=workspace).stdout == first
    index.write_bytes(b"this is not a database")
    again = run_cli("check", "--format", "json", "--fail-on", "never", cwd=workspace)
    assert again.returncode == 0 and again.stdout == first


def test_output_to_a_pipe_writes_into_it_and_never_replaces_it(workspace: Path, tmp_path: Path) -> None:
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = run_cli("check", "--format", "concise", "--fail-on", "never", "-o", str(fifo), cwd=workspace)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert "FC101" in received[0]


def _fingerprints(report: dict, article: str) -> set[tuple[str, tuple[str, ...]]]:
    return {(f["rule"], tuple(sorted(c["id"] for c in f["claims"]))) for f in report["findings"]
            if any(c["id"].startswith(article + "#") for c in f["claims"])}


def test_gate_finds_what_a_full_check_finds_for_the_new_article(workspace: Path, tmp_path: Path) -> None:
    """The gate reads only the neighbouring articles from the index; its findings must be exactly the
    full check's findings that involve the new article."""
    assert run_cli("check", "--fail-on", "never", cwd=workspace).returncode == 0  # warm the index
    source = (workspace / "seeds" / "001_f297960d89bbffe9.txt").read_text(encoding="utf-8")
    changed = re.sub(r"(\d+)个村", lambda m: f"{int(m.group(1)) + 41}个村", source)
    changed = changed.replace("33个镇街", "38个镇街")
    new = tmp_path / "reprint.txt"
    new.write_text(changed, encoding="utf-8")
    gate = run_cli("add", str(new), "--published", "2023-12-27", "--place", "东莞市", "--format", "json",
                   "--fail-on", "never", cwd=workspace)
    assert gate.returncode == 0, gate.stderr
    gate_report = json.loads(gate.stdout)
    full = json.loads(run_cli("check", "--format", "json", "--fail-on", "never", cwd=workspace).stdout)
    found = _fingerprints(gate_report, "reprint")
    assert found, "the changed figures contradict the original article"
    assert found == _fingerprints(full, "reprint")
    assert gate_report["summary"]["claims"] == full["summary"]["claims"]


def test_since_covers_untracked_new_articles(workspace: Path, tmp_path: Path) -> None:
    _git(workspace, "init", "-q")
    _git(workspace, "add", "-A")
    _git(workspace, "commit", "-qm", "registry")
    source = (workspace / "seeds" / "001_f297960d89bbffe9.txt").read_text(encoding="utf-8")
    new = tmp_path / "reprint.txt"
    new.write_text(re.sub(r"(\d+)个村", lambda m: f"{int(m.group(1)) + 41}个村", source), encoding="utf-8")
    assert run_cli("add", str(new), "--published", "2023-12-27", "--place", "东莞市", "--no-check",
                   cwd=workspace).returncode == 0
    result = run_cli("check", "--since", "HEAD", "--format", "json", cwd=workspace)
    report = json.loads(result.stdout)
    assert result.returncode == 1, result.stdout
    new_findings = [f for f in report["findings"] if f["status"] == "new"]
    assert new_findings and all(any(c["id"].startswith("reprint#") for c in f["claims"]) for f in new_findings)
    full = json.loads(run_cli("check", "--format", "json", "--fail-on", "never", cwd=workspace).stdout)
    assert report["summary"]["claims"] == full["summary"]["claims"]


@pytest.mark.parametrize("damage", ["UPDATE keys SET claim = '{not json'",
                                    """UPDATE keys SET claim = replace(claim, '{"d":"', '{"d":"x')"""])
def test_gate_survives_damaged_index_rows(workspace: Path, tmp_path: Path, damage: str) -> None:
    """Rows of the index are derived data: damaged ones are read around, never trusted or fatal
    (a row that is not JSON, a value that is not a number)."""
    import sqlite3

    assert run_cli("check", "--fail-on", "never", cwd=workspace).returncode == 0
    source = (workspace / "seeds" / "001_f297960d89bbffe9.txt").read_text(encoding="utf-8")
    new = tmp_path / "reprint.txt"
    new.write_text(re.sub(r"(\d+)个村", lambda m: f"{int(m.group(1)) + 41}个村", source), encoding="utf-8")
    with sqlite3.connect(workspace / ".factcheck" / "index.sqlite") as conn:
        conn.execute(damage)
        conn.execute("UPDATE manifest SET entries = '[[1, 2]]'")
    gate = run_cli("add", str(new), "--published", "2023-12-27", "--place", "东莞市", "--format", "json",
                   "--fail-on", "never", cwd=workspace)
    assert gate.returncode == 0, gate.stderr
    assert _fingerprints(json.loads(gate.stdout), "reprint")


def test_forked_pool_returns_what_one_process_finds(workspace: Path) -> None:
    """`--jobs N` forks workers that send back compact results; rebuilt, they must be the very findings
    and agreements of a run in one process, in the same order."""
    from factcheck.checks import Settings, select_checks
    from factcheck.engine import plan_tasks, run_pool, run_tasks
    from factcheck.index import load_claims
    from factcheck.workspace import Workspace

    claims = load_claims(Workspace(workspace))
    tasks = plan_tasks(claims, Settings())
    codes = tuple(c.code for c in select_checks())
    alone = run_tasks(tasks, codes, Settings())
    pooled = run_pool(tasks, codes, Settings(), 2)
    assert alone.findings and alone.agreements and alone.consistent == len(alone.agreements), "the seeds have both"
    assert pooled == alone


@pytest.fixture(scope="module")
def synthetic_claims(tmp_path_factory: pytest.TempPathFactory) -> list:  # type: ignore[type-arg]
    """The claims of a 60-article synthetic corpus (benchmarks/generate.py): many restatements per block."""
    from factcheck.index import load_claims
    from factcheck.workspace import Workspace

    out = write_synthetic_workspace(tmp_path_factory.mktemp("synthetic-gate"), 60, 13, 6, 12)  # a seed whose corpus has every rule below
    return load_claims(Workspace(out))


@pytest.mark.parametrize("window", [2, 8, 60])
def test_focused_checks_equal_filtered_checks_on_a_synthetic_corpus(synthetic_claims: list, window: int,  # type: ignore[type-arg]
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """As below, on blocks of many restatements, where a focused statement is followed by unfocused ones
    (FC102 then stops scanning after the last focused statement; FC302 and the timelines compute facts
    only when compared). Foci: single articles and pairs of articles."""
    from factcheck.checks import Settings, time, values
    from factcheck.engine import run_checks

    monkeypatch.setattr(values, "MAX_GROUP", window)
    monkeypatch.setattr(time, "LOOKBACK", window)
    claims = synthetic_claims
    options = Settings()
    everything = run_checks(claims, options)
    articles = sorted({c.article for c in claims})
    foci = [{a} for a in articles[::7]] + [{a, b} for a, b in zip(articles[1::9], articles[4::9], strict=False)]
    rules: set[str] = set()
    for chosen in foci:
        focus = {c.uid for c in claims if c.article in chosen}
        focused = run_checks(claims, options, focus=focus)
        wanted = [f for f in everything.findings if any(c.uid in focus for c in f.claims)]
        agreed = [a for a in everything.agreements if any(c.uid in focus for c in a.claims)]
        assert focused.findings == tuple(wanted), chosen
        assert focused.agreements == tuple(agreed), chosen
        rules.update(r.rule for r in [*wanted, *agreed])
    assert {"FC101", "FC102", "FC202", "FC302"} <= rules, rules


@pytest.mark.parametrize("window", [2, 60])
def test_focused_checks_skip_only_what_cannot_involve_the_focus(workspace: Path, window: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """With a focus (the gate), checks skip statements whose comparisons cannot list a focused claim.
    The results must be exactly those of an unfocused run, filtered to the focus — also with comparison
    windows shrunk so that most statements fall outside every focused window."""
    from factcheck.checks import Settings, time, values
    from factcheck.engine import run_checks
    from factcheck.index import load_claims
    from factcheck.workspace import Workspace

    monkeypatch.setattr(values, "MAX_GROUP", window)
    monkeypatch.setattr(time, "LOOKBACK", window)
    claims = load_claims(Workspace(workspace))
    options = Settings()
    everything = run_checks(claims, options)
    compared = 0
    for article in sorted({c.article for c in claims}):
        focus = {c.uid for c in claims if c.article == article}
        focused = run_checks(claims, options, focus=focus)
        wanted = [f for f in everything.findings if any(c.uid in focus for c in f.claims)]
        agreed = [a for a in everything.agreements if any(c.uid in focus for c in a.claims)]
        assert focused.findings == tuple(wanted), article
        assert focused.agreements == tuple(agreed), article
        compared += len(wanted) + len(agreed)
    assert compared > 20, "the seeds have findings and agreements to compare"


def test_replayed_results_equal_a_fresh_check(tmp_path: Path) -> None:
    """A second check of an unchanged registry replays the stored results (claims by position): the
    same report, consistent restatements included; an entry stored for other claims is not replayed."""
    import sqlite3

    root = write_synthetic_workspace(tmp_path / "ws", 80, seed=11, conflicts=6, new_seed=12)
    assert run_cli("extract", cwd=root).returncode == 0
    args = ("check", "--format", "json", "--fail-on", "never", "--show-consistent", "--jobs", "1")
    fresh = run_cli(*args, cwd=root)
    assert fresh.returncode == 0, fresh.stderr
    report = json.loads(fresh.stdout)
    assert report["findings"] and report["consistent"]
    index = root / ".factcheck" / "index.sqlite"
    with sqlite3.connect(index) as conn:
        (value,) = conn.execute("SELECT value FROM results").fetchone()
    assert json.loads(value)["claims"][0] == report["summary"]["claims"]
    assert run_cli(*args, cwd=root).stdout == fresh.stdout
    # what is printed is what was stored: a message changed in the index shows
    marked = json.loads(value)
    marked["findings"][0][3] = "as stored"
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE results SET value = ?", (json.dumps(marked),))
    assert json.loads(run_cli(*args, cwd=root).stdout)["findings"][0]["message"] == "as stored"
    # the same entry, as if stored for a registry of one claim fewer: checked afresh, not replayed
    stored = json.loads(value)
    stored["claims"][0] -= 1
    stored["findings"] = stored["agreements"] = []
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE results SET value = ?", (json.dumps(stored),))
    assert run_cli(*args, cwd=root).stdout == fresh.stdout


def test_agreements_counted_without_listing_them(tmp_path: Path) -> None:
    """Without --show-consistent the agreements are only counted (and stored as a count): the count is
    the number --show-consistent lists, fresh and replayed, and the findings are the same."""
    root = write_synthetic_workspace(tmp_path / "ws", 80, seed=13, conflicts=6, new_seed=14)
    assert run_cli("extract", cwd=root).returncode == 0
    base = ("check", "--format", "json", "--fail-on", "never", "--jobs", "1")
    listed = json.loads(run_cli(*base, "--show-consistent", cwd=root).stdout)
    for _ in range(2):  # checked, then replayed from the index
        counted = json.loads(run_cli(*base, cwd=root).stdout)
        assert counted["consistent"] == counted["summary"]["consistent"] == len(listed["consistent"]) > 0
        assert counted["findings"] == listed["findings"]
