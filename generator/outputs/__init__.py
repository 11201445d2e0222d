"""Stage 5, outputs: what is stale (plan.py), the build cache (cache.py), the atomic publish
(publish.py) and the portal that lists every department (portal.py)."""
