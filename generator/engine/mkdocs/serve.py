"""`handbook serve` with MkDocs' live-reload server: the inputs are watched, and every change renders
the department's pages again from them, in every edition, before MkDocs rebuilds (a problem keeps the last
good pages)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ...render.handbook import Handbook
from .config import write_docs


def serve_project(config_files: list[Path], folders: list[str], site_dir: Path, host: str, watch: list[Path],
                  rerender: Callable[[], list[Handbook] | None]) -> None:
    """Serve the projects (one an edition: the main one's at the root of site_dir, each other's in its folder)
    as one site, rebuilding them all when a watched path changes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    _show_mkdocs_messages()

    def config_for(index: int, url: str | None) -> Any:
        config = load_config(config_file=str(config_files[index]), site_dir=str(site_dir / folders[index]),
                             dev_addr=host)
        if url:
            config.site_url = url + folders[index]
        return config

    first = config_for(0, None)
    address, port = first.dev_addr
    mount_path = urlsplit(first.site_url or "/").path
    serve_url = f"http://{address}:{port}{mount_path}"

    def builder(config: Any = None) -> None:
        handbooks = rerender() if config is None else None
        for handbook, config_file in zip(handbooks or [], config_files, strict=False):
            write_docs(handbook, config_file.parent / "docs")
        # The main edition first: MkDocs empties its site folder before it builds, the others' included.
        for index in range(len(config_files)):
            build(config if index == 0 and config is not None else config_for(index, serve_url),
                  serve_url=serve_url + folders[index])

    server = LiveReloadServer(builder=builder, host=address, port=port, root=str(site_dir), mount_path=mount_path)
    first.site_url = serve_url
    builder(first)
    for path in [*config_files, *watch]:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        logging.getLogger("mkdocs").info("Shutting down...")
    finally:
        server.shutdown()


def _show_mkdocs_messages() -> None:
    # MkDocs' own messages ("Serving on http://...", rebuilds, warnings), as `mkdocs serve` shows them.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
