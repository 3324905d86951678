"""The command line, ``python -m graphs.run``: ``options`` (flags), ``run`` (the run), ``programs`` (folders)."""
