"""Mentor handbook generator: department YAML + the hospital's guide -> one MkDocs handbook per department.

The pipeline, one module a stage: load -> content -> mkdocs_build -> pdf -> portal -> publish.
"""
