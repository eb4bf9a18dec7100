"""Deterministic synthetic corpora for benchmarks: real seed sentences, random figures, known conflicts.

    python benchmarks/generate.py --articles 10000 --seed 1 --out /tmp/corpus10k --conflicts 50

Each article recombines real sentences of the seed articles (``seeds/*.txt`` split on 。！？ and
newlines). Place names in a sentence (in simplified or traditional characters) are rewritten to the
article's place (a Guangdong city or district) and every Arabic number gets a random value of
similar magnitude (years are shifted to the article's publication year, months and days stay valid;
units and approximation words are left alone). The random values depend on (seed, city, sentence)
for a sentence that names the article's place or speaks of it (全市, 市公安局), and on (seed,
sentence) for any other (about the province, a place outside the gazetteer, or none): a statement
restated about one place prints the same figures in every article, as restatements of one fact do
in real reports, so the corpus has no conflicts by chance beyond those between different sentences
that share a metric.
Inside one (place, year) the pool of sentences is drawn without replacement while it lasts.

Conflicts are injected on purpose: a sentence with a figure goes into two articles that share
place and publication date, once as printed and once with the figure changed by 60 % or more; it
is kept only when the tool extracts it as a count, amount or percentage with a metric, so
``factcheck check`` should flag the pair as FC101. ``DIR/injected.json`` lists them (article ids,
sentences, figure texts and their spans in each article) for measuring recall.

The output is a full workspace: ``DIR/seeds/*.txt``, ``DIR/seeds/manifest.yaml`` and
``DIR/claims/*.yaml`` (extracted in-process, in parallel with ``--jobs``), plus ``DIR/new/new.txt``,
an article outside the manifest for timing ``factcheck add``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

DISTRICTS = {  # city → districts (a selection); 东莞 and 中山 have none
    "广州市": "越秀区 海珠区 荔湾区 天河区 白云区 黄埔区 番禺区 花都区 南沙区 从化区 增城区",
    "深圳市": "罗湖区 福田区 南山区 宝安区 龙岗区 盐田区 龙华区 坪山区 光明区",
    "佛山市": "禅城区 南海区 顺德区 三水区 高明区", "珠海市": "香洲区 斗门区 金湾区",
    "汕头市": "金平区 濠江区 潮阳区 澄海区", "江门市": "蓬江区 新会区", "惠州市": "惠城区 惠阳区",
    "肇庆市": "端州区 鼎湖区", "韶关市": "浈江区", "清远市": "清城区", "梅州市": "梅江区", "茂名市": "茂南区 电白区",
    "河源市": "源城区", "潮州市": "湘桥区", "揭阳市": "榕城区", "云浮市": "云城区",
    "东莞市": "", "中山市": "", "湛江市": "", "阳江市": "", "汕尾市": "",
}
CITY_OF = {**{c: c for c in DISTRICTS}, **{d: c for c, ds in DISTRICTS.items() for d in ds.split()}}
PLACES = tuple(CITY_OF)


def desk_place(place: str) -> str:
    """The place a desk gives for an article about ``place``: a district with its city (广州市白云区), as
    several cities of the country have a 白云区."""
    city = CITY_OF.get(place, place)
    return place if city == place else city + place
OUTLETS = ("南方日报", "广州日报", "羊城晚报", "南方都市报", "法治日报", "中国长安网", "平安广东", "信息时报")
YEARS = tuple(range(2012, 2025))
BASE_YEAR = 2023  # the seeds report mostly on 2022-2024: their years are shifted by (year - BASE_YEAR)

# every place of the list, with and without its suffix, longest first (东莞市 before 东莞)
_PLACE_WORDS = sorted({w for p in PLACES for w in (p, p[:-1]) if len(w) >= 2}, key=lambda w: (-len(w), w))
_PLACE_RE = re.compile("|".join(map(re.escape, _PLACE_WORDS)))
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_SPLIT = re.compile(r"(?<=[。！？])|\n")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WIDER = re.compile(r"广东|全省|我省|粤|全国|我国|中国")
_OWN_SCOPE = re.compile(r"全市|全区|全县|全镇|我市|我区|本市|本区|(?<![省国])(?:市|区|县)(?:委|政府|公安|法院|中级|检察|司法|人民)")


@dataclass
class Span:
    start: int
    end: int
    role: str  # year | month | day | num


@dataclass
class Doc:
    id: str
    place: str
    published: str
    outlet: str
    paragraphs: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- sentences

def load_pool(seeds: Path) -> list[str]:
    """Real sentences of the seed articles with at least eight Chinese characters, in file order."""
    out: list[str] = []
    seen: set[str] = set()
    for path in sorted(seeds.glob("*.txt")):
        for raw in _SPLIT.split(path.read_text(encoding="utf-8")):
            sentence = raw.strip()
            if len(_CJK.findall(sentence)) >= 8 and sentence not in seen and len(sentence) <= 300:
                seen.add(sentence)
                out.append(sentence)
    if not out:
        raise SystemExit(f"no sentences in {seeds}/*.txt")
    return out


def _role(text: str, m: re.Match[str]) -> str:
    after = text[m.end():m.end() + 1]
    before = text[max(0, m.start() - 1):m.start()]
    digits = m.group(0)
    if re.fullmatch(r"(19[5-9]\d|20[0-3]\d)", digits) and (after in ("年", "-", "/", ".", "") or before == "-"):
        return "year"
    if after == "月" and 1 <= int(digits.replace(",", "")) <= 12 and "." not in digits:
        return "month"
    if after in ("日", "号") and "." not in digits and 1 <= int(digits.replace(",", "")) <= 31:
        return "day"
    if before == "-" and len(digits) == 2:
        return "day"
    return "num"


def format_like(original: str, value: float) -> str:
    """``value`` printed with the decimals, thousands separators and zero padding of ``original``."""
    plain = original.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    text = f"{value:,.{decimals}f}" if "," in original else f"{value:.{decimals}f}"
    if plain.startswith("0") and "." not in plain and len(plain) > 1:
        text = text.zfill(len(plain))
    return text


def random_like(original: str, rng: random.Random, percent: bool) -> str:
    """A random number of similar magnitude (×0.6 … ×1.6), never 0 where the original was not."""
    plain = original.replace(",", "")
    value = float(plain)
    if value == 0:
        return original
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    new = round(value * rng.uniform(0.6, 1.6), decimals)
    if percent and value <= 100 and new > 100:
        new = round(100 * rng.uniform(0.5, 0.99), decimals)
    step = 10 ** -decimals
    return format_like(original, max(new, step))


def _fold(text: str) -> str:
    """Traditional characters and full-width forms folded to simplified and ASCII, one for one."""
    from factcheck.numbers import fold

    folded = fold(text)
    return folded if len(folded) == len(text) else text


def _replace_places(sentence: str, swap: Callable[[re.Match[str]], str]) -> str:
    """Every place name replaced, found in the folded sentence: 順德 in a traditional-character
    sentence is as much a place as 顺德."""
    out, pos = [], 0
    for m in _PLACE_RE.finditer(_fold(sentence)):
        out.append(sentence[pos:m.start()])
        out.append(swap(m))
        pos = m.end()
    out.append(sentence[pos:])
    return "".join(out)


def rewrite(sentence: str, place: str, year: int, seed: int) -> tuple[str, list[Span]]:
    """The sentence about ``place`` in ``year``: places replaced, every Arabic number randomised.

    The random values depend on (seed, city of the place, sentence) for a sentence about the place, and
    on (seed, sentence) for any other: every article that restates a statement prints the same
    figures, as real reports do.
    """
    short = place[:-1] if len(place) > 2 else place

    def swap(m: re.Match[str]) -> str:
        return place if m.group(0)[-1] in "市区县" else short

    text = _replace_places(sentence, swap)
    alt = f"(?:{re.escape(place)}|{re.escape(short)})"
    text = re.sub(alt + "{2,}", lambda m: place if m.group(0).endswith(place) else short, text)  # 广州市天河区
    # A sentence that names the article's place, or speaks of it (全市, 市公安局), is the place's own: its
    # figures are the city's. Any other sentence (about the province, the country, a place the gazetteer
    # above does not know, or no place at all) prints one value everywhere, as a fact restated would:
    # a sentence about 北京 randomised per article would conflict with itself in every pair of cities.
    folded = _fold(text)
    if short in text or _OWN_SCOPE.search(folded):
        owner = CITY_OF.get(place, place)
    else:
        owner = "广东省" if _WIDER.search(folded) else "*"
    rng = random.Random(f"{seed}|{owner}|{sentence}")
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for m in _NUMBER.finditer(text):
        role = _role(text, m)
        digits = m.group(0)
        if role == "year":
            new = str(min(int(digits) + year - BASE_YEAR, year))
        elif role == "month":
            new = format_like(digits, rng.randint(1, 12))
        elif role == "day":
            new = format_like(digits, rng.randint(1, 28))
        else:
            new = random_like(digits, rng, text[m.end():m.end() + 1] in ("%", "％"))
        out.append(text[pos:m.start()])
        length += m.start() - pos
        spans.append(Span(length, length + len(new), role))
        out.append(new)
        length += len(new)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def conflicting(original: str, rng: random.Random, percent: bool) -> str:
    """A value that cannot be the same figure: ×1.6…2.4 (or ×0.35…0.6 for a rate above 50 %)."""
    plain = original.replace(",", "")
    value = float(plain)
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    step = 10 ** -decimals
    if percent and value > 50:
        new = min(round(value * rng.uniform(0.35, 0.6), decimals), value / 1.6 - 2 * step)
    else:
        new = max(round(value * rng.uniform(1.6, 2.4), decimals), value * 1.6 + 2 * step)
    new = math.floor(new / step + 0.5) * step if new > 0 else step
    return format_like(original, new)


# ---------------------------------------------------------------- corpus

def _article_id(index: int) -> str:
    return f"syn{index:06d}"


def _date(rng: random.Random, year: int) -> str:
    return f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _is_figure(sentence: str, span: Span, place: str, published: str) -> bool:
    """The tool reads the figure at ``span`` as a count, amount or percentage with a metric."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    claims = extract_claims(Article(id="probe", path="probe.txt", text=sentence, published=published, place=place))
    return any(c.start <= span.start < c.end and c.kind in ("count", "money", "percent") and c.metric.strip()
               for c in claims)


