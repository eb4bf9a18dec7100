"""The registry: determinism, round-trip, re-anchoring after edits, human corrections survive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.core import extract_workspace, verify_workspace
from factcheck.errors import RegistryError
from factcheck.registry import fast_parse, load_file, parse_file, render_file
from factcheck.workspace import Workspace

SEED = "000_d3f61c0c3655bc9a"


def claims_text(ws: Path, article: str = SEED) -> str:
    return (ws / "claims" / f"{article}.yaml").read_text(encoding="utf-8")


def test_reextraction_is_byte_identical(workspace: Path) -> None:
    before = {p.name: p.read_bytes() for p in (workspace / "claims").glob("*.yaml")}
    results = extract_workspace(Workspace(workspace))
    after = {p.name: p.read_bytes() for p in (workspace / "claims").glob("*.yaml")}
    assert before == after
    assert not any(r.changed for r in results)


def test_committed_registry_matches_the_extractor() -> None:
    root = Path(__file__).resolve().parent.parent
    problems, total = verify_workspace(Workspace(root))
    assert problems == []
    assert total > 400


def test_round_trip_fast_and_yaml_parsers_agree(workspace: Path) -> None:
    for path in (workspace / "claims").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        fast = fast_parse(text, str(path), expected_article=path.stem)
        slow = parse_file(text, str(path), expected_article=path.stem)
        assert fast.claims == slow.claims
        assert render_file(fast) == text


def test_grep_line_explains_itself(workspace: Path) -> None:
    lines = [line for line in claims_text(workspace).splitlines() if "33.4万" in line and '"text": "33.4万"' in line]
    assert len(lines) == 1
    line = lines[0]
    for key in ('"id"', '"article"', '"start"', '"text"', '"value": 334000', '"unit": "人"', '"kind": "count"',
                '"entity": "广州市"', '"metric"', '"period"', '"quote"'):
        assert key in line


def _edit_claim_line(path: Path, text: str, field: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if f'"text": "{text}"' in line:
            lines[i] = re.sub(rf'"{field}": "[^"]*"', f'"{field}": "{new}"', line)
            break
    path.write_text("".join(lines), encoding="utf-8")


def test_human_corrections_survive_reextraction(workspace: Path) -> None:
    ws = Workspace(workspace)
    path = workspace / "claims" / f"{SEED}.yaml"
    _edit_claim_line(path, "33.4万", "metric", "群防力量（人工校正）")
    text = path.read_text(encoding="utf-8").replace(
        '"text": "54.55万"', '"note": "checked with the foundation", "text": "54.55万"')
    path.write_text(text, encoding="utf-8")
    extract_workspace(ws)
    extract_workspace(ws)
    cf = load_file(ws, SEED)
    assert cf is not None
    by_text = {c.text: c for c in cf.claims}
    assert by_text["33.4万"].metric == "群防力量（人工校正）"
    assert "metric" in by_text["33.4万"].edited
    assert by_text["54.55万"].note == "checked with the foundation"


def test_claims_reanchor_after_the_article_is_edited(workspace: Path) -> None:
    ws = Workspace(workspace)
    before = {c.text: c for c in load_file(ws, SEED).claims}  # type: ignore[union-attr]
    article = workspace / "seeds" / f"{SEED}.txt"
    text = article.read_text(encoding="utf-8")
    text = text.replace("法治时代网讯", "法治时代网讯（本文有更新，新增一段说明文字）", 1)
    article.write_text(text, encoding="utf-8")
    problems, _ = verify_workspace(ws)
    assert any("changed" in p.message or "different version" in p.message for p in problems)
    extract_workspace(ws)
    after = {c.text: c for c in load_file(ws, SEED).claims}  # type: ignore[union-attr]
    assert after["33.4万"].id == before["33.4万"].id
    assert after["33.4万"].start > before["33.4万"].start
    assert text[after["33.4万"].start:after["33.4万"].end] == "33.4万"
    problems, _ = verify_workspace(ws)
    assert problems == []


def test_removed_figure_with_human_note_is_orphaned_not_moved(workspace: Path) -> None:
    ws = Workspace(workspace)
    path = workspace / "claims" / f"{SEED}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"text": "54.55万"', '"note": "foundation confirmed", "text": "54.55万"'), encoding="utf-8")
    article = workspace / "seeds" / f"{SEED}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("发放慰问金54.55万元,", "发放慰问金,"),
                       encoding="utf-8")
    extract_workspace(ws)
    cf = load_file(ws, SEED)
    assert cf is not None
    assert "54.55万" not in {c.text for c in cf.claims}
    assert [o.note for o in cf.orphans] == ["foundation confirmed"]
    problems, _ = verify_workspace(ws)
    assert any("orphaned" in p.message for p in problems)


@pytest.mark.parametrize(("content", "message"), [
    ("article: [unclosed\n", "malformed YAML"),
    ("article: !!python/object/apply:os.system ['echo hi']\nclaims: []\n", "YAML tags"),
    ("<<<<<<< HEAD\narticle: x\n=======\narticle: y\n>>>>>>> branch\n", "merge conflict"),
])
def test_malformed_claims_files_are_named(workspace: Path, content: str, message: str) -> None:
    path = workspace / "claims" / f"{SEED}.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_file(Workspace(workspace), SEED)
    assert message in str(info.value)
    assert f"{SEED}.yaml:" in str(info.value)
    assert path.read_text(encoding="utf-8") == content


def test_duplicate_claim_id_is_an_error(workspace: Path) -> None:
    path = workspace / "claims" / f"{SEED}.yaml"
    text = path.read_text(encoding="utf-8").replace('{"id": "c2",', '{"id": "c1",', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match="duplicate claim id"):
        load_file(Workspace(workspace), SEED)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from factcheck.extract import extract_claims  # noqa: E402
from factcheck.models import Article  # noqa: E402
from factcheck.registry import ClaimsFile  # noqa: E402

_ALPHABET = list("0123456789.,，、%万亿萬億兩一二两三十百千年月日第连续次个人超余多近约“”\"广州从化区市全省 \n\r\u200b\x1b[]")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=200))
def test_parse_render_round_trip(text: str) -> None:
    article = Article(id="rt", path="seeds/rt.txt", text=text, published="2024-02-01", place="广州市")
    claims = extract_claims(article)
    cf = ClaimsFile(article="rt", file="seeds/rt.txt", sha256="0" * 64, published="2024-02-01", claims=tuple(claims))
    rendered = render_file(cf)
    parsed = fast_parse(rendered, "rt.yaml", expected_article="rt")
    assert [(c.id, c.start, c.end, c.text, c.value, c.unit, c.kind, c.approx, c.entity, c.metric, c.period, c.quote)
            for c in parsed.claims] == \
        [(c.id, c.start, c.end, c.text, c.value, c.unit, c.kind, c.approx, c.entity, c.metric, c.period, c.quote)
         for c in claims]
    assert parse_file(rendered, "rt.yaml").claims == parsed.claims
    assert all(len(line) == len(line.rstrip("\n")) for line in rendered.splitlines())


def test_index_round_trip_rebuilds_equal_claims() -> None:
    """The index's column encoding and its bulk construction of frozen claims give back claims equal to
    the registry's, field by field (and still frozen)."""
    import dataclasses

    from factcheck import index
    from factcheck.workspace import Workspace

    root = Path(__file__).resolve().parent.parent
    ws = Workspace(root)
    for entry in index.load_manifest(ws):
        claims, _, _ = index._parse_entry(ws, entry, False)
        again = index._decode(index._encode(claims))
        assert again == claims
        assert [repr(c) for c in again] == [repr(c) for c in claims]
        assert [hash(c) for c in again] == [hash(c) for c in claims]
    with pytest.raises(dataclasses.FrozenInstanceError):
        again[0].value = 1  # type: ignore[misc]


