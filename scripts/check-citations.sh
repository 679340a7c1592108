#!/bin/sh
# Every reference the repository makes to its own documents must resolve:
#   - `docs/<name>.md` names a file that exists under docs/;
#   - each section it cites (`docs/<name>.md §3.5`, `§1.5-1.7`, `§2/§3`, `§2.5, §3.1-§3.4`)
#     is a heading that file has (`## 3. ...`, `### 3.5 ...`, `### 4b. ...`);
#   - "house style N" names a rule of the numbered list in docs/style-anchors.md §6;
#   - nothing cites the old out-of-tree names (SEAMS.md, ARCHITECTURE.md, STYLE-ANCHORS.md);
#   - no tracked file names a build machine's absolute path (/work/..., /root/..., /home/<user>/...).
# Scans every tracked text file (git ls-files), so new folders are covered without editing this.
# Usage: scripts/check-citations.sh [repo-root]   (exit 0 clean, 1 with one line per problem)
set -eu
cd "${1:-$(dirname "$0")/..}"
command -v python3 >/dev/null || { echo "check-citations: python3 not found (make deps installs it)"; exit 1; }
git ls-files -z | python3 -c '
import os, re, sys

files = [f for f in sys.stdin.read().split("\0") if f]
me = "scripts/check-citations.sh"

heading = re.compile(r"^#{1,4}\s+§?([0-9]+[a-z]?(?:\.[0-9]+)*)\.?(?:\s|$)")
sections = {}
def sections_of(name):
    if name not in sections:
        path = os.path.join("docs", name)
        got = None
        if os.path.isfile(path):
            got = set()
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    m = heading.match(line)
                    if m:
                        got.add(m.group(1))
        sections[name] = got
    return sections[name]

# docs/<name>.md, optionally closed by a backtick, then a run of section references:
# §A, §B-C, §D/§E, §F–§G, "§H and §I".
num = r"[0-9]+[a-z]?(?:\.[0-9]+)*"
cite = re.compile(r"docs/([A-Za-z0-9_-]+\.md)`?((?:\s*(?:,|/|-|–|and)?\s*§\s?" + num + r"|\s*[-–]\s*" + num + r")*)")
ref = re.compile(r"§\s?([0-9]+[a-z]?(?:\.[0-9]+)*)|(?<=[-–])\s*([0-9]+[a-z]?(?:\.[0-9]+)*)")
machine = re.compile(r"(?<![A-Za-z0-9_.-])/(?:work|root)/|/home/[a-z][a-z0-9_-]*/")

# "house style N" names item N of the numbered list in docs/style-anchors.md §6.
house = re.compile(r"house style §?([0-9]+)", re.IGNORECASE)
rules = set()
if os.path.isfile("docs/style-anchors.md"):
    in6 = False
    for line in open("docs/style-anchors.md", encoding="utf-8"):
        if line.startswith("## "):
            in6 = line.startswith("## 6.")
        elif in6:
            m = re.match(r"([0-9]+)\. ", line)
            if m:
                rules.add(m.group(1))

# The design notes outside the repository went by these names; the repository has docs/ instead.
legacy = re.compile(r"\b(?:SEAMS|ARCHITECTURE|STYLE-ANCHORS)(?:\.md\b|\s*§)")

problems = []
for f in files:
    if f.startswith("docs/") and not f.endswith(".md"):
        continue
    if not os.path.isfile(f):
        continue
    try:
        text = open(f, encoding="utf-8").read()
    except (UnicodeDecodeError, OSError):
        continue  # binary files
    for n, line in enumerate(text.splitlines(), 1):
        if f != me and machine.search(line):
            problems.append(f"{f}:{n}: absolute machine path: {line.strip()[:100]}")
        if f != me and legacy.search(line):
            problems.append(f"{f}:{n}: cites a document the repository does not have (use docs/seams.md, docs/architecture.md, docs/style-anchors.md)")
        for m in house.finditer(line):
            if m.group(1) not in rules:
                problems.append(f"{f}:{n}: docs/style-anchors.md §6 has no house style rule {m.group(1)}")
        for m in cite.finditer(line):
            name, tail = m.group(1), m.group(2)
            have = sections_of(name)
            if have is None:
                problems.append(f"{f}:{n}: docs/{name} does not exist")
                continue
            for r in ref.finditer(tail):
                sec = r.group(1) or r.group(2)
                if sec not in have:
                    problems.append(f"{f}:{n}: docs/{name} has no section §{sec}")

for p in problems:
    print(p)
if problems:
    print(f"check-citations: {len(problems)} problem(s)")
    sys.exit(1)
print(f"check-citations: {len(files)} tracked files, every docs/ citation and house-style rule resolves, no machine paths")
'
