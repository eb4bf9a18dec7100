"""Remake README's pictures (docs/img/) from the bundled workspace, with headless Chromium.

    python scripts/screenshots.py            # from the repository root, factcheck installed

- docs/img/timeline.png: `factcheck timeline` of the seeds' streak finding, as an 80-column colour
  terminal shows it (the command's ANSI output laid out by rich's HTML export, then photographed);
- docs/img/report.png: the top of `factcheck check --format html` on the seeds, with the baseline.

Chromium must be on PATH (Debian: `apt-get install chromium`); a CJK font (fonts-wqy-microhei or
fonts-noto-cjk) makes the Chinese legible. When `pngquant` is on PATH the pictures are made smaller.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"


def factcheck(*args: str) -> str:
    env = {"COLUMNS": "80", "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "factcheck", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, check=False)
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    return done.stdout


def shoot(browser: str, page: Path, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={profile}", f"--window-size={width},{height}", f"--screenshot={png}",
                        page.as_uri()], capture_output=True, check=True, timeout=180)
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(png), "--", str(png)],
                       check=False)
    print(f"wrote {png.relative_to(ROOT)} ({png.stat().st_size // 1024} KB)")


def main() -> None:
    from rich.console import Console
    from rich.terminal_theme import MONOKAI
    from rich.text import Text

    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
                   None)
    if browser is None:
        sys.exit("no Chromium on PATH")
    OUT.mkdir(parents=True, exist_ok=True)
    findings = json.loads(factcheck("check", "--format", "json", "--exit-zero", "--select", "FC202"))["findings"]
    chart = factcheck("timeline", findings[0]["fingerprint"], "--format", "chart", "--color", "always")
    console = Console(record=True, width=80, file=open("/dev/null", "w"), force_terminal=True)  # noqa: SIM115
    console.print(Text.from_ansi(f"$ factcheck timeline {findings[0]['fingerprint']}\n" + chart), soft_wrap=True)
    page_html = console.export_html(theme=MONOKAI, inline_styles=True)
    page_html = page_html.replace("<body>", '<body style="margin:0;padding:10px 14px;background:#272822">')
    with tempfile.TemporaryDirectory() as tmp:
        terminal = Path(tmp) / "terminal.html"
        terminal.write_text(page_html, encoding="utf-8")
        lines = chart.count("\n") + 1
        shoot(browser, terminal, OUT / "timeline.png", 830, 30 + 20 * lines)
        report = Path(tmp) / "report.html"
        factcheck("check", "--format", "html", "-o", str(report), "--exit-zero", "--baseline",
                  "factcheck-baseline.json")
        shoot(browser, report, OUT / "report.png", 1000, 2050)


if __name__ == "__main__":
    main()
