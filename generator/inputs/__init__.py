"""Stage 1, inputs: everything a build reads, loaded and validated into one typed `Project`.

site_config.yml, the department files, the guide's pages and nav.yml, and the
form definitions all go through the strict YAML reader (yaml_source.py), so
every problem is a `Problem` at FILE:LINE: FIELD, in Danish, and no input
ever gives a traceback. Nothing here renders or writes anything.
"""
