"""Stage 5, the queries: the store, its guarded engine and the query library.

| module | what it holds |
|---|---|
| ``store`` | the pyoxigraph store over a built dataset |
| ``guard`` | reads a request's SPARQL before an engine does (refuses ``SERVICE``, ``FROM`` URLs) |
| ``sandbox`` | confines a worker process that runs untrusted queries |
| ``pool`` | worker processes with a hard time limit per query |
| ``registry`` | the research queries of ``queries/*.rq``, with their parameters |
| ``results`` | SELECT results as RDF terms and Python values |
| ``formats`` | a materialised answer and its wire formats |
| ``answers`` | typed answers of the API's domain methods; any answer as the CLI prints it |
| ``names`` | the name resolver: "E-health", "Ghana", "WHO" -> the one resource meant |
| ``comparison`` | the proposal comparison: one model for the API, the CLI and the page |
| ``export`` | the dataset, or one graph, in every RDF format |
| ``series`` | typed answers about drafts as versions (the ``versions`` graph) |
"""