@pytest.mark.parametrize("title", [None, "", "普通标题", "odd \x1f field \x1e and \x00 nul", 'quote " and \\ backslash'])
def test_manifest_entries_survive_the_index(workspace: Path, title: str | None, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """The manifest as written, read back from the YAML and from the index (with no in-process copy)."""
    from dataclasses import replace

    from factcheck import index
    from factcheck.workspace import load_manifest

    ws = Workspace(workspace)
    entries = [replace(e, title=title, outlet=None) for e in load_manifest(ws)]
    index.store_manifest(ws, entries)
    assert load_manifest(ws) == entries  # the YAML says the same
    index._MANIFESTS.clear()

    def unread(_: Workspace) -> None:
        raise AssertionError("the manifest was parsed again")

    monkeypatch.setattr(index, "load_manifest", unread)
    assert index.manifest_entries(ws) == entries  # from the index row


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,6}", fullmatch=True), min_size=0, max_size=12, unique=True),
       new=st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,6}", fullmatch=True),
       title=st.sampled_from([None, "标题", 'a "quoted" \\ title', "tab\there"]))
def test_adding_an_entry_splices_exactly_what_a_full_write_gives(tmp_path_factory: pytest.TempPathFactory,
                                                                  ids: list[str], new: str, title: str | None) -> None:
    """`add` splices a new entry into the manifest (and its index row) instead of formatting every entry:
    the bytes must be those of a full write, and the index must give back the same entries."""
    from factcheck import index
    from factcheck.workspace import Entry, format_manifest, load_manifest

    root = tmp_path_factory.mktemp("splice")
    (root / "seeds").mkdir()
    (root / "claims").mkdir()
    ws = Workspace(root)
    entries = [Entry(id=i, file=f"seeds/{i}.txt", published="2024-01-01", title=title, sha256="ab" * 32)
               for i in sorted(ids)]
    index.store_manifest(ws, entries)  # a full write
    assert index.manifest_entries(ws) == entries
    added = Entry(id=new, file=f"seeds/{new}.txt", published="2023-05", place="广州市")
    written = sorted([*(e for e in index.manifest_entries(ws) if e.id != new), added], key=lambda e: e.id)
    full_write = index.write_manifest
    if new not in ids:  # a new id: the splice must do it, without formatting every entry
        index.write_manifest = None  # type: ignore[assignment]
    try:
        index.store_manifest(ws, written, added=None if new in ids else added)
    finally:
        index.write_manifest = full_write
    assert ws.manifest_path.read_bytes() == format_manifest(written)
    assert load_manifest(ws) == written
    index._MANIFESTS.clear()
    assert index.manifest_entries(ws) == written  # from the index row


