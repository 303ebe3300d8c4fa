"""Publishing a built dataset into an external SPARQL 1.1 store (Graph Store Protocol or Update).

| module | what it holds |
|---|---|
| ``stores`` | one named graph at a time, by GSP or by batched ``INSERT DATA`` |
| ``auth`` | HTTP credentials that answer whichever challenge (basic or digest) a store sends |
"""
