"""The benchmark's corpus generator: what it measures recall with must itself be right."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, load_benchmark, load_generator, run_cli

UNSEEN = ROOT / "tests" / "data" / "unseen"


def test_place_names_are_rewritten_in_traditional_sentences_too() -> None:
    """A sentence naming 順德 put into an article about 高明区 must name 高明: left as it was, every
    article of every place would print its own random figure for 顺德, conflicts the generator never
    meant, and the injected pair would be reported against one of those instead (recall 49/50)."""
    generate = load_generator()
    text, _ = generate.rewrite("上半年，順德警方聯同區檢察院已有229名電詐犯罪嫌疑人被提起公訴。", "高明区", 2015, 1)
    assert "高明警方" in text and "順德" not in text
    simplified, _ = generate.rewrite("上半年，顺德警方已有229名电诈犯罪嫌疑人被提起公诉。", "高明区", 2015, 1)
    assert "高明警方" in simplified


def test_every_injected_conflict_is_found_in_a_corpus_of_unseen_articles(tmp_path: Path) -> None:
    """A corpus recombining the unseen articles (two in traditional characters, one a scraped page):
    `check` reports each injected pair together, as the benchmark counts recall."""
    generate = load_generator()
    pool = generate.load_pool(UNSEEN)
    docs, injected = generate.build_corpus(160, 3, 12, pool)
    assert len(injected) == 12
    generate.write_workspace(tmp_path, docs, injected, 1, 5, pool)
    done = run_cli("check", "--format", "json", "--fail-on", "never", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found, total = load_benchmark("run").recall(tmp_path, json.loads(done.stdout))
    assert (found, total) == (12, 12)
