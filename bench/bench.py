"""Build speed, measured side by side: our build against `mkdocs build` once per ejected department.

    make bench                       # N = 20, 60, 200
    .venv/bin/python bench/bench.py --sizes 20 --pdf-sizes 20

For each N it generates N synthetic departments in a temp folder, ejects
each (`handbook eject`) and times plain `mkdocs build` in each ejected
project one after another (the baseline a user would otherwise run), then
times our build: cold, no-op, one department changed, and with PDFs (the
cold build with PDFs against the same cold build without, three of each in
turn, the ratio taken pair by pair; and the bytes of each PDF by document).
Then, for the editions, the same N departments built with the site's editions
(Danish and English) against a copy built with `editions: [da]` alone: cold
without and with PDFs, and the no-op, pair by pair. It prints Markdown tables
(also written to bench/results.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import danish_only, make_project

VENV_BIN = Path(sys.executable).parent
HANDBOOK = [sys.executable, "-m", "generator"]
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# Cold builds with and without PDFs, run in turn: the ratio is taken pair by pair, so that a drift in
# the shared machine's speed touches both sides of a pair alike.
PDF_PAIRS = 3


@dataclass
class Row:
    n: int
    plain_one: float = 0.0
    plain_loop: float = 0.0
    cold: float = 0.0
    noop: float = 0.0
    one_changed: float = 0.0
    rebuilt_after_change: int = 0
    pdf_cold: float | None = None         # medians of PDF_PAIRS runs each
    pdf_nopdf_cold: float | None = None
    pdf_ratios: list[float] = field(default_factory=list)   # with PDFs / without, pair by pair
    pdf_bytes: dict[str, list[int]] = field(default_factory=dict)   # document -> bytes, one per department
    memory_mb: float = 0.0
    publish_mb: float = 0.0
    ejected_mb: float = 0.0
    notes: list[str] = field(default_factory=list)


def run(command: list[str], cwd: Path, sample_memory: bool = False) -> tuple[float, float, str]:
    """Seconds taken, peak memory (MB, the whole process tree) and stderr of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=QUIET, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    if sample_memory:
        threading.Thread(target=_sample, args=(process, peak), daemon=True).start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{out}\n{err}")
    return seconds, peak[0] / 1024, err


def _sample(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], _tree_rss_kb(process.pid))
        time.sleep(0.02)


def _tree_rss_kb(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def tree_mb(folder: Path) -> float:
    """Bytes of the files in a folder, each file once (hard links inside the folder counted once)."""
    seen, total = set(), 0
    for path in folder.rglob("*"):
        if path.is_file():
            status = path.stat()
            if (status.st_dev, status.st_ino) not in seen:
                seen.add((status.st_dev, status.st_ino))
                total += status.st_size
    return total / 1e6


def baseline(project: Path, slugs: list[str], row: Row) -> None:
    """Plain `mkdocs build` in each department's ejected project, one after another."""
    times = []
    for slug in slugs:
        folder = project.parent / "ejected" / slug
        run([*HANDBOOK, "eject", slug, str(folder)], cwd=project)
        seconds, _, _ = run([str(VENV_BIN / "mkdocs"), "build", "--quiet"], cwd=folder)
        times.append(seconds)
    row.plain_loop = sum(times)
    row.plain_one = statistics.median(times)
    row.ejected_mb = tree_mb(project.parent / "ejected" / slugs[0] / "site")


def ours(project: Path, slugs: list[str], row: Row, with_pdf: bool) -> None:
    row.cold, row.memory_mb, _ = run([*HANDBOOK, "build", "--no-pdf", "--clean"], cwd=project, sample_memory=True)
    row.publish_mb = tree_mb(project / "site")
    row.noop, _, err = run([*HANDBOOK, "build", "--no-pdf"], cwd=project)
    if "Intet er ændret" not in err:
        row.notes.append("no-op build rebuilt something")
    changed = project / "content" / "departments" / f"{slugs[len(slugs) // 2]}.yml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("name: ", "name: Ændret ", 1), encoding="utf-8")
    row.one_changed, _, err = run([*HANDBOOK, "build", "--no-pdf"], cwd=project)
    row.rebuilt_after_change = int(err.split(" håndbog")[0].split()[-1]) if " håndbog" in err else -1
    if with_pdf:
        with_pdfs, without = [], []
        for _ in range(PDF_PAIRS):
            with_pdfs.append(run([*HANDBOOK, "build", "--clean"], cwd=project)[0])
            if not row.pdf_bytes:
                for pdf in sorted((project / "site").glob("*/pdf/*.pdf")):
                    row.pdf_bytes.setdefault(pdf.stem, []).append(pdf.stat().st_size)
            without.append(run([*HANDBOOK, "build", "--no-pdf", "--clean"], cwd=project)[0])
        row.pdf_cold, row.pdf_nopdf_cold = statistics.median(with_pdfs), statistics.median(without)
        row.pdf_ratios = [a / b for a, b in zip(with_pdfs, without, strict=True)]


@dataclass
class EditionsRow:
    """Every edition of the site against Danish alone, the same departments: seconds pair by pair."""
    n: int
    pairs: dict[str, list[tuple[float, float]]] = field(default_factory=dict)   # kind -> (every, Danish alone)


EDITION_RUNS = {"cold": ["build", "--no-pdf", "--clean"], "cold with PDFs": ["build", "--clean"],
                "no-op": ["build", "--no-pdf"]}


def editions(every: Path, danish: Path, n: int) -> EditionsRow:
    row = EditionsRow(n)
    for kind, arguments in EDITION_RUNS.items():
        row.pairs[kind] = [(run([*HANDBOOK, *arguments], cwd=every)[0], run([*HANDBOOK, *arguments], cwd=danish)[0])
                           for _ in range(PDF_PAIRS)]
    return row


def editions_table(rows: list[EditionsRow]) -> str:
    lines = ["| N | build | every edition | Danish alone | ratio, pair by pair (goal <= 2.1; no-op: no slower) |",
             "|---|---|---|---|---|"]
    for r in rows:
        for kind, pairs in r.pairs.items():
            every, danish = statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)
            ratios = ", ".join(f"{a / b:.2f}" for a, b in pairs)
            lines.append(f"| {r.n} | {kind} | {every:.2f} s | {danish:.2f} s | {ratios} "
                         f"(median {statistics.median(a / b for a, b in pairs):.2f}) |")
    return "\n".join(lines)


