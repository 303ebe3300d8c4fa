"""The build: parse -> extract -> graph -> check -> write, and the cache behind ``wsiskg.load``.

| module | what it holds |
|---|---|
| ``run`` | one build, written atomically to a build directory |
| ``cache`` | builds made on demand, keyed by what they depend on |
| ``series`` | drafts of one series read as versions (parsed, extracted, compared) |
"""
