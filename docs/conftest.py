"""pytest runs the ``>>>`` examples in these pages; Sphinx's own files are not tests."""

collect_ignore = ["conf.py", "_ext", "_build", "_generated"]