def table(rows: list[Row]) -> str:
    lines = [
        "| N | plain `mkdocs build` x N | ours, cold | ratio (goal <= 0.10) | no-op | no-op / one plain (goal <= 1) "
        "| one changed | / one plain (goal <= 1.5) | rebuilt | cold with PDFs / without (goal <= 5) "
        "| peak memory | published MB | / N ejected sites (goal <= 0.15) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        pdf = (f"{r.pdf_cold:.1f} s / {r.pdf_nopdf_cold:.1f} s = {statistics.median(r.pdf_ratios):.2f}"
               if r.pdf_cold else "-")
        lines.append(
            f"| {r.n} | {r.plain_loop:.1f} s ({r.plain_one:.2f} s each) | {r.cold:.2f} s | {r.cold / r.plain_loop:.3f} "
            f"| {r.noop:.2f} s | {r.noop / r.plain_one:.2f} | {r.one_changed:.2f} s | {r.one_changed / r.plain_one:.2f} "
            f"| {r.rebuilt_after_change} | {pdf} | {r.memory_mb:.0f} MB | {r.publish_mb:.1f} "
            f"| {r.publish_mb / (r.n * r.ejected_mb):.3f} |")
    first, last = rows[0], rows[-1]
    lines.append("")
    lines.append(f"Peak memory, N={last.n} / N={first.n}: {last.memory_mb / first.memory_mb:.2f} (goal <= 1.5). "
                 f"One ejected site: {first.ejected_mb:.2f} MB. Machine: {os.cpu_count()} cores.")
    for r in rows:
        if r.pdf_ratios:
            lines.append(f"Cold with PDFs / without, N={r.n}, pair by pair ({PDF_PAIRS} pairs, the median in the "
                         f"table): {', '.join(f'{ratio:.2f}' for ratio in r.pdf_ratios)}.")
        if r.pdf_bytes:
            sizes = ", ".join(f"{name} {statistics.median(b) / 1000:.0f} KB (max {max(b) / 1000:.0f})"
                              for name, b in sorted(r.pdf_bytes.items()))
            lines.append(f"PDF bytes a department (N={r.n}, median and largest; KB = 1000 bytes): {sizes}.")
    lines += [f"Note (N={r.n}): {note}" for r in rows for note in r.notes]
    return "\n".join(lines)


def measure_editions(folder: Path, n: int) -> EditionsRow:
    every = make_project(folder / "every" / "project", n).parent
    danish = make_project(folder / "danish" / "project", n)
    danish_only(danish)
    print(f"N={n}: editions ...", file=sys.stderr, flush=True)
    return editions(every, danish.parent, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[20, 60, 200],
                        help="sizes of the main table; none (`--sizes` alone) measures the editions alone")
    parser.add_argument("--pdf-sizes", type=int, nargs="*", default=[20, 60],
                        help="sizes at which the cold build with PDFs is also measured")
    parser.add_argument("--edition-sizes", type=int, nargs="*", default=[20],
                        help="sizes at which every edition is measured against Danish alone")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as temp:
        for n in args.sizes:
            project = make_project(Path(temp) / f"n{n}" / "project", n).parent
            slugs = sorted(p.stem for p in (project / "content" / "departments").glob("*.yml"))
            row = Row(n)
            print(f"N={n}: baseline ...", file=sys.stderr, flush=True)
            baseline(project, slugs, row)
            print(f"N={n}: ours ...", file=sys.stderr, flush=True)
            ours(project, slugs, row, with_pdf=n in args.pdf_sizes)
            rows.append(row)
        edition_rows = [measure_editions(Path(temp) / f"editions-{n}", n) for n in args.edition_sizes]
    result = "\n\n".join(([table(rows)] if rows else []) + ([editions_table(edition_rows)] if edition_rows else []))
    print(result)
    args.out.write_text(result + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
