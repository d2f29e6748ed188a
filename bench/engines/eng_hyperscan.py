"""hyperscan: the lower-cased aliases as literal patterns (SOM_LEFTMOST)
over the lower-cased text's UTF-8 bytes, then the word-boundary filter and
leftmost-longest selection. The Python callback per match is part of the
cost, as for any Python user of the library."""

import hyperscan
from common import byte_to_char, leftmost_longest, main, safe_lower, whole_word

CHUNK = 100_000  # patterns per database; one huge database can fail to compile


def build(aliases):
    keys = list(dict.fromkeys(safe_lower(a).encode("utf-8") for a in aliases))
    dbs = []
    for i in range(0, len(keys), CHUNK):
        part = keys[i:i + CHUNK]
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(
            expressions=part,
            ids=list(range(len(part))),
            elements=len(part),
            flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(part),
            literal=True,
        )
        dbs.append(db)
    return dbs


def find(dbs, text):
    low = safe_lower(text)
    data = low.encode("utf-8")
    found = []

    def on_match(_id, start, end, _flags, _ctx):
        found.append((start, end))

    for db in dbs:
        db.scan(data, match_event_handler=on_match)
    conv = byte_to_char(low)
    spans = []
    for s, e in found:
        s, e = conv(s), conv(e)
        if whole_word(low, s, e):
            spans.append((s, e))
    return leftmost_longest(spans)


if __name__ == "__main__":
    main("hyperscan", build, find)
