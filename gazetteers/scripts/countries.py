#!/usr/bin/env python3
"""Generate gazetteers/countries.tsv: every ISO 3166-1 country and territory.

Data: the PyPI package pycountry 26.2.16 (ISO 3166-1 names, LGPL-2.1) plus
the hand-made table gazetteers/sources/country-extras.tsv (former and
alternative names, common short names, Russian names, facts, and a few
entities outside ISO 3166-1 such as Kosovo and the Soviet Union).

Rules:
  * the id is the snake_case common short English name (SHORT below overrides
    pycountry's name where that is not the natural short name);
  * aliases are pycountry's name, official_name and common_name, turned into
    natural word order (never "Iran, Islamic Republic of"), without a
    leading "the" or a parenthesised part, plus an ASCII spelling where the
    name has diacritics, plus the extras;
  * kind is "territory" for the ISO codes in TERRITORIES (dependent and
    uninhabited territories), otherwise "country".

Rerun (from the repository root):

    python3 -m venv /tmp/gazvenv
    /tmp/gazvenv/bin/pip install pycountry==26.2.16
    /tmp/gazvenv/bin/python gazetteers/scripts/countries.py > gazetteers/countries.tsv
"""
import os
import re
import sys
import unicodedata

import pycountry

HERE = os.path.dirname(os.path.abspath(__file__))
EXTRAS = os.path.join(HERE, "..", "sources", "country-extras.tsv")

# alpha_2 -> (id, canonical name) where pycountry's short name is not the
# natural one (inverted, official-sounding or parenthesised).
SHORT = {
    "BN": ("brunei", "Brunei"),
    "BO": ("bolivia", "Bolivia"),
    "BQ": ("caribbean_netherlands", "Caribbean Netherlands"),
    "CC": ("cocos_islands", "Cocos (Keeling) Islands"),
    "CD": ("dr_congo", "Democratic Republic of the Congo"),
    "CG": ("republic_of_the_congo", "Republic of the Congo"),
    "FK": ("falkland_islands", "Falkland Islands"),
    "FM": ("micronesia", "Micronesia"),
    "GB": ("united_kingdom", "United Kingdom"),
    "HM": ("heard_island_and_mcdonald_islands", "Heard Island and McDonald Islands"),
    "IR": ("iran", "Iran"),
    "KP": ("north_korea", "North Korea"),
    "KR": ("south_korea", "South Korea"),
    "LA": ("laos", "Laos"),
    "MD": ("moldova", "Moldova"),
    "MF": ("saint_martin", "Saint Martin"),
    "PS": ("palestine", "Palestine"),
    "RU": ("russia", "Russia"),
    "SH": ("saint_helena", "Saint Helena"),
    "SX": ("sint_maarten", "Sint Maarten"),
    "SY": ("syria", "Syria"),
    "TR": ("turkey", "Turkey"),
    "TW": ("taiwan", "Taiwan"),
    "TZ": ("tanzania", "Tanzania"),
    "UM": ("united_states_minor_outlying_islands", "United States Minor Outlying Islands"),
    "US": ("united_states", "United States"),
    "VA": ("vatican_city", "Vatican City"),
    "VE": ("venezuela", "Venezuela"),
    "VG": ("british_virgin_islands", "British Virgin Islands"),
    "VI": ("us_virgin_islands", "United States Virgin Islands"),
    "VN": ("vietnam", "Vietnam"),
}

# Names pycountry gives that must not become aliases (politically loaded or
# comma-inverted with no natural form).
SKIP_NAMES = {"Taiwan, Province of China", "Holy See (Vatican City State)"}

TERRITORIES = set(
    "AS AI AQ AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK "
    "HM IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK "
    "UM VG VI WF YT".split()
)


def slug(name):
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9]+", "_", s.lower()).strip("_")
    return s


