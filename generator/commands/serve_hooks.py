"""MkDocs hooks for `handbook serve`, loaded by MkDocs from this file's path."""

from pathlib import Path

from generator.commands.serve import rerender


# The docs folder is generated: render it again from the YAML and guide before each rebuild.
def on_pre_build(config) -> None:
    rerender(Path(config["docs_dir"]))
