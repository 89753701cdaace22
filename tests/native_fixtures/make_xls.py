#!/usr/bin/env python3
"""Writes tests/native_fixtures/files/poverty-2019.xls: the seed's four forms
as an old-format (BIFF8) workbook with merged ranges, laid out as
tests/native_fixtures/mod.rs lays out the .xlsx (one sheet per form, title
and year merged across the table above it, the 注 below it, each filled cell
merged over the empty cells to its right, and a cell of the first three
columns over the empty cells below it).

Needs xlwt (`pip install xlwt`). Run from the repository root:
`python3 tests/native_fixtures/make_xls.py [OUT]`.
"""

import sys

import xlwt

SEED = "fixtures/seed/poverty-2019.txt"


def forms():
    """The seed split into forms: single-cell lines before the table, the
    tab-separated rows, single-cell lines after it (as mod.rs's forms())."""
    out = []
    with open(SEED, encoding="utf-8") as f:
        for line in f.read().splitlines():
            line = line.rstrip("\r")
            if line.strip() == "绩效目标申报表":
                out.append({"before": [], "table": [], "after": []})
            if not out or not line.strip():
                continue
            form = out[-1]
            if "\t" in line:
                cells = [c.strip() for c in line.split("\t")]
                while cells and not cells[-1]:
                    cells.pop()
                form["table"].append(cells)
            elif not form["table"]:
                form["before"].append(line.strip())
            else:
                form["after"].append(line.strip())
    for form in out:
        width = max((len(r) for r in form["table"]), default=1)
        for row in form["table"]:
            row.extend([""] * (width - len(row)))
    return out


def merges(table):
    """(row, col, rows, cols) of each merged region, as mod.rs's merges()."""
    rows = len(table)
    cols = len(table[0]) if table else 0
    taken = [[False] * cols for _ in range(rows)]
    out = []
    for r in range(rows):
        for c in range(cols):
            if taken[r][c] or not table[r][c]:
                continue
            w = 1
            while c + w < cols and not table[r][c + w] and not taken[r][c + w]:
                w += 1
            h = 1
            if w == 1 and c <= 2:
                while r + h < rows and not table[r + h][c] and not taken[r + h][c]:
                    h += 1
            for rr in range(r, r + h):
                for cc in range(c, c + w):
                    taken[rr][cc] = True
            if w > 1 or h > 1:
                out.append((r, c, h, w))
    return out


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/native_fixtures/files/poverty-2019.xls"
    book = xlwt.Workbook(encoding="utf-8")
    for i, form in enumerate(forms()):
        sheet = book.add_sheet("申报表%d" % (i + 1))
        width = len(form["table"][0])
        row = 0
        for p in form["before"]:
            sheet.write_merge(row, row, 0, width - 1, p)
            row += 1
        regions = merges(form["table"])
        starts = {(r, c): (h, w) for r, c, h, w in regions}
        covered = {
            (rr, cc)
            for r, c, h, w in regions
            for rr in range(r, r + h)
            for cc in range(c, c + w)
            if (rr, cc) != (r, c)
        }
        for r, cells in enumerate(form["table"]):
            for c, text in enumerate(cells):
                if (r, c) in starts:
                    h, w = starts[(r, c)]
                    sheet.write_merge(row + r, row + r + h - 1, c, c + w - 1, text)
                elif text and (r, c) not in covered:
                    sheet.write(row + r, c, text)
        row += len(form["table"]) + 1
        for p in form["after"]:
            sheet.write_merge(row, row, 0, width - 1, p)
            row += 1
    book.save(out)
    print("wrote", out)


if __name__ == "__main__":
    main()
