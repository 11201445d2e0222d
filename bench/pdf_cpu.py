"""CPU per PDF document per department, in one process (no build around it).

    .venv/bin/python bench/pdf_cpu.py [N]        # N synthetic departments (default 20)

Makes every department's PDFs with one PdfMaker, the way a build worker does
(the forms laid out first, garbage collected less often), and prints the
median and total CPU seconds of each document.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synthetic import make_project


def main() -> None:
    from generator.commands.workers import collecting_less
    from generator.engine import engine_for
    from generator.inputs.project import load_project
    from generator.pdf.maker import PdfMaker
    from generator.render.handbook import Renderer

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory(prefix="handbook-pdfcpu-") as temp:
        project = load_project(make_project(Path(temp) / "project", count))
        engine = engine_for(project, work_dir=Path(temp) / "work")
        renderer = Renderer(project, project.main, engine.style)
        maker = PdfMaker(project, project.main, font_cache=Path(temp) / "fonts")
        maker.lay_out_forms(project.departments)
        times: dict[str, list[float]] = {}
        started = time.process_time()
        with collecting_less():
            make_all(project, renderer, maker, Path(temp) / "out", times)
        total = time.process_time() - started
    for name, values in times.items():
        print(f"{name:18} median {statistics.median(values):.3f} s  first {values[0]:.3f} s  "
              f"total {sum(values):.2f} s")
    print(f"{'all':18} {total:.2f} s for {count} departments, {total / count:.3f} s a department")


def make_all(project: Any, renderer: Any, maker: Any, out_root: Path, times: dict[str, list[float]]) -> None:
    for department in project.departments:
        documents = renderer.print_documents(department)
        out = out_root / department.slug
        out.mkdir(parents=True)
        for name in maker.forms.forms:
            before = time.process_time()
            maker.form_pdf(name, department, out / f"{name}.pdf")
            times.setdefault(name, []).append(time.process_time() - before)
        for name, document in documents.items():
            before = time.process_time()
            maker.make_document(document, department, out)
            times.setdefault(name, []).append(time.process_time() - before)


if __name__ == "__main__":
    main()
