"""Hostile input, tried as a user would: every case exits 0/1 with a right result or 2 with one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

PARAGRAPH = ("截至目前，广州累计聚合各类群防力量33.4万人，参与协助处置各类突发事件1600余起。"
             "过去一年，全市各类人民调解组织开展矛盾纠纷排查14.9万次，调解成功率达97.4%。")
TRADITIONAL = ("截至目前，廣州累計聚合各類群防力量33.4萬人，參與協助處置各類突發事件1600餘起。"
               "過去一年，全市各類人民調解組織開展矛盾糾紛排查14.9萬次，調解成功率達97.4%。")


def snapshot(ws: Path) -> dict[str, bytes]:
    return {str(p.relative_to(ws)): p.read_bytes() for p in ws.rglob("*") if p.is_file() and ".factcheck" not in p.parts}


def add(ws: Path, file: Path, *extra: str) -> tuple[int, str, str]:
    result = run_cli("add", str(file), "--published", "2024-02-01", "--place", "广州市", "--no-check", *extra, cwd=ws)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "data"), [
    ("utf8.txt", PARAGRAPH.encode("utf-8")),
    ("bom.txt", b"\xef\xbb\xbf" + PARAGRAPH.encode("utf-8")),
    ("utf16.txt", PARAGRAPH.encode("utf-16")),
    ("gb18030.txt", PARAGRAPH.encode("gb18030")),
    ("gbk.txt", PARAGRAPH.encode("gbk")),
    ("big5.txt", TRADITIONAL.encode("big5")),
    ("crlf.txt", PARAGRAPH.replace("。", "。\r\n").encode("utf-8")),
    ("cr.txt", PARAGRAPH.replace("。", "。\r").encode("utf-8")),
    ("zw.txt", PARAGRAPH.replace("33.4万", "33.\u200b4万").replace("14.9", "1\u200d4.9").encode("utf-8")),
    ("bidi.txt", ("\u202e" + PARAGRAPH + "\u202c").encode("utf-8")),
    ("ideo.txt", PARAGRAPH.replace("，", "\u3000").encode("utf-8")),
    ("nul.txt", (PARAGRAPH * 5).encode("utf-8").replace("。".encode(), "。\x00".encode(), 1)),  # stray NUL

])
def test_encodings_and_odd_text_decode_and_spans_index_the_stored_text(empty_workspace: Path, tmp_path: Path,
                                                                        name: str, data: bytes) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    code, _, err = add(empty_workspace, src)
    assert code == 0, err
    stored = (empty_workspace / "seeds" / name).read_bytes().decode("utf-8")  # no newline translation
    result = run_cli("grep", "", "--format", "json", cwd=empty_workspace)
    claims = json.loads(result.stdout)
    assert claims
    for c in claims:
        assert stored[c["start"]:c["end"]] == c["text"]
    values = {str(c["value"]) for c in claims}
    assert "334000" in values and "97.4" in values
    assert run_cli("verify", cwd=empty_workspace).returncode == 0


@pytest.mark.parametrize(("name", "data", "expect"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\t\n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    ("random.txt", bytes((i * 131 + 7) % 256 for i in range(4000)), "bad.txt" if False else "random.txt"),
])
def test_undecodable_files_are_refused_with_one_line(empty_workspace: Path, tmp_path: Path, name: str, data: bytes,
                                                     expect: str) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    before = snapshot(empty_workspace)
    code, _, err = add(empty_workspace, src)
    assert code == 2
    assert err.startswith("factcheck: error: ") and len(err.strip().splitlines()) == 1 and expect in err
    assert "Traceback" not in err
    assert snapshot(empty_workspace) == before


def test_directory_and_missing_file(empty_workspace: Path, tmp_path: Path) -> None:
    for target in (tmp_path, tmp_path / "nope.txt"):
        code, _, err = add(empty_workspace, target)
        assert code == 2 and err.startswith("factcheck: error: ") and "Traceback" not in err


def test_large_single_line_page(empty_workspace: Path, tmp_path: Path) -> None:
    src = tmp_path / "huge.txt"
    src.write_text(PARAGRAPH.replace("\n", "") * 20000, encoding="utf-8")  # ≈ 2.4 MB on one line
    code, _, err = add(empty_workspace, src)
    assert code == 0, err
    assert run_cli("verify", cwd=empty_workspace).returncode == 0


MARKUP = "[bold red]假[/bold red]\x1b[31m红\x1b[0m::error file=x::injected%0A<b>&amp;</b>"


def test_article_text_never_reaches_output_unescaped(empty_workspace: Path, tmp_path: Path) -> None:
    text = f"{MARKUP}截至目前，广州累计聚合各类群防力量33.4万人。{MARKUP}\n去年，广州累计聚合各类群防力量35.4万人。\n"
    for i in range(2):
        src = tmp_path / f"a{i}.txt"
        src.write_text(text.replace("35.4万", "35.4万" if i else "33.4万"), encoding="utf-8")
        assert add(empty_workspace, src)[0] == 0
    for fmt in ("full", "concise", "json", "sarif", "github", "junit", "html"):
        result = run_cli("check", "--format", fmt, "--fail-on", "never", "--color", "always",
                         "--show-consistent", cwd=empty_workspace)
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert "\x1b[31m红" not in out
        assert "[bold red]假" not in out or fmt in ("json", "sarif", "junit", "github", "full", "concise", "html")
        if fmt == "github":
            for line in out.splitlines():
                assert line.startswith("::")
                assert "::error file=x::" not in line
        if fmt == "junit":
            import xml.etree.ElementTree as ET

            ET.fromstring(out)
        if fmt in ("json", "sarif"):
            json.loads(out)
        if fmt == "html":
            assert "<b>&amp;</b>" not in out and "&lt;b&gt;&amp;amp;&lt;/b&gt;" in out
    grep = run_cli("grep", "群防", "--color", "always", cwd=empty_workspace)
    assert "\x1b[31m红" not in grep.stdout
    for fmt in ("chart", "table", "json"):
        timeline = run_cli("timeline", "-m", "群防", "--format", fmt, "--color", "always", cwd=empty_workspace)
        assert timeline.returncode == 0, timeline.stderr
        assert "\x1b[31m红" not in timeline.stdout


def test_rich_markup_in_article_is_printed_literally(empty_workspace: Path, tmp_path: Path) -> None:
    src = tmp_path / "markup.txt"
    src.write_text("[bold red]截至目前[/bold red]，广州累计聚合各类群防力量33.4万人。", encoding="utf-8")
    assert add(empty_workspace, src)[0] == 0
    result = run_cli("grep", "群防", cwd=empty_workspace)
    assert "[bold red]截至目前[/bold red]" in result.stdout
