"""Stage 4, the checks: SHACL validation (pyshacl) and OWL 2 DL reasoning (HermiT).

| module | what it holds |
|---|---|
| ``shacl`` | the shapes in ``shapes/`` run over a dataset -> :class:`ValidationReport` |
| ``reason`` | HermiT in a time-bounded child process -> the ``inferred`` graph |
| ``hermit`` | that child process: the only module that imports owlready2 |
"""
