"""Mentor handbook generator: department YAML + the hospital's guide -> one static handbook per department.

The pipeline, one folder a stage, data flowing one way:
inputs (load and validate) -> render (page sources) -> engine (MkDocs pages) -> pdf (documents)
-> outputs (stale?, cache, publish, portal); commands/ orchestrates them for each `handbook` verb.
"""
