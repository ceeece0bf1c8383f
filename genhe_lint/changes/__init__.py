"""``genhe-lint changes``: what a change does to the catalogs, said as 事项 (items), not as lines.

:mod:`genhe_lint.changes.compare` pairs the items of two versions of each catalog and lists the changes;
:mod:`genhe_lint.changes.render` writes them as text, JSON or a Markdown summary.
"""
