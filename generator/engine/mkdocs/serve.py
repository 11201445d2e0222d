"""`handbook serve` with MkDocs' live-reload server: the inputs are watched, and every change renders
the department's pages again from them before MkDocs rebuilds (a problem keeps the last good pages)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ...render.handbook import Handbook
from .config import write_docs


def serve_project(config_file: Path, host: str, watch: list[Path], rerender: Callable[[], Handbook | None]) -> None:
    """Serve the project in config_file's folder, rebuilding when a watched path changes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    _show_mkdocs_messages()
    site_dir = config_file.parent / "site"
    docs_dir = config_file.parent / "docs"

    def config_for(url: str | None) -> Any:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=host)
        if url:
            config.site_url = url
        return config

    config = config_for(None)
    address, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{address}:{port}{mount_path}"

    def builder(config: Any = None) -> None:
        if config is None:
            handbook = rerender()
            if handbook is not None:
                write_docs(handbook, docs_dir)
            config = config_for(serve_url)
        build(config, serve_url=serve_url)

    server = LiveReloadServer(builder=builder, host=address, port=port, root=str(site_dir), mount_path=mount_path)
    config.site_url = serve_url
    builder(config)
    for path in [config_file, *watch]:
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
