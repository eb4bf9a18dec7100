"""A long fuzz run, outside the CI test run: hypothesis with a large budget on the numeral parser,
the extractor and the registry round-trip. Usage: python scripts/fuzz.py [--examples N]"""

from __future__ import annotations

import argparse
import sys
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.extract import extract_claims
from factcheck.figures import find_figures
from factcheck.models import Article
from factcheck.numbers import parse_number
from factcheck.registry import ClaimsFile, fast_parse, render_file

ALPHABET = list("0123456789.,，、%％万亿萬億兩一二两三四五六七八九十百千零〇年月日第连續续次个人件超余多近约以上左右"
                "至-—~：:“”\"「」广州从化区市全省国 \n\r\t\u3000\u200b\u202e\x00\x1b[]!#")


def texts() -> st.SearchStrategy[str]:
    return st.one_of(st.text(alphabet=st.sampled_from(ALPHABET), max_size=400), st.text(max_size=300))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=20000)
    args = parser.parse_args()
    counts = {"parse": 0, "extract": 0, "roundtrip": 0}
    cfg = settings(max_examples=args.examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))

    @cfg
    @given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=30))
    def fuzz_parse(text: str) -> None:
        counts["parse"] += 1
        try:
            parse_number(text)
        except ValueError:
            pass

    @cfg
    @given(texts())
    def fuzz_extract(text: str) -> None:
        counts["extract"] += 1
        for fig in find_figures(text):
            assert 0 <= fig.start < fig.end <= len(text) and text[fig.start:fig.end] == fig.text

    @cfg
    @given(texts(), st.sampled_from(["2024", "2024-02", "2024-02-01", ""]))
    def fuzz_roundtrip(text: str, published: str) -> None:
        counts["roundtrip"] += 1
        article = Article(id="fz", path="seeds/fz.txt", text=text, published=published, place="广州市")
        claims = extract_claims(article)
        cf = ClaimsFile(article="fz", file="seeds/fz.txt", sha256="0" * 64, published=published,
                        claims=tuple(claims))
        parsed = fast_parse(render_file(cf), "fz.yaml", expected_article="fz")
        assert [(c.id, c.start, c.end, c.text, c.value, c.kind, c.entity, c.metric, c.period) for c in parsed.claims] \
            == [(c.id, c.start, c.end, c.text, c.value, c.kind, c.entity, c.metric, c.period) for c in claims]

    started = time.perf_counter()
    fuzz_parse()
    fuzz_extract()
    fuzz_roundtrip()
    elapsed = time.perf_counter() - started
    print(f"fuzz: {counts['parse']} numerals, {counts['extract']} texts extracted, "
          f"{counts['roundtrip']} registry round-trips, no failure, {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
