"""HTTP caching of query answers: the served store never changes, so neither does an answer.

An answer depends only on the query, its protocol dataset, the negotiated format and the
dataset (:attr:`wsiskg.query.store.Store.version`, a digest of what was loaded). That gives:

- an ``ETag`` on every GET answer, computed *before* the query runs, so a client revalidating
  with ``If-None-Match`` gets ``304 Not Modified`` without the query being run at all;
- ``Cache-Control: public, max-age=N`` on GET answers (``WSISKG_CACHE_MAX_AGE``; after a
  rebuild and restart the version, hence every ETag, changes);
- :class:`AnswerCache`, a bounded in-memory cache of written answers (GET and POST), least
  recently used first out. Errors are never cached; streamed answers are too large to be.

ETags are weak (``W/``): answers with blank nodes may label them differently between runs,
and the gzip middleware compresses the body after the tag is set.

>>> tag = etag("v1", ("ASK {}", (), (), "application/sparql-results+json"))
>>> none_match(tag, tag), none_match("*", tag), none_match('W/"other", ' + tag, tag)
(True, True, True)
>>> none_match(None, tag), none_match('"other"', tag)
(False, False)
>>> cache = AnswerCache(max_bytes=100)
>>> cache.put(("q", (), (), "text/csv"), "text/csv", b"x" * 11)
>>> cache.get(("q", (), (), "text/csv"))
('text/csv', b'xxxxxxxxxxx')
>>> cache.put(("big", (), (), "text/csv"), "text/csv", b"x" * 11)  # over 1/8 of the cache
>>> cache.get(("big", (), (), "text/csv")) is None
True
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

__all__ = ["AnswerCache", "AnswerKey", "etag", "none_match"]

#: Query text, ``default-graph-uri``s, ``named-graph-uri``s, negotiated media type.
AnswerKey = tuple[str, tuple[str, ...], tuple[str, ...], str]
#: The largest share of the cache one answer may take.
_ENTRY_SHARE = 8


def etag(version: str, key: AnswerKey) -> str:
    """The (weak) entity tag of the answer to ``key`` on the dataset ``version``."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (key[0], *key[1], "\x00", *key[2], "\x00", key[3]):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
    return f'W/"{version}-{digest.hexdigest()}"'


def none_match(header: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` header matches ``tag`` (weak comparison, RFC 9110)."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    opaque = tag.removeprefix("W/")
    return any(item.strip().removeprefix("W/") == opaque for item in header.split(","))


class AnswerCache:
    """Written answers by :data:`AnswerKey`, at most ``max_bytes`` of answers and query texts.

    Used from the event loop only (no lock). One answer may take at most an eighth of it, so a
    few large answers cannot push out every small one.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[AnswerKey, tuple[str, bytes]] = OrderedDict()

    def get(self, key: AnswerKey) -> tuple[str, bytes] | None:
        """The media type and body kept for ``key``, if any."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: AnswerKey, media_type: str, body: bytes) -> None:
        """Keep an answer unless it is too large; drop the least recently used to make room."""
        size = _size(key, body)
        if size * _ENTRY_SHARE > self.max_bytes or key in self._entries:
            return
        self._entries[key] = (media_type, body)
        self.size += size
        while self.size > self.max_bytes:
            dropped, (_, old) = self._entries.popitem(last=False)
            self.size -= _size(dropped, old)


def _size(key: AnswerKey, body: bytes) -> int:
    """What an entry holds: its answer and its query text (a query may be 1 MB long)."""
    return len(body) + len(key[0])