def build_corpus(n: int, seed: int, conflicts: int, pool: list[str]) -> tuple[list[Doc], list[dict[str, object]]]:
    """``n`` articles and the conflicts injected into them (deterministic for a given seed and pool)."""
    if 2 * conflicts > n:
        raise SystemExit(f"--conflicts {conflicts}: needs at least {2 * conflicts} articles")
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        year = rng.choice(YEARS)
        docs.append(Doc(id=_article_id(i), place=rng.choice(PLACES), published=_date(rng, year),
                        outlet=rng.choice(OUTLETS)))
    chosen = rng.sample(range(n), 2 * conflicts)
    pairs = [(chosen[2 * k], chosen[2 * k + 1]) for k in range(conflicts)]
    for a, b in pairs:
        docs[b].place, docs[b].published = docs[a].place, docs[a].published
    remaining: dict[tuple[str, str], list[int]] = {}
    for doc in docs:
        year = int(doc.published[:4])
        cell = (doc.place, doc.published[:4])
        sentences = []
        for _ in range(rng.randint(15, 35)):
            left = remaining.get(cell)
            if not left:
                left = list(range(len(pool)))
                rng.shuffle(left)
                remaining[cell] = left
            sentences.append(rewrite(pool[left.pop()], doc.place, year, seed)[0])
        size = 0
        while size < len(sentences):
            step = rng.randint(1, 4)
            doc.paragraphs.append("".join(sentences[size:size + step]))
            size += step
    candidates = [s for s in pool if _NUMBER.search(s)]
    injected: list[dict[str, object]] = []
    for a, b in pairs:
        da, db = docs[a], docs[b]
        year = int(da.published[:4])
        for _attempt in range(200):
            text, spans = rewrite(rng.choice(candidates), da.place, year, seed)
            nums = [s for s in spans if s.role == "num" and float(text[s.start:s.end].replace(",", "")) >= 1]
            if not nums:
                continue
            span = rng.choice(nums)
            fig_a = text[span.start:span.end]
            fig_b = conflicting(fig_a, rng, text[span.end:span.end + 1] in ("%", "％"))
            text_b = text[:span.start] + fig_b + text[span.end:]
            span_b = Span(span.start, span.start + len(fig_b), "num")
            if _is_figure(text, span, da.place, da.published) and _is_figure(text_b, span_b, db.place, db.published):
                break
        else:
            raise SystemExit("no sentence of the seeds can carry an injected conflict")
        spans_out = []
        for doc, sentence, fig in ((da, text, fig_a), (db, text_b, fig_b)):
            where = rng.randint(0, len(doc.paragraphs))  # each article takes part in one pair at most
            doc.paragraphs.insert(where, sentence)
            start = sum(len(p) + 2 for p in doc.paragraphs[:where]) + span.start
            spans_out.append([start, start + len(fig)])
        injected.append({"articles": [da.id, db.id], "place": da.place, "published": da.published,
                         "sentences": [text, text_b], "figures": [fig_a, fig_b], "spans": spans_out})
    return docs, injected


