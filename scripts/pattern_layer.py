#!/usr/bin/env python3
"""Scores the name-pattern layer alone on the development corpus.

    gazet annotate corpus/ -q -o with.jsonl
    gazet annotate corpus/ -q --no-patterns -o without.jsonl
    python3 scripts/pattern_layer.py with.jsonl without.jsonl corpus/gold/

Precision: of the spans with "source": "pattern", how many are gold spans
(same offsets and label). Recall: of the gold spans the run without
patterns does not get exactly right, how many the pattern spans recover.
Then the same precision per rule, and every pattern span that is not gold.
Entity ids are not looked at here; `gazet eval` scores them.
"""
import collections
import glob
import json
import os
import sys


def spans_by_doc(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out[d["doc"]] = d["spans"]
    return out


def gold_by_doc(folder):
    out = {}
    for path in glob.glob(os.path.join(folder, "*.gold.tsv")):
        doc = os.path.basename(path)[: -len(".gold.tsv")]
        with open(path, encoding="utf-8") as f:
            out[doc] = {
                (int(p[1]), int(p[2]), p[3])
                for p in (l.rstrip("\n").split("\t") for l in f)
                if p[0] == "span"
            }
    return out


def main(with_path, without_path, gold_dir):
    gold = gold_by_doc(gold_dir)
    with_, without = spans_by_doc(with_path), spans_by_doc(without_path)
    missed = proposed = correct = recovered = 0
    per_rule = collections.defaultdict(lambda: [0, 0])
    wrong = []
    for doc, g in sorted(gold.items()):
        base = {(s["start"], s["end"], s["label"]) for s in without.get(doc, [])}
        miss = g - base
        missed += len(miss)
        for s in with_.get(doc, []):
            if s["source"] != "pattern":
                continue
            key = (s["start"], s["end"], s["label"])
            proposed += 1
            per_rule[s["rule"]][0] += 1
            if key in g:
                correct += 1
                per_rule[s["rule"]][1] += 1
            else:
                wrong.append((doc, s["rule"], s["label"], s["text"]))
            recovered += key in miss
    print(f"pattern spans {proposed}, gold {correct}, precision {correct / max(proposed, 1):.3f}")
    print(f"gold spans the gazetteers miss {missed}, recovered {recovered}, recall {recovered / max(missed, 1):.3f}")
    for rule, (n, c) in sorted(per_rule.items()):
        print(f"  {rule:28s} {c:4d} / {n:<4d} {c / n:.3f}")
    for w in wrong:
        print("  not gold:", *w)


if __name__ == "__main__":
    main(*sys.argv[1:4])
