"""Build-time benchmark: ``make bench`` (``python -m tests.bench``).

Generates synthetic sites in the project's own format, builds each with our hooks and with the hooks
disabled (plain Material, references left as text), several runs each, and prints median build time,
the ratio, time per page, peak memory, the time of each hook phase, and a serve-style rebuild after
editing glossary.yml. Each build runs in a fresh Python process so peak memory is its own. The sizes are
100 and 1,000 content pages (about 330 and 3,100 pages with the generated record pages), two runs at the
large size; the sites' nav lists the index pages only, as the real site's does.

The two builds of a run go at the same time, one on each core, and trade cores every second. The
speed of this kind of machine drifts by several percent from minute to minute, and not always on both
cores alike: builds that run side by side and share each core equally meet the same drift, so their
ratio is steady even when their times are not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hooks" / "mkdocs_hooks.py"
WORK = ROOT / ".bench"

KANJI = "日本語学習資料技術市場企業投資規制政府研究開発計算能力競争価格戦略公開方針影響課題成長需要供給国際経済"
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
KATA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
FILLER = ["である", "とされる", "が示された", "について", "による", "として", "という", "の中で", "を受けて", "に対して"]


@dataclass(frozen=True)
class Size:
    """The size of one synthetic site."""

    name: str
    pages: int
    terms: int
    events: int
    companies: int
    runs: int
    people: int = 10


# An even number of runs, so that each kind of build runs as often on one core as on the other; fewer at the
# large size (3,100 pages with the record pages), so that `make bench` ends within 10 minutes on 2 cores.
SIZES = {
    "small": Size("small", 100, 200, 100, 20, 6, people=10),
    "large": Size("large", 1000, 2000, 500, 100, 2, people=50),
}


def _word(rng: random.Random, alphabet: str, low: int, high: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def generate(size: Size, folder: Path, seed: int = 7) -> None:
    """Write a synthetic project (pages, glossary, timeline, companies, people, two mkdocs.yml files)."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "docs" / "data").mkdir(parents=True)
    (folder / "docs" / "pages").mkdir()
    names: set[str] = set()

    def unique(make) -> str:
        while True:
            name = make()
            if name not in names and not any(name in other or other in name for other in list(names)[-50:]):
                names.add(name)
                return name

    terms = [unique(lambda: _word(rng, KATA, 3, 6) + _word(rng, KANJI, 1, 2)) for _ in range(size.terms)]
    companies = [unique(lambda: "Co" + _word(rng, "ABCDEFGHJKLMNPQRSTUVWXYZ", 3, 6)) for _ in range(size.companies)]
    people = [unique(lambda: _word(rng, KATA, 2, 3) + "・" + _word(rng, KATA, 3, 5)) for _ in range(size.people)]
    source = "    sources:\n      - publisher: Example\n        title: Example source\n        url: https://example.org/source\n"
    lines = ["terms:"]
    for i, name in enumerate(terms):
        lines.append(
            f"  - id: t{i}\n    ja: {name}\n    en: term {i}\n    reading: {_word(rng, KANA, 3, 6)}\n"
            f"    short: {name}の短い説明である。\n    definition: |\n      {name}の定義である。\n{source}"
        )
    (folder / "glossary.yml").write_text("\n".join(lines), encoding="utf-8")
    lines = ["companies:"]
    for i, name in enumerate(companies):
        lines.append(
            f"  - id: c{i}\n    name: {name}\n    name_en: {name} Inc.\n    kind: 企業\n    summary: {name}は架空の企業である。\n"
            f'    founded: "2020"\n    headquarters: 東京\n    leaders: [代表者]\n    role: |\n      {name}の役割である。\n{source}'
        )
    (folder / "docs" / "data" / "companies.yml").write_text("\n".join(lines), encoding="utf-8")
    lines = ["events:"]
    for i in range(size.events):
        day = 1 + i * 3
        date = f"{2020 + day // 336}-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"
        lines.append(
            f'  - id: e{i}\n    date: "{date}"\n    title: 出来事{i}\n    summary: |\n      出来事{i}の要約である。\n'
            f"    companies: [c{i % size.companies}]\n    terms: [t{i % size.terms}]\n{source}"
        )
    (folder / "docs" / "data" / "timeline.yml").write_text("\n".join(lines), encoding="utf-8")
    lines = ["people:"]
    for i, name in enumerate(people):
        lines.append(
            f"  - id: h{i}\n    name: {name}\n    name_en: Person {i}\n    reading: {_word(rng, KANA, 3, 6)}\n"
            f"    aliases: [{name.split('・')[1]}]\n    position: 代表者\n    companies: [c{i % size.companies}]\n"
            f"    summary: {name}は架空の人物である。\n    story: |\n      {name}は[[event:e{i % size.events}]]に関わった。\n"
            f"    events: [e{i % size.events}]\n{source}"
        )
    (folder / "docs" / "data" / "people.yml").write_text("\n".join(lines), encoding="utf-8")
    for p in range(size.pages):
        body = [f"---\ndescription: 合成ページ{p}の説明である。\n---\n\n# 合成ページ{p}\n"]
        for section in range(5):
            body.append(f"\n## {_word(rng, KANJI, 2, 4)}の{_word(rng, KATA, 2, 4)} {{#s{section}}}\n")
            for _ in range(3):
                sentence = []
                while sum(map(len, sentence)) < 150:
                    roll = rng.random()
                    if roll < 0.12:
                        sentence.append(rng.choice(terms))
                    elif roll < 0.14:
                        sentence.append(rng.choice(companies))
                    elif roll < 0.15:
                        sentence.append(rng.choice(people).split("・")[1])
                    else:
                        sentence.append(_word(rng, KANJI + KANA, 3, 8) + rng.choice(FILLER))
                body.append("、".join(sentence) + "。\n")
        # References of every kind, spread so that every term, company and event is referenced.
        refs = [f"[[term:t{(p * 3 + k) % size.terms}]]" for k in range(3)]
        refs += [f"[[company:c{(p + k) % size.companies}]]" for k in range(2)]
        refs += [f"[[event:e{(p * 2 + k) % size.events}|出来事]]" for k in range(2)]
        refs += [f"[[person:h{p % size.people}]]"]
        body.append("\n関連：" + "、".join(refs) + "\n")
        (folder / "docs" / "pages" / f"p{p:04d}.md").write_text("\n".join(body), encoding="utf-8")
    (folder / "docs" / "index.md").write_text("---\ndescription: 合成サイト。\n---\n\n# 合成サイト\n", encoding="utf-8")
    base = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = _bench_config(base, folder)
    (folder / "mkdocs.yml").write_text(config.replace("HOOKS_LINE", f"hooks:\n  - {HOOK.as_posix()}\n"), encoding="utf-8")
    # The plain build gets the same pages: the generated glossary, timeline and profiles are written
    # as ordinary Markdown (references left as text) into a copy of docs/, so both builds render the
    # same number of pages and the difference is the hooks' own work.
    plain_docs = folder / "docs-plain"
    shutil.copytree(folder / "docs", plain_docs)
    sys.path.insert(0, str(ROOT))
    from hooks.kinds import generated_pages
    from hooks.kinds import load as load_data

    data, problems = load_data(folder)
    assert not problems, problems[:5]
    for src, (_, markdown) in generated_pages(data).items():
        (plain_docs / src).parent.mkdir(parents=True, exist_ok=True)
        (plain_docs / src).write_text(markdown, encoding="utf-8")
    plain = config.replace("HOOKS_LINE", "docs_dir: docs-plain\n").replace("  - hooks.extension\n", "")  # nothing of ours
    (folder / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")


BENCH_NAV = """\
nav:
  - ホーム: index.md
  - 用語集: glossary.md
  - 年表: timeline.md
  - 企業・組織: companies/index.md
  - 人物: people/index.md"""


def _bench_config(base: str, folder: Path) -> str:
    """The real site's theme and Markdown settings, without nav, custom files or the real hooks."""
    keep = []
    skipping = False
    for line in base.splitlines():
        top = line[:1] not in (" ", "-", "") and ":" in line
        if top:
            key = line.split(":")[0]
            skipping = key in ("nav", "hooks", "extra_css", "extra_javascript", "watch", "site_url", "repo_url", "edit_uri")
            if key == "site_url":  # a fixed address, as a published site has: every page gets its share card
                keep.append("site_url: https://example.org/bench/")
            if key == "theme":
                keep.append(
                    "theme:\n  name: material\n  language: ja\n  font: false\n  custom_dir: "
                    + (ROOT / "hooks" / "theme").as_posix()
                )
                skipping = True
                continue
        if not skipping:
            keep.append(line)
    # The real site's nav lists its few index pages, not the record pages: with MkDocs' automatic nav of all
    # 3,100 pages, Material writes that whole nav into each page and the large build grows with the square of
    # its pages (more than 45 minutes), which measures the theme, not the hooks.
    keep.append(BENCH_NAV)
    keep.append("HOOKS_LINE")
    return "\n".join(keep) + "\n"


def _start(config: Path, edit_glossary: bool = False) -> tuple[subprocess.Popen, Path]:
    """Start one build in a fresh process; return it and its timings file."""
    WORK.mkdir(exist_ok=True)
    timings = WORK / f"timings-{config.parent.name}-{config.stem}.json"
    timings.unlink(missing_ok=True)
    # The share cards are kept between runs of the benchmark (its sites are the same every time): a build that
    # draws them all measures Pillow (about 70 s at the large size), and a site's own builds keep them too.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_HOOK_TIMINGS=str(timings), SITE_CARDS_CACHE=str(WORK / "cards"))
    args = [sys.executable, "-m", "tests.bench", "--child", str(config)] + (["--rebuild"] if edit_glossary else [])
    # Output goes to files, not pipes: a build that logged more than a pipe holds would wait forever.
    with open(timings.with_suffix(".out"), "w") as out, open(timings.with_suffix(".err"), "w") as err:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
    return process, timings


def _finish(config: Path, process: subprocess.Popen, timings: Path) -> dict:
    """Wait for a build started by _start; return wall time, peak memory and hook phase times."""
    process.wait()
    stdout = timings.with_suffix(".out").read_text(encoding="utf-8")
    stderr = timings.with_suffix(".err").read_text(encoding="utf-8")
    if process.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    report = json.loads(stdout.strip().splitlines()[-1])
    report["phases"] = json.loads(timings.read_text()) if timings.exists() else {}
    return report


def run_once(config: Path, edit_glossary: bool = False) -> dict:
    """Build one site in a fresh process; return wall time, peak memory and hook phase times."""
    return _finish(config, *_start(config, edit_glossary))


def run_pair(first: Path, second: Path, swap: bool) -> tuple[dict, dict]:
    """Build two sites at the same time, one per core, trading cores every second; return both reports."""
    if not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2:
        return run_once(first), run_once(second)  # one core: one after the other
    cores = sorted(os.sched_getaffinity(0))[:2]
    cores = cores[::-1] if swap else cores
    started = [(config, *_start(config)) for config in (first, second)]
    processes = [process for _, process, _ in started]
    while any(process.poll() is None for process in processes):
        for process, core in zip(processes, cores):
            try:
                os.sched_setaffinity(process.pid, {core})
            except ProcessLookupError:
                pass  # this build has just ended
        cores = cores[::-1]
        time.sleep(1.0)
    return _finish(*started[0]), _finish(*started[1])


def _site_dir(config: Path) -> Path:
    """Where a build writes its site: a folder of its own, since the two builds of a pair run at the same time."""
    return WORK / "sites" / f"{config.parent.name}-{config.stem}"


def child(config: Path, rebuild: bool) -> None:
    """Inside the fresh process: build (and, with --rebuild, edit glossary.yml and build again)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def once() -> float:
        start = time.perf_counter()
        cfg = load_config(str(config), site_dir=str(_site_dir(config)))
        build(cfg)
        return time.perf_counter() - start

    seconds = once()
    if rebuild:
        # What `mkdocs serve` does after a save: same process, hook module kept, config reloaded.
        glossary = config.parent / "glossary.yml"
        text = glossary.read_text(encoding="utf-8")
        glossary.write_text(text.replace("の定義である。", "の定義である（改訂）。", 1), encoding="utf-8")
        try:
            seconds = once()
        finally:
            glossary.write_text(text, encoding="utf-8")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024}))


def measure(size: Size) -> dict:
    """Build one size with and without hooks; return the figures."""
    folder = WORK / size.name
    generate(size, folder)
    # First, so that it also draws the share cards missing from the cache and the paired builds find them all.
    rebuild = run_once(folder / "mkdocs.yml", edit_glossary=True)
    # Side by side, so that a drift in the machine's speed affects both kinds of build alike.
    hooked, plain = [], []
    for run in range(size.runs):
        with_hooks, without = run_pair(folder / "mkdocs.yml", folder / "mkdocs-plain.yml", swap=run % 2 == 1)
        hooked.append(with_hooks)
        plain.append(without)
    phases = {k: statistics.median(r["phases"].get(k, 0.0) for r in hooked) for k in hooked[0]["phases"]}
    # The ratio of each pair, then their median: a pair shares the machine's speed of that moment.
    ratios = [h["seconds"] / p["seconds"] for h, p in zip(hooked, plain)]
    return {
        "size": size,
        "with": statistics.median(r["seconds"] for r in hooked),
        "without": statistics.median(r["seconds"] for r in plain),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
        "mem_with": max(r["peak_mib"] for r in hooked),
        "mem_without": max(r["peak_mib"] for r in plain),
        "phases": phases,
        "hooks_per_page_ms": 1000 * sum(phases.values()) / size.pages,
        "rebuild": rebuild["seconds"],
        # The link check reads every written page; Material repeats the whole navigation on each one.
        "html_kb_per_page": _html_kb_per_page(_site_dir(folder / "mkdocs.yml")),
    }


def _html_kb_per_page(site: Path) -> float:
    """The mean size of the written HTML pages of a site, in KB."""
    sizes = [path.stat().st_size for path in site.rglob("*.html")]
    return sum(sizes) / len(sizes) / 1000 if sizes else 0.0


def phase_growth(small: dict, large: dict) -> list[str]:
    """One line per hook phase: its time per page at both sizes and how much that grows."""
    lines = []
    for phase in large["phases"]:
        before = 1000 * small["phases"].get(phase, 0.0) / small["size"].pages
        after = 1000 * large["phases"][phase] / large["size"].pages
        growth = f"{after / before:.2f}x" if before else "-"
        lines.append(f"  {phase:<28} {before:6.3f} -> {after:6.3f} ms/page  ({growth})")
    return lines


def real_site() -> float:
    """Median wall time of three builds of the real site."""
    return statistics.median(run_once(ROOT / "mkdocs.yml")["seconds"] for _ in range(3))


def main() -> int:
    """Run the benchmark and print the figures; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="small,large", help="comma-separated: small, large")
    args = parser.parse_args()
    if args.child:
        child(args.child.resolve(), args.rebuild)
        return 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    started = time.perf_counter()
    print("load average at the start: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()) + " (1, 5, 15 min)")
    results = [measure(SIZES[name]) for name in args.sizes.split(",")]
    for r in results:
        s = r["size"]
        print(
            f"\n{s.name}: {s.pages} pages, {s.terms} terms, {s.events} events, {s.companies} companies ({s.runs} runs each, side by side)"
        )
        print(f"  build with hooks    {r['with']:7.2f} s   ({1000 * r['with'] / s.pages:.1f} ms/page)")
        print(f"  build without hooks {r['without']:7.2f} s   ({1000 * r['without'] / s.pages:.1f} ms/page)")
        print(f"  ratio               {r['ratio']:7.3f}     (target <= 1.10 on the large site; median of the pairs' ratios)")
        print("  ratio of each pair  " + ", ".join(f"{x:.3f}" for x in r["ratios"]))
        print(
            f"  peak memory         {r['mem_with']:7.1f} MiB with, {r['mem_without']:.1f} MiB without (+{100 * (r['mem_with'] / r['mem_without'] - 1):.1f}%)"
        )
        print("  hook phases (median CPU s): " + ", ".join(f"{k} {v:.3f}" for k, v in r["phases"].items()))
        print(f"  hooks' own time     {r['hooks_per_page_ms']:7.3f} ms/page (CPU time)")
        print(f"  written HTML        {r['html_kb_per_page']:7.1f} KB a page")
        print(f"  rebuild after editing glossary.yml (serve-style) {r['rebuild']:.2f} s")
    failures = []
    by_name = {r["size"].name: r for r in results}
    if "large" in by_name:
        large = by_name["large"]
        if large["ratio"] > 1.10:
            failures.append(f"large ratio {large['ratio']:.3f} > 1.10")
        if large["mem_with"] > 1.25 * large["mem_without"]:
            failures.append("large peak memory more than 25% above plain Material")
        if "small" in by_name:
            sizes = f"{by_name['small']['size'].pages:,} -> {large['size'].pages:,} pages"
            print(f"\nhook phases per page, {sizes}:")
            print("\n".join(phase_growth(by_name["small"], large)))
            growth = large["hooks_per_page_ms"] / by_name["small"]["hooks_per_page_ms"]
            print(f"hooks' time per page, {sizes}: {growth:.2f}x (target <= 1.3x)")
            if growth > 1.3:
                failures.append(f"per-page hook time grows {growth:.2f}x")
    real = real_site()
    print(f"real site build: {real:.2f} s (target < 3 s)")
    if real >= 3:
        failures.append(f"real site builds in {real:.2f} s")
    took = time.perf_counter() - started
    print(f"benchmark took {took / 60:.1f} min; load average at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("\nall targets met" if not failures else "\nMISSED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
