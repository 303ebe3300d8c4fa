"""The Python ceiling for a SPARQL endpoint: a bare FastAPI handler over an in-memory
pyoxigraph store (union default graph), serialising results with pyoxigraph.

A copy of the reference handler the benchmarks of issue 13 were measured against (no guard,
no limits, no isolation, no negotiation: JSON only). ``bench.ceiling`` serves it beside
``wsiskg serve`` on the same dump:

    DUMP=build/dataset.nq uvicorn bench.bare_handler:app --port 8102 --log-level warning
"""

import os

import pyoxigraph as ox
from fastapi import FastAPI
from fastapi.responses import Response

store = ox.Store()
store.bulk_load(path=os.environ["DUMP"], format=ox.RdfFormat.N_QUADS)
app = FastAPI()


@app.get("/sparql")
def sparql(query: str) -> Response:
    res = store.query(query, use_default_graph_as_union=True)
    return Response(
        res.serialize(format=ox.QueryResultsFormat.JSON),
        media_type="application/sparql-results+json",
    )
