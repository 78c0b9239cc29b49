"""xlsx_equal.py OLD NEW: every workbook of OLD against NEW's of the same
name, read with openpyxl: the same sheets, and in every sheet the same
cells with the same values (cell by cell, row by row), except the release
id and date the Cover sheet states."""
import glob, os, re, sys
import openpyxl

old, new = sys.argv[1], sys.argv[2]
release = re.compile(r"Release: \S+, published .*")
bad = 0
for f in sorted(glob.glob(os.path.join(old, "*.xlsx"))):
    name = os.path.basename(f)
    a = openpyxl.load_workbook(f, read_only=True)
    b = openpyxl.load_workbook(os.path.join(new, name), read_only=True)
    if a.sheetnames != b.sheetnames:
        print(f"DIFF {name}: sheets {a.sheetnames} vs {b.sheetnames}"); bad += 1; continue
    cells = 0
    diffs = []
    for s in a.sheetnames:
        ra = list(a[s].iter_rows(values_only=True))
        rb = list(b[s].iter_rows(values_only=True))
        if len(ra) != len(rb):
            diffs.append(f"{s}: {len(ra)} rows vs {len(rb)}"); continue
        for i, (x, y) in enumerate(zip(ra, rb)):
            if s == "Cover":
                x = tuple(release.sub("Release", v) if isinstance(v, str) else v for v in x)
                y = tuple(release.sub("Release", v) if isinstance(v, str) else v for v in y)
            cells += len(x)
            if x != y:
                diffs.append(f"{s} row {i+1}: {x} vs {y}")
    if diffs:
        bad += 1
        print(f"DIFF {name}: {len(diffs)} rows differ, e.g. {diffs[:2]}")
    else:
        print(f"same {name}: {len(a.sheetnames)} sheets, {cells} cells")
sys.exit(1 if bad else 0)
