"""The language server (``genhe-lint server``): the findings of ``check`` in an editor, as you type.

Modules: :mod:`.app` (the pygls server, its handlers and exit), :mod:`.session` (open buffers, debounced
lints, publishing), :mod:`.engine` (the linter run on a buffer and over the workspace folder),
:mod:`.positions` (UTF-16 positions and edits), :mod:`.diagnostics`, :mod:`.actions`, :mod:`.disable` and
:mod:`.hover` (what the editor shows and offers).
"""
