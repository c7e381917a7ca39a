#!/usr/bin/env python3
"""The README's table of syd 3.52 keys, from test/compat/syd352-keys.tsv.

Usage: surface_table.py TSV            print the table (markdown)
       surface_table.py TSV README     rewrite README between the markers
"""
import sys

BEGIN = "<!-- syd352-keys:begin (make surface-table) -->"
END = "<!-- syd352-keys:end -->"


def table(path):
    out = ["| key | example | state here | source |",
           "| --- | --- | --- | --- |"]
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        key, ex, state, _check, src = line.split("\t")
        cell = lambda s: s.replace("|", "\\|")
        out.append("| `%s` | `%s` | %s | %s |" % (cell(key), cell(ex),
                                                 cell(state), src))
    return "\n".join(out) + "\n"


def main():
    t = table(sys.argv[1])
    if len(sys.argv) == 2:
        sys.stdout.write(t)
        return 0
    text = open(sys.argv[2], encoding="utf-8").read()
    a, b = text.index(BEGIN) + len(BEGIN), text.index(END)
    open(sys.argv[2], "w", encoding="utf-8").write(
        text[:a] + "\n" + t + text[b:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
