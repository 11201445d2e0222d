"""Post-processing of WeasyPrint's PDFs with pikepdf: what WeasyPrint cannot be steered to do.

- Page margin boxes (the forms' footer: department and "Side N af M") become
  pagination artifacts. WeasyPrint makes structure elements for them whose
  parent does not list them, so they were unreachable from the structure tree
  root; running footers are artifacts in PDF/UA, not content.
- A field's default goes into its AcroForm field only. WeasyPrint would take
  it from the input's value or the textarea's text, which it also lays out (a
  hidden ::before, or off the page) and tags as page text; pdf-form.html leaves
  every field empty and the values are set afterwards (appearance.fill).
- Text WeasyPrint does not draw (visibility: hidden, such as the kicker line a
  form's blank keeps room for; stamp.py draws it as an artifact) still gets a
  marked-content sequence, empty, and a structure element: both go, and so
  does every structure element left without content.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import pikepdf

from . import appearance

_MARKED = re.compile(rb"/(\w+)\s*<</MCID (\d+)>>\s*BDC")
_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"
_EMPTY = re.compile(rb"/\w+\s*<</MCID (\d+)>>\s*BDC\s*EMC\s*")


def finish(data: bytes, field_values: Mapping[str, str] | None = None,
           glyphs: dict[str, appearance.Glyphs] | None = None) -> bytes:
    """`glyphs`: the field fonts' glyphs met before (appearance.py), kept by the caller."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        changed = appearance.fill(pdf, field_values, {} if glyphs is None else glyphs) if field_values else False
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is not None:
            changed = _artifact_orphans(pdf, tree) or changed
            changed = _drop_empty_marks(pdf, tree) or changed
            changed = _prune_empty(tree) or changed
        if not changed:
            return data   # as WeasyPrint wrote it (a new save would not be smaller)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _drop_empty_marks(pdf: Any, tree: Any) -> bool:
    """Take every empty marked-content sequence off its page and out of its structure element; whether any was."""
    nums = tree.ParentTree.Nums
    parents = {int(nums[index]): nums[index + 1] for index in range(0, len(nums), 2)}
    dropped = False
    for page in pdf.pages:
        marks = parents.get(int(page.obj.get("/StructParents", -1)))
        content = page.Contents.read_bytes()
        empty = [int(match.group(1)) for match in _EMPTY.finditer(content)]
        if not empty or not isinstance(marks, pikepdf.Array):
            continue
        page.Contents = pdf.make_stream(_EMPTY.sub(b"\n", content))   # a line break keeps the tokens around apart
        for mcid in empty:
            parent = marks[mcid]
            if isinstance(parent, pikepdf.Dictionary) and isinstance(parent.get("/K"), pikepdf.Array):
                parent.K = pikepdf.Array([kid for kid in parent.K if not (isinstance(kid, int) and kid == mcid)])
            marks[mcid] = pikepdf.Object.parse(b"null")
        dropped = True
    return dropped


# A table's rows and cells stay, empty or not: a table must stay regular (PDF/UA).
_KEPT_EMPTY = frozenset({"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"})


def _prune_empty(node: Any) -> bool:
    """Take every structure element without content (a table's parts aside) out of its parent's kids;
    whether any was."""
    kids = node.get("/K")
    if not isinstance(kids, pikepdf.Array):
        return False
    pruned = False
    kept = []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            pruned = _prune_empty(kid) or pruned
            inner = kid.get("/K")
            if isinstance(inner, pikepdf.Array) and len(inner) == 0 and str(kid.S) not in _KEPT_EMPTY:
                pruned = True
                continue
        kept.append(kid)
    if len(kept) != len(kids):
        node.K = pikepdf.Array(kept)
    return pruned


def _reachable(tree: Any) -> set[tuple[int, int]]:
    """objgen of every structure element reachable from the root by /K."""
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
