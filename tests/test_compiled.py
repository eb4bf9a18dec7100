"""The compiled extraction modules (mypyc, built by `pip install .`) give the same claims as the source.

A regular install compiles the extraction hot path (see setup.py); an editable install, which the
test suite normally runs from, does not. These tests run the installed package in a subprocess whose
working directory is outside the project, so that it imports what `pip install .` put in
site-packages, and compare its claims with those of the pure-Python source imported here. They skip
when the installed modules are not compiled, unless FACTCHECK_EXPECT_COMPILED is set (as in CI,
which installs the project a second time, compiled, to run them).
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml
from conftest import load_generator, write_synthetic_workspace

from factcheck import extract, figures, lexicon
from factcheck.extract import extract_claims, extraction_rows
from factcheck.jsonio import dumps
from factcheck.models import Article
from factcheck.render.claims import write_claims_json, write_extraction_json
from factcheck.textio import decode_bytes

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = Path(Path.cwd().anchor)  # a working directory outside the project: imports come from site-packages

def _compiled_modules() -> tuple[str, ...]:
    """The modules setup.py compiles, as dotted names (read from its COMPILED tuple)."""
    source = (ROOT / "setup.py").read_text(encoding="utf-8")
    block = source[source.index("COMPILED = ("):source.index(")", source.index("COMPILED = (") + 12)]
    return tuple(name.replace("/", ".") for name in re.findall(r'"([a-z_/]+)"', block))


COMPILED = _compiled_modules()

# Runs in the subprocess: the installed package, fed articles as JSON on stdin; every field of every claim.
_WORKER = """
import json, sys
from factcheck.extract import extract_claims, extraction_rows
from factcheck.jsonio import dumps
from factcheck.models import Article
from factcheck.render.claims import write_claims_json, write_extraction_json
from dataclasses import asdict
from io import StringIO
for line in sys.stdin:
    article = Article(**json.loads(line))
    claims = extract_claims(article)
    written, direct = StringIO(), StringIO()
    write_claims_json(claims, written)
    write_extraction_json(extraction_rows([article]), direct)
    print(dumps([[asdict(c) for c in claims], written.getvalue(), direct.getvalue()]))
"""

# Characters random texts are drawn from: numerals in every script, units, approximation and
# period words, places, punctuation and the invisible characters mirror pages carry.
_ALPHABET = list("0123456789０１２３４５６７８９.．,，%％‰一二两三四五六七八九十百千万亿萬億兩零〇半首第"
                 "个名人件次年月日号起项倍成星届余多近约超逾以上下左右连续冠至到-—~、。；：“”（）\n 　"
                 "广州东莞中山从化全市全省今年去年目前同比下降增长率达共累计建成") + [
    "\u200b", "\u00ad", "(guǎng)", "2023年", "2015年至2021年", "33.4万", "97.4%", "八连冠", "连续7年",
    "截至今年10月", "近三年", "十八大以来", "第3名", "1/7", "七分之一", "2023-05-01", "ICP备12345号",
    # the numeral grammar (factcheck.numerals): decimals, per-parts, signs, financial digits, bounds inside
    "点", "百分之", "千分之", "分之", "负", "−", "壹", "贰", "拾", "佰", "仟", "廿", "个亿", "多万", "来万", "几", "数十",
    "上百", "三点一四", "两三年", "一万一千", "100万三千", "元", "圆", "角", "一成不变", "“十四五”",
    *lexicon.APPROX_BEFORE, *lexicon.APPROX_AFTER, *(body for _, body, _ in lexicon.PERIOD_CUES if body.isalpha()),
]


def _installed_origins() -> dict[str, str]:
    """Where the installed package's extraction modules are loaded from (not this source tree)."""
    code = ("import importlib.util, json; print(json.dumps({n: importlib.util.find_spec('factcheck.' + n).origin "
            f"for n in {COMPILED!r}}}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=OUTSIDE,
                         capture_output=True, text=True, check=True, env=_clean_env())
    return dict(json.loads(out.stdout))


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def _require_compiled() -> None:
    origins = _installed_origins()
    pure = [name for name, origin in origins.items() if not origin.endswith((".so", ".pyd"))]
    if pure:
        message = f"installed modules not compiled: {', '.join(pure)}"
        if os.environ.get("FACTCHECK_EXPECT_COMPILED"):
            pytest.fail(message)
        pytest.skip(message)


def _articles() -> list[Article]:
    """Seeds, traditional-character pages, a synthetic corpus, hostile strings and random texts."""
    articles = []
    for path in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data").glob("*.txt")):
        text = decode_bytes(path.read_bytes(), path.name)[0]
        articles.append(Article(id=path.stem, path=str(path), text=text, published="2023-11-01", place=None))
        articles.append(Article(id=path.stem, path=str(path), text=text, published="", place="中山市",
                                reports_on="2020-2022"))
    generate = load_generator()
    docs, _ = generate.build_corpus(120, 7, 20, generate.load_pool(ROOT / "seeds"))
    for doc in docs:
        articles.append(Article(id=doc.id, path=f"seeds/{doc.id}.txt", text=generate.article_text(doc),
                                published=doc.published, place=doc.place))
    rng = random.Random(20261123)
    for i in range(1500):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60)))
        articles.append(Article(id=f"r{i}", path="r.txt", text=text, published=rng.choice(["", "2024-03-05"])))
    peer = yaml.safe_load((ROOT / "tests" / "data" / "numerals" / "peer-cases.yaml").read_text(encoding="utf-8"))
    numerals_text = "。".join(f"全年共受理各类案件{numeral}宗，增长{numeral}" for table in peer.values() for numeral in table)
    articles.append(Article(id="numerals", path="n.txt", text=numerals_text, published="2024-01-01"))
    for hostile in ("1,2.3%4万五六七八九十" * 50, "１２３４５６７８９０" * 80, "一二三四五六七八九十" * 90, "，，，1" * 99,
                    "2023年1月1日-" * 60, "9" * 100, "三十一二", "万一", "第三方"):
        articles.append(Article(id="h", path="h.txt", text=hostile, published="2023-01-01"))
    return articles


