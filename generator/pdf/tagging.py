"""Post-processing of WeasyPrint's PDFs with pikepdf: what WeasyPrint cannot be steered to do.

- Page margin boxes (the forms' footer: department and "Side N af M") become
  pagination artifacts. WeasyPrint makes structure elements for them whose
  parent does not list them, so they were unreachable from the structure tree
  root; running footers are artifacts in PDF/UA, not content.
- A field's default goes into its AcroForm field only. WeasyPrint would take
  it from the input's value or the textarea's text, which it also lays out (a
  hidden ::before, or off the page) and tags as page text; pdf-form.html leaves
  every field empty and the values are set here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

_MARKED = re.compile(rb"/(\w+)\s*<</MCID (\d+)>>\s*BDC")
_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


def finish(data: bytes, field_values: Mapping[str, str] | None = None) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        changed = _set_values(pdf, field_values) if field_values else False
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is not None:
            changed = _artifact_orphans(pdf, tree) or changed
        if not changed:
            return data   # as WeasyPrint wrote it (a new save would not be smaller)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _set_values(pdf: Any, values: Mapping[str, str]) -> bool:
    import pikepdf

    form = pdf.Root.get("/AcroForm")
    names = set()
    for field in form.Fields if form is not None else ():
        name = str(field.get("/T", ""))
        if name in values:
            field.V = pikepdf.String(values[name])
            names.add(name)
    return bool(names)


def _reachable(tree: Any) -> set[tuple[int, int]]:
    """objgen of every structure element reachable from the root by /K."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") in (None, "/StructElem") and "/S" in kid:
                if kid.objgen != (0, 0) and kid.objgen in seen:
                    continue
                seen.add(kid.objgen)
                todo.append(kid)
    return seen


def _artifact_orphans(pdf: Any, tree: Any) -> bool:
    import pikepdf

    linked = _reachable(tree)
    nums = tree.ParentTree.Nums
    orphans: dict[int, set[int]] = {}
    for index in range(0, len(nums), 2):
        key, value = int(nums[index]), nums[index + 1]
        if not isinstance(value, pikepdf.Array):
            continue   # an annotation's parent
        for mcid, parent in enumerate(value):
            if isinstance(parent, pikepdf.Dictionary) and parent.objgen not in linked:
                orphans.setdefault(key, set()).add(mcid)
                value[mcid] = pikepdf.Object.parse(b"null")   # no parent: an artifact
    pages = {int(page.obj.get("/StructParents", -1)): page for page in pdf.pages}
    for key, mcids in orphans.items():
        page = pages[key]
        content = page.Contents.read_bytes()

        def replace(match: re.Match[bytes], mcids: set[int] = mcids) -> bytes:
            return _ARTIFACT if int(match.group(2)) in mcids else match.group(0)

        page.Contents = pdf.make_stream(_MARKED.sub(replace, content))
    return bool(orphans)
