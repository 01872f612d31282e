"""Benchmarks: quality (ROUGE against peers), speed and load. Run from the repo root with
``python -m benchmarks.<name>``.

This file must stay: pysbd installs a top-level package also called ``benchmarks``, and only a
regular package here (found first on ``sys.path`` when run from the repo root) wins over it.
"""