def test_an_index_of_an_older_schema_is_rebuilt_not_read(workspace: Path) -> None:
    """Rows an older version wrote (their layout may differ) are never decoded: a schema change drops
    the index's tables. A stray row survives a run under the current schema, not under an older one."""
    import sqlite3

    from conftest import run_cli

    from factcheck.index import SCHEMA_VERSION

    path = workspace / ".factcheck" / "index.sqlite"

    def run_with(schema: str) -> bool:
        with sqlite3.connect(path) as conn:
            conn.execute("INSERT INTO keys VALUES ('zzz', 'x', 'count', '个', 'k', 0, '[]')")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (schema,))
        result = run_cli("check", "--fail-on", "never", "--format", "concise", cwd=workspace)
        assert result.returncode == 0, result.stderr
        assert "FC101" in result.stdout
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (SCHEMA_VERSION,)
            return conn.execute("SELECT count(*) FROM keys WHERE article = 'zzz'").fetchone()[0] > 0

    assert run_cli("check", "--fail-on", "never", cwd=workspace).returncode == 0
    assert run_with(SCHEMA_VERSION)  # same schema: the index is kept as it is
    assert not run_with("8")  # the schema before manifest rows carried a format flag: rebuilt


def test_an_atomic_write_gives_a_new_file_the_umask_s_mode_and_keeps_an_old_file_s(tmp_path: Path) -> None:
    import os
    import stat

    from factcheck.workspace import atomic_write

    new = tmp_path / "report.html"
    atomic_write(new, "<p>x</p>")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask  # not the 0600 of a temporary file
    kept = tmp_path / "claims.yaml"
    kept.write_text("a")
    kept.chmod(0o640)
    atomic_write(kept, "b")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "b"