def article_text(doc: Doc) -> str:
    return "\n\n".join(doc.paragraphs) + "\n"


def new_article(seed: int, pool: list[str], place: str = "广州市", year: int = 2024) -> str:
    """One more article (for timing ``factcheck add``) from the corpus's pool, not part of the corpus."""
    rng = random.Random(seed)
    sentences = [rewrite(s, place, year, seed)[0] for s in rng.sample(pool, min(25, len(pool)))]
    return "\n\n".join("".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)) + "\n"


# ---------------------------------------------------------------- workspace

def _extract_chunk(items: list[tuple[str, str, str, str, str, str]]) -> list[str]:
    from factcheck.extract import extract_claims
    from factcheck.models import Article
    from factcheck.registry import ClaimsFile, render_file

    out = []
    for article_id, file, text, published, place, outlet in items:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        article = Article(id=article_id, path=file, text=text, published=published, place=place, outlet=outlet,
                          sha256=digest)
        claims = extract_claims(article)
        out.append(render_file(ClaimsFile(article=article_id, file=file, sha256=digest, published=published,
                                          claims=tuple(claims))))
    return out


def write_workspace(out: Path, docs: list[Doc], injected: list[dict[str, object]], jobs: int,
                    new_seed: int, pool: list[str]) -> int:
    """Write seeds, manifest and claims; returns the number of claims."""
    from factcheck.places import normalize_place
    from factcheck.workspace import Entry, Workspace, write_manifest

    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "claims").mkdir(parents=True, exist_ok=True)
    (out / "new").mkdir(parents=True, exist_ok=True)
    entries = []
    items = []
    for doc in docs:
        text = article_text(doc)
        data = text.encode("utf-8")
        file = f"seeds/{doc.id}.txt"
        (out / file).write_bytes(data)
        place = normalize_place(desk_place(doc.place))
        entries.append(Entry(id=doc.id, file=file, published=doc.published, title=None, outlet=doc.outlet,
                             place=place, reports_on=None, sha256=hashlib.sha256(data).hexdigest()))
        items.append((doc.id, file, text, doc.published, place, doc.outlet))  # what `factcheck extract` reads
    chunks = [items[i:i + 200] for i in range(0, len(items), 200)]
    claims = 0
    if jobs > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as executor:
            results = executor.map(_extract_chunk, chunks)
            rendered = [text for part in results for text in part]
    else:
        rendered = [text for chunk in chunks for text in _extract_chunk(chunk)]
    for doc, text in zip(docs, rendered, strict=True):
        (out / "claims" / f"{doc.id}.yaml").write_text(text, encoding="utf-8")
        claims += text.count("\n- {")
    write_manifest(Workspace(out), entries)
    (out / "injected.json").write_text(json.dumps(injected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "new" / "new.txt").write_text(new_article(new_seed, pool), encoding="utf-8")
    return claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--conflicts", type=int, default=20)
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", help="directory of seed articles (*.txt)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for extraction")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"--out {args.out}: directory exists and is not empty")
    started = time.perf_counter()
    pool = load_pool(args.seeds)
    docs, injected = build_corpus(args.articles, args.seed, args.conflicts, pool)
    claims = write_workspace(args.out, docs, injected, args.jobs, args.seed + 1_000_003, pool)
    chars = sum(len(article_text(d)) for d in docs)
    sys.stderr.write(f"{args.out}: {len(docs)} articles ({chars} characters), {claims} claims, "
                     f"{len(injected)} injected conflicts, {time.perf_counter() - started:.1f}s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
