#!/usr/bin/env python3
"""Writes the seed inputs of every target to fuzz/corpus/<target>/seed-*.

Run from anywhere: python3 fuzz/seeds.py. The seeds come from the shipped
gazetteers, rules, corpus text and gold, plus a few hand-made edge cases.
"""
import glob
import os

fuzz = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(fuzz)
C = os.path.join(fuzz, 'corpus')


def read(path):
    with open(os.path.join(root, path), encoding='utf-8') as f:
        return f.read()


def put(target, name, data):
    os.makedirs(os.path.join(C, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(C, target, name), 'wb') as f:
        f.write(data)


text = read('corpus/central-asia-security.txt')
gold = read('corpus/gold/central-asia-security.gold.tsv')
orgs = read('gazetteers/organisations.tsv')
places = read('gazetteers/places.tsv')

# gazetteer: the shipped files and two small hand-made ones
for p in sorted(glob.glob(os.path.join(root, 'gazetteers', '*.tsv'))):
    put('gazetteer', 'seed-' + os.path.basename(p), read(p))
put('gazetteer', 'seed-small.tsv',
    "kg\tLOC\tcountry\tKyrgyzstan\tKirghizia\nnice\tLOC\tcity\tNice\t=Nice\n"
    "b\tLOC\tcity\tBishkek\tBişkek | Бишкек\tlocated_in=kg\n")
put('gazetteer', 'seed-errors.tsv',
    "x\tFOO\tcity\tX\n\ty\tLOC\n\nid\tLOC\tcity\tA\tB\tmember_of=nope; bogus\n")

# rules: the shipped rules and a small file
put('rules', 'seed-relations.rules', read('rules/relations.rules'))
put('rules', 'seed-small.rules',
    "blocker negated: not|never\nexclusive: member_of former_member_of\n\n"
    "rule m\n  relation: member_of\n  pattern: {LOC}+ <are members of> ~2 {ORG}\n"
    "  block: negated\n"
    "  test: Kazakhstan and Armenia are members of the CSTO. => member_of(kazakhstan, csto), member_of(armenia, csto)\n"
    "  test: Kazakhstan is not a member of the CSTO. => none\n\n"
    "rule in\n  relation: part_of\n  inside: yes\n  fact: part_of?\n")

# gold: text NUL gold TSV, and text NUL the same gold as brat standoff
put('gold', 'seed-gold', text + '\0' + gold)
first_t, ann, n = {}, [], 0
for line in gold.splitlines():
    f = line.split('\t')
    if f[0] == 'span':
        n += 1
        ann.append(f"T{n}\t{f[3]} {f[1]} {f[2]}\t{f[5]}")
        ann.append(f"N{n}\tReference T{n} gazet:{f[4]}\t{f[5]}")
        first_t.setdefault(f[4], n)
r = 0
for line in gold.splitlines():
    f = line.split('\t')
    if f[0] == 'rel' and f[1] in first_t and f[3] in first_t:
        r += 1
        ann.append(f"R{r}\t{f[2]} Arg1:T{first_t[f[1]]} Arg2:T{first_t[f[3]]}")
ann.append("#1\tAnnotatorNotes T1\tnote")
ann.append("T999\tLOC 0 5;9 14\tx")
put('gold', 'seed-brat', text + '\0' + '\n'.join(ann) + '\n')
put('gold', 'seed-small',
    "İş Kazakhstan\r\nCSTO\0span\t3\t13\tLOC\tkazakhstan\tKazakhstan\n"
    "rel\tkazakhstan\tmember_of\tcsto\nT1\tLOC 3 13\tKazakhstan\n")

# annotate: gazetteer NUL text (an odd first byte turns overlaps on)
csto = '\n'.join(l for l in orgs.splitlines() if l.startswith('csto')) + '\n'
para = [p for p in text.split('\n\n') if 'CSTO' in p][0]
put('annotate', 'seed-csto', csto + '\0' + para)
put('annotate', 'seed-csto-overlaps', 'c' + csto[1:] + '\0' + para)
kz = ("kz\tLOC\tcountry\tKazakhstan\tQazaqstan | Казахстан\n"
      "ist\tLOC\tcity\tİstanbul\tIstanbul\nstr\tLOC\tstreet\tStraße\tStrasse\n"
      "crc\tORG\tbody\tCrisis Response Centre\tCRC\n")
put('annotate', 'seed-lookalike', kz + '\0' +
    "Сrisis Response Сentre (CRC) met in Каzakhstan; later the CRC left İSTANBUL.")
put('annotate', 'seed-crlf', kz + '\0' +
    "The Crisis\r\nResponse Centre\r\nin Kazakh-\r\nstan and Kazakh-\nstan.\r\n")
put('annotate', 'seed-combining', kz + '\0' +
    "Kaza\u0301khstan, Kazakhstan\u0301, STRASSE, Straße, strasse, İstanbul, "
    "i\u0307stanbul, ISTANBUL’s")
put('annotate', 'seed-places', places + '\0' + para)
put('annotate', 'seed-all', orgs + places + '\0' + text)
