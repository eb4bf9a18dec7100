"""The installed ``factcheck`` command, run in a subprocess on real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, write_synthetic_workspace

NEW_ARTICLE = """广州政法工作年度综述
过去一年，广州市见义勇为基金会共向261名见义勇为人员发放慰问金53.15万元。
截至目前，广州累计聚合各类群防力量33.4万人，参与协助处置各类突发事件1600余起。
"""


def _commands() -> list[str]:
    """Every command the CLI registers (a new command is covered by the tests below at once)."""
    import typer

    from factcheck.cli import app

    commands = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {"init", "extract", "add", "verify", "grep", "check", "baseline", "rules"} <= set(commands)
    return commands


def test_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in _commands():
        assert command in result.stdout


def test_every_command_is_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in _commands():
        assert f"### factcheck {command}" in readme
        assert run_cli(command, "--help").returncode == 0


def test_init_starts_a_workspace_that_add_fills(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    outside = run_cli("add", "x.txt", "--published", "2024", cwd=tmp_path)
    assert outside.returncode == 2 and "factcheck init" in outside.stderr
    done = run_cli("init", str(desk), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (desk / "seeds").is_dir() and (desk / "claims").is_dir() and (desk / "seeds" / "manifest.yaml").is_file()
    article = tmp_path / "report.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    added = run_cli("add", str(article), "--published", "2024-02-01", cwd=desk)
    assert added.returncode == 0, added.stderr
    assert run_cli("verify", cwd=desk).returncode == 0
    manifest = (desk / "seeds" / "manifest.yaml").read_bytes()
    again = run_cli("init", cwd=desk)  # a workspace already: nothing is touched
    assert again.returncode == 0 and "already" in again.stderr
    assert (desk / "seeds" / "manifest.yaml").read_bytes() == manifest
    file = tmp_path / "plain"
    file.write_text("x", encoding="utf-8")
    refused = run_cli("init", str(file), cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1


def test_verify_passes_on_the_bundled_workspace(workspace: Path) -> None:
    result = run_cli("verify", cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "registry OK" in result.stdout


def test_extract_dry_run_json_outside_the_workspace(tmp_path: Path) -> None:
    article = tmp_path / "news.txt"
    article.write_text("２０２３年，廣州市連續兩年獲評第一，聚合群防力量３３.４萬人。", encoding="utf-8")
    result = run_cli("extract", "--dry-run", "--format", "json", "--published", "2024-01", str(article),
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)
    text = article.read_text(encoding="utf-8")
    assert {c["text"] for c in claims} >= {"２０２３", "兩", "３３.４萬"}
    for c in claims:
        assert text[c["start"]:c["end"]] == c["text"]
        for key in ("id", "file", "start", "end", "line", "column", "text", "value", "unit", "kind", "approx",
                    "entity", "metric", "period"):
            assert key in c
    count = next(c for c in claims if c["text"] == "３３.４萬")
    assert count["value"] == 334000 and count["entity"] == "广州市"
    assert '"value": 334000' in result.stdout


def test_grep_filters_and_json(workspace: Path) -> None:
    result = run_cli("grep", "群防", "--kind", "count", "--format", "json", cwd=workspace)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert {c["text"] for c in found} >= {"33.4万", "26万"}
    between = run_cli("grep", "--entity", "广州市", "--between", "2万", "3万", "--unit", "个", "--format", "json",
                      cwd=workspace)
    values = [c["value"] for c in json.loads(between.stdout)]
    assert values and all(20000 <= v <= 30000 for v in values)
    fuzzy = run_cli("grep", "群防共治力量", "--fuzzy", cwd=workspace)
    assert fuzzy.returncode == 0 and "33.4万" in fuzzy.stdout
    none = run_cli("grep", "不存在的指标XYZ", cwd=workspace)
    assert none.returncode == 1


def test_grep_prints_a_figure_with_its_unit_once(workspace: Path) -> None:
    """A percent's text holds its unit (36.3%): the line shows it once, a count's unit is added (496件)."""
    result = run_cli("grep", "36.3", "--color", "never", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert " 36.3% " in result.stdout and "%%" not in result.stdout
    counts = run_cli("grep", "法官人均结案", "--kind", "count", "--color", "never", cwd=workspace)
    assert counts.returncode == 0 and " 496件 " in counts.stdout


def test_check_reports_the_seed_inconsistency(workspace: Path) -> None:
    result = run_cli("check", "--format", "json", cwd=workspace)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    pairs = [{c["text"] for c in f["claims"]} for f in report["findings"] if f["rule"] == "FC101"]
    assert {"597", "590"} in pairs
    for finding in report["findings"]:
        assert {"rule", "name", "severity", "message", "reasoning", "fingerprint", "claims"} <= set(finding)
        for claim in finding["claims"]:
            text = (workspace / claim["file"]).read_text(encoding="utf-8")
            assert text[claim["start"]:claim["end"]] == claim["text"]
    assert run_cli("check", "--fail-on", "never", cwd=workspace).returncode == 0


def test_add_gates_a_contradicting_article(workspace: Path, tmp_path: Path) -> None:
    article = tmp_path / "gz_review.txt"
    article.write_text(NEW_ARTICLE, encoding="gb18030")
    result = run_cli("add", str(article), "--published", "2024-02-01", "--place", "广州", "--format", "concise",
                     cwd=workspace)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FC101" in result.stdout and "53.15万" in result.stdout or "531500" in result.stdout
    stored = (workspace / "seeds" / "gz_review.txt").read_text(encoding="utf-8")
    assert stored == NEW_ARTICLE
    manifest = (workspace / "seeds" / "manifest.yaml").read_text(encoding="utf-8")
    assert '"gz_review"' in manifest and '"广州市"' in manifest
    assert run_cli("verify", cwd=workspace).returncode == 0
    # accept it: the gate passes on the next check, and keeps passing after an unrelated edit
    assert run_cli("baseline", cwd=workspace).returncode == 0
    assert run_cli("check", "--baseline", "factcheck-baseline.json", cwd=workspace).returncode == 0


@pytest.mark.parametrize("args", [
    ("add", "missing.txt", "--published", "2024-01-01"),
    ("add", "claims", "--published", "2024-01-01"),  # a directory without article files
    ("add", "seeds/manifest.yaml", "--published", "20240101"),
    ("check", "--format", "xml"),
    ("check", "--fail-on", "sometimes"),
    ("check", "--select", "ZZ9"),
    ("grep", "(unclosed"),
    ("grep", "x", "--kind", "weight"),
    ("check", "--since", "--output=/tmp/x"),
    ("check", "--since", "no-such-ref-xyz"),
    ("extract", "--no-such-option"),
])
def test_bad_input_is_one_line_and_exit_2(workspace: Path, args: tuple[str, ...]) -> None:
    before = {p: p.read_bytes() for p in (workspace / "claims").glob("*.yaml")}
    result = run_cli(*args, cwd=workspace)
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert before == {p: p.read_bytes() for p in (workspace / "claims").glob("*.yaml")}


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"\x00\x01\x02" * 100])
def test_unreadable_articles_are_refused(workspace: Path, tmp_path: Path, data: bytes) -> None:
    article = tmp_path / "bad.txt"
    article.write_bytes(data)
    result = run_cli("add", str(article), "--published", "2024", cwd=workspace)
    assert result.returncode == 2
    assert result.stderr.startswith("factcheck: error: ") and "bad.txt" in result.stderr
    assert not (workspace / "seeds" / "bad.txt").exists()


def test_extract_in_a_pool_writes_what_one_process_writes(tmp_path: Path) -> None:
    """`extract --jobs 2` runs extraction in worker processes and writes in this one: the same registry,
    byte for byte, as `--jobs 1`, human notes kept, and missing claims files rebuilt."""
    source = write_synthetic_workspace(tmp_path / "source", 70, 11, 5, 12)
    first = sorted((source / "claims").glob("*.yaml"))
    lines = first[3].read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("- {"))
    lines[index] = lines[index].replace("- {", '- {"note": "checked against the court report", ', 1)
    first[3].write_text("".join(lines), encoding="utf-8")
    for path in first[10:40]:
        path.unlink()
    registries = []
    for jobs in ("1", "2"):
        root = tmp_path / f"jobs{jobs}"
        shutil.copytree(source, root)
        done = run_cli("extract", "--jobs", jobs, "--format", "json", cwd=root)
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)
        changed = {r["article"] for r in results if r["changed"]}
        rebuilt = {path.stem for path in first[10:40]}
        # the 30 missing files, and the annotated one, its note moved to where the registry writes notes
        assert len(results) == 70 and rebuilt <= changed <= rebuilt | {first[3].stem}
        registries.append({p.name: p.read_bytes() for p in sorted((root / "claims").glob("*.yaml"))})
    assert registries[0] == registries[1] and len(registries[0]) == 70
    assert "checked against the court report" in registries[1][first[3].name].decode("utf-8")


def test_progress_only_on_a_terminal_unless_asked(workspace: Path) -> None:
    """On a pipe (as here) nothing is shown unless `--progress` asks; then plain lines on stderr, the
    report on stdout untouched; `--no-progress` silences even a terminal."""
    quiet = run_cli("check", "--format", "json", "--fail-on", "never", cwd=workspace)
    assert quiet.returncode == 0 and quiet.stderr == ""
    shutil.rmtree(workspace / ".factcheck")  # the index: check again, not replay the stored results
    asked = run_cli("check", "--format", "json", "--fail-on", "never", "--progress", cwd=workspace)
    assert asked.returncode == 0
    assert json.loads(asked.stdout)["summary"]["claims"] == 464
    lines = asked.stderr.splitlines()
    assert lines[0] == "factcheck: loading the registry"
    assert lines[-1].startswith("factcheck: checking 464 claims: blocks: ")
    done, total = lines[-1].split(": ")[-1].split(" ")[0].split("/")
    assert done == total and int(total) > 10
    extracted = run_cli("extract", "--progress", cwd=workspace)
    assert extracted.returncode == 0 and "factcheck: extracting: 5/5" in extracted.stderr
    silenced = run_cli("extract", "--no-progress", cwd=workspace)
    assert silenced.returncode == 0 and "extracting" not in silenced.stderr