def test_the_source_tested_here_is_pure_python() -> None:
    # the comparison below is only meaningful when this process runs the source
    assert extract.__file__ is not None and extract.__file__.endswith(".py")
    assert figures.__file__ is not None and figures.__file__.endswith(".py")


def test_compiled_extraction_gives_the_same_claims_as_the_source() -> None:
    _require_compiled()
    articles = _articles()
    feed = "".join(json.dumps(asdict(a), ensure_ascii=False) + "\n" for a in articles)
    out = subprocess.run([sys.executable, "-c", _WORKER], cwd=OUTSIDE, input=feed, capture_output=True,
                         text=True, env=_clean_env(), timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    compiled = out.stdout.splitlines()
    assert len(compiled) == len(articles)
    differ = [a.id for a, line in zip(articles, compiled, strict=True) if _expected(a) != line]
    assert not differ, f"{len(differ)} articles extract differently when compiled: {differ[:10]}"
    assert sum(not line.startswith("[[]") for line in compiled) > len(articles) // 2  # the texts hold figures


def _expected(article: Article) -> str:
    claims = extract_claims(article)
    written, direct = io.StringIO(), io.StringIO()
    write_claims_json(claims, written)
    write_extraction_json(extraction_rows([article]), direct)
    return dumps([[asdict(c) for c in claims], written.getvalue(), direct.getvalue()])


def test_extraction_json_is_the_claims_json() -> None:
    """`write_extraction_json` (``extract --dry-run --format json``) writes what `write_claims_json` writes of
    `extract_claims`, article by article and for all of them in one array: mirror pages (read through a
    compressed copy), strings that need escaping and articles without figures included."""
    articles = _articles() + [
        Article(id="q", path='dir\\"q".txt', text='他说："全市共有33.4万人\\，同比增长9.8%\x1b。"', published="2024-01-01"),
        Article(id="\u2028", path="l.txt", text="共有12个\u2028中心，增长3倍。", published="2024-01-01"),
    ]
    assert any(extract.extract_rows(a) is None for a in articles)  # mirror pages are among them
    escaped = io.StringIO()
    write_extraction_json(extraction_rows([articles[-2]]), escaped)
    assert '\\"' in escaped.getvalue() and "\\u001b" in escaped.getvalue()  # written by the encoder
    for article in articles:
        written, direct = io.StringIO(), io.StringIO()
        write_claims_json(extract_claims(article), written)
        write_extraction_json(extraction_rows([article]), direct)
        assert direct.getvalue() == written.getvalue(), article.id
    written, direct = io.StringIO(), io.StringIO()
    write_claims_json([c for a in articles for c in extract_claims(a)], written)
    write_extraction_json(extraction_rows(articles), direct)
    assert direct.getvalue() == written.getvalue()
    empty = io.StringIO()
    write_extraction_json(extraction_rows([]), empty)
    assert empty.getvalue() == "[]\n"


def _run(args: list[str], ws: Path, *, compiled: bool) -> str:
    """``python -m factcheck ARGS`` in ``ws``: the installed (compiled) package, or this source tree."""
    env = _clean_env() | {"NO_COLOR": "1", "COLUMNS": "120"}
    if not compiled:
        env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-m", "factcheck", *args], cwd=ws, capture_output=True, text=True,
                         env=env, timeout=600)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    return out.stdout.replace(str(ws), "WS") + out.stderr.replace(str(ws), "WS")


def test_compiled_checks_and_gate_give_the_same_reports_as_the_source(tmp_path: Path) -> None:
    """End to end: `check` (in-process and with a process pool) and the gate's `add`, which extracts the
    new article, give the source's reports and files on a synthetic corpus with injected conflicts."""
    _require_compiled()
    corpus = write_synthetic_workspace(tmp_path / "corpus", 150, 3, 15, 5)
    outputs = {}
    for compiled in (False, True):
        ws = tmp_path / ("compiled" if compiled else "source") / "ws"
        shutil.copytree(corpus, ws)
        runs = [_run(["check", "--format", "json", "--fail-on", "never", "--jobs", "2"], ws, compiled=compiled),
                _run(["check", "--format", "concise", "--jobs", "1", "--select", "FC1"], ws, compiled=compiled),
                _run(["add", "new/new.txt", "--published", "2024-01-01", "--format", "json"], ws, compiled=compiled),
                (ws / "claims" / "new.yaml").read_text(encoding="utf-8"),
                (ws / "seeds" / "manifest.yaml").read_text(encoding="utf-8")]
        outputs[compiled] = runs
    assert outputs[True] == outputs[False]
    assert '"rule": "FC101"' in outputs[True][0]  # the injected conflicts are found
