"""Stage 3, the graph: document model + extraction -> an rdflib Dataset of named graphs.

| module | what it holds |
|---|---|
| ``dataset`` | :func:`build_dataset`: every builder below, in order |
| ``context`` | what the builders share: the named graphs and one document's IRIs |
| ``iris`` | every IRI wsiskg mints (the contract of ``docs/decisions/0001``) |
| ``structure``, ``spans``, ``statements``, ``assignments``, ``provenance`` | one named graph each |
| ``versions`` | drafts of one series compared (:mod:`wsiskg.versions`), as the ``versions`` graph |
| ``minted`` | actors and roles the text names but the vocabularies lack |
| ``vocabularies`` | the ``ontology``, ``actors`` and ``schemes`` graphs, rebased |
| ``lexicon`` | the vocabularies read into the plain-data Lexicon that extraction uses |
| ``rules`` | derived graphs (inherited assignments) by SPARQL CONSTRUCT |
| ``countries`` | country names -> ISO 3166 codes for proposal IRIs |
| ``rdf_files`` | the one reader and writer of RDF files, and the rdflib -> pyoxigraph term bridge |
"""
