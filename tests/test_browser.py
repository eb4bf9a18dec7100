"""The HTML report as a reader sees it: opened in headless Chromium (the distribution's package).

Each test reads the DOM after the page's scripts ran (``--dump-dom``): the page records any script
error in itself (``data-script-errors``, ``#script-errors``), and marks ``data-ready`` when its own
script finished. A screenshot is taken as well. Without a browser the tests are skipped, unless
``FACTCHECK_EXPECT_BROWSER=1`` (set by .ci/run), which makes a missing browser a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import run_cli

from factcheck.models import Report

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def browser() -> str:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("FACTCHECK_EXPECT_BROWSER") == "1":
        pytest.fail("FACTCHECK_EXPECT_BROWSER=1 but no Chromium on PATH (apt-get install chromium)")
    pytest.skip("no Chromium on PATH")


def headless(exe: str, where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # a fresh profile for each run: a browser still closing holds its profile, and a second one started
    # on it hands the page to the first and prints nothing
    profile = tempfile.mkdtemp(prefix="profile-", dir=where)
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
           "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def dump_dom(exe: str, page: Path, tmp: Path, query: str = "") -> str:
    done = headless(exe, tmp, "--dump-dom", page.as_uri() + query)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def screenshot(exe: str, page: Path, png: Path, size: tuple[int, int] = (1100, 1400)) -> tuple[int, int]:
    done = headless(exe, png.parent, f"--window-size={size[0]},{size[1]}",
                    f"--screenshot={png}", page.as_uri())
    assert done.returncode == 0 and png.is_file(), done.stderr[-2000:]
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def assert_loaded_without_errors(dom: str) -> None:
    root = re.search(r"<html[^>]*>", dom)
    assert root is not None
    assert 'data-script-errors="0"' in root.group(0), re.findall(r'<li class="script-error">(.*?)</li>', dom)
    assert 'data-ready="1"' in root.group(0), "the page's script did not finish"
    assert 'class="script-error"' not in dom


def finding_sections(dom: str) -> dict[str, str]:
    """fingerprint → the opening tag of its section, as the browser holds it after the script ran."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<section [^>]*data-fingerprint="([0-9a-f]+)"[^>]*>', dom)}


def test_the_seed_report_in_a_browser(workspace: Path, tmp_path: Path) -> None:
    exe = browser()
    page = tmp_path / "report.html"
    done = run_cli("check", "--format", "html", "-o", str(page), "--exit-zero", "--baseline",
                   "factcheck-baseline.json", cwd=workspace)
    assert done.returncode == 0, done.stderr
    findings = json.loads(run_cli("check", "--format", "json", "--exit-zero", cwd=workspace).stdout)["findings"]
    assert findings
    dom = dump_dom(exe, page, tmp_path)
    assert_loaded_without_errors(dom)
    sections = finding_sections(dom)
    assert set(sections) == {f["fingerprint"] for f in findings}
    for f in findings:
        assert " hidden" not in sections[f["fingerprint"]]
        assert 'data-status="baselined"' in sections[f["fingerprint"]]
        for c in f["claims"]:
            assert f'data-claim="{c["id"]}"' in dom
    # the streak's timeline: each article's streak on its years
    streak = next(f for f in findings if f["rule"] == "FC202")
    body = dom.split(f'data-fingerprint="{streak["fingerprint"]}"')[1].split("</section>")[0]
    rows = re.findall(r"<tr><td>([^<]+)</td><td><code>([^<]+)</code></td><td>([^<]+)</td>", body)
    assert ("2015–2021", "002_9df193a3f56b3908", "7年") in rows and ("2019–2023", "000_d3f61c0c3655bc9a", "5年") in rows
    width, height = screenshot(exe, page, tmp_path / "report.png")
    assert (width, height) == (1100, 1400)


def test_filters_preset_by_the_address_and_the_page_without_script(tmp_path: Path) -> None:
    from test_formats import build, html_report

    exe = browser()
    report, texts = build()
    page = tmp_path / "hostile.html"
    page.write_text(html_report(report, texts), encoding="utf-8")
    dom = dump_dom(exe, page, tmp_path, "?severity=error&status=new")
    assert_loaded_without_errors(dom)
    sections = finding_sections(dom)
    assert set(sections) == {f.fingerprint for f in report.findings}
    for f in report.findings:
        hidden = " hidden" in sections[f.fingerprint]
        assert hidden == (f.severity != "error" or f.status != "new"), f.rule
    # the hostile claim is text in the page, never markup: only the page's own two scripts exist
    assert dom.count("<script>") == 2 and "<b>" not in dom
    shown = re.search(r'<p id="shown-count"[^>]*>([^<]*)</p>', dom)
    assert shown is not None and shown.group(1) == "2 of 5 finding(s) shown"
    # scripts off (headless Chromium honours no switch for it: the page without its scripts): every
    # finding shows, the filters do not
    bare = tmp_path / "noscript.html"
    bare.write_text(re.sub(r"<script>.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S),
                    encoding="utf-8")
    off = dump_dom(exe, bare, tmp_path)
    assert 'data-ready="1"' not in off and re.search(r'<form id="filters" hidden', off)
    assert all(" hidden" not in tag for tag in finding_sections(off).values())
    assert len(finding_sections(off)) == len(report.findings)
    assert screenshot(exe, page, tmp_path / "hostile.png", (900, 1200)) == (900, 1200)


def test_a_script_error_is_recorded_in_the_page(tmp_path: Path) -> None:
    """The recorder the tests rely on: a page whose script throws says so in its DOM."""
    from factcheck.render import RenderContext, html

    exe = browser()
    import io

    out = io.StringIO()
    html.render(Report(findings=()), out, RenderContext(source=lambda _: None))
    broken = out.getvalue().replace("</body>", "<script>undefinedFunction();</script></body>")
    page = tmp_path / "broken.html"
    page.write_text(broken, encoding="utf-8")
    dom = dump_dom(exe, page, tmp_path)
    assert 'data-script-errors="1"' in dom and 'class="script-error"' in dom and "undefinedFunction" in dom


def test_the_gate_of_add_as_a_page(workspace: Path, tmp_path: Path) -> None:
    """`add --format html`: the new article's findings, in the same page."""
    exe = browser()
    article = tmp_path / "gz_review.txt"
    article.write_text("广州政法工作年度综述\n过去一年，广州市见义勇为基金会共向261名见义勇为人员发放慰问金53.15万元。\n",
                       encoding="gb18030")
    page = tmp_path / "gate.html"
    done = run_cli("add", str(article), "--published", "2024-02-01", "--place", "广州", "--format", "html",
                   "-o", str(page), cwd=workspace)
    assert done.returncode == 1, done.stderr  # the gate fails on the contradiction, and writes the page
    dom = dump_dom(exe, page, tmp_path)
    assert_loaded_without_errors(dom)
    sections = finding_sections(dom)
    assert sections and all('data-status="new"' in tag for tag in sections.values())
    assert 'data-claim="gz_review#' in dom