def ascii_fold(name):
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def natural(name):
    """'Iran, Islamic Republic of' -> 'Islamic Republic of Iran'; drop a
    parenthesised part and a leading 'the'."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    m = re.fullmatch(r"(.+?), (.+)", name)
    if m and re.search(r"\b(of|the)$", m.group(2)):
        name = f"{m.group(2)} {m.group(1)}"
    if name.lower().startswith("the "):
        name = name[4:]
    name = re.sub(r"^the ", "", name)
    if re.fullmatch(r"[^,]+, (The |the )?.*\b(of|the)", name):
        return None
    return name


def id_and_name(c):
    """The gazetteer id and canonical name of a pycountry country (also used
    by world.py to point a place's located_in at its country)."""
    if c.alpha_2 in SHORT:
        return SHORT[c.alpha_2]
    name = natural(getattr(c, "common_name", None) or c.name)
    return slug(name), name


def read_extras():
    extras = {}
    order = []
    with open(EXTRAS, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                cols += [""] * (3 - len(cols))
            if len(cols) not in (3, 5):
                sys.exit(f"{EXTRAS}:{n}: expected 3 or 5 tab-separated fields")
            eid, aliases, facts = cols[:3]
            new = tuple(cols[3:5]) if len(cols) == 5 else None
            if eid in extras:
                sys.exit(f"{EXTRAS}:{n}: duplicate id {eid}")
            extras[eid] = (
                [a.strip() for a in aliases.split("|") if a.strip()],
                facts.strip(),
                new,
            )
            order.append(eid)
    return extras, order


def add(aliases, a):
    if not a or a in SKIP_NAMES:
        return
    # A comma is kept only in a list of parts ("Bonaire, Sint Eustatius and
    # Saba"), never in an inverted name ("Virgin Islands, British").
    if "," in a and not re.search(r",[^,]* and ", a):
        return
    if a not in aliases:
        aliases.append(a)


def main():
    extras, order = read_extras()
    rows = []
    seen = set()
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = c.alpha_2
        eid, name = id_and_name(c)
        aliases = []
        for raw in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if raw and raw not in SKIP_NAMES:
                add(aliases, natural(raw))
        for a in list(aliases) + [name]:
            if ascii_fold(a) != a:
                add(aliases, ascii_fold(a))
        facts = ""
        if eid in extras:
            ex_aliases, facts, new = extras.pop(eid)
            if new:
                sys.exit(f"extras row {eid} gives kind/name but is an ISO country")
            for a in ex_aliases:
                add(aliases, a)
        aliases = [a for a in aliases if a != name]
        kind = "territory" if code in TERRITORIES else "country"
        rows.append((eid, kind, name, aliases, facts))
        if eid in seen:
            sys.exit(f"duplicate id {eid}")
        seen.add(eid)
    for eid in order:
        if eid not in extras:
            continue
        ex_aliases, facts, new = extras.pop(eid)
        if not new:
            sys.exit(f"extras row {eid} matches no ISO country and gives no kind/name")
        kind, name = new
        rows.append((eid, kind, name, [a for a in ex_aliases if a != name], facts))
    out = sys.stdout
    out.write("# gazet gazetteer: countries and territories (LOC). Generated by\n")
    out.write("# gazetteers/scripts/countries.py from pycountry 26.2.16 (ISO 3166-1, LGPL-2.1)\n")
    out.write("# and gazetteers/sources/country-extras.tsv; do not edit by hand, edit those.\n")
    out.write("# Format (see README \"Gazetteer format\"): one entity per line, tab-separated:\n")
    out.write("#   id  label  kind  canonical name  aliases (separated by \" | \")  facts (\"relation=id,id; relation=id\")\n")
    out.write("# An alias written \"=Name\" matches only with exactly that case.\n")
    out.write("# id\tlabel\tkind\tname\taliases\tfacts\n")
    for eid, kind, name, aliases, facts in rows:
        out.write("\t".join([eid, "LOC", kind, name, " | ".join(aliases), facts]).rstrip("\t") + "\n")


if __name__ == "__main__":
    main()
