"""Stage 1, the text: a negotiation draft read into a document model (no RDF here).

| module | what it holds |
|---|---|
| ``source`` | bytes -> original text + a normalised copy of the same length; sha256 |
| ``model`` | frozen dataclasses: Document, Chapter, Paragraph, Item, Bracket, Proposal, … |
| ``parse`` | text -> :class:`~wsiskg.text.model.Document` (the paragraph grammar) |
| ``brackets`` | the bracket grammar: nesting, the draft's wrapper, alternatives |
| ``annex`` | the annex grammar: proposal tables of coordinator cells |
| ``numerals`` | numbers as drafts print them (``Four``, ``4``, ``IV``) |
| ``outline`` | readable and JSON views of a parsed document (``wsiskg parse``) |
"""
