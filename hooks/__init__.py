"""Build logic of the site: load and validate data, link references, render generated pages.

Nothing in this package imports MkDocs except ``mkdocs_hooks.py``, the adapter that MkDocs loads.
"""
