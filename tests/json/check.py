#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check uringblkctl --json output against tests/json/schema.json.

Usage: check.py KIND [FILE]   (FILE default stdin; KIND a key of "outputs")
       check.py --lines KIND [FILE]   (one JSON object a line: stats --watch)
       check.py --dir DIR             (every DIR/*.KIND.json, *.KIND.jsonl:
                                       one Python start for a whole test)
       check.py --kinds               (the kinds the schema describes)

The schema language is the small subset of JSON Schema this needs, checked
with the json module alone (jsonschema is not installed): type (one or a
list; "integer" excludes booleans), properties, required,
additionalProperties (false or a schema), items, enum, minimum, $ref to
"#/definitions/NAME".  Exit 0 valid, 1 invalid (every finding printed),
2 usage.
"""
import json
import os
import sys

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema.json")

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def check(v, s, root, path, errs):
    if "$ref" in s:
        s = root["definitions"][s["$ref"].split("/")[-1]]
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(TYPES[x](v) for x in ts):
            errs.append("%s: %r is not %s" % (path, v, "/".join(ts)))
            return
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r not one of %r" % (path, v, s["enum"]))
    if "minimum" in s and TYPES["number"](v) and v < s["minimum"]:
        errs.append("%s: %r below %r" % (path, v, s["minimum"]))
    if isinstance(v, dict):
        props = s.get("properties", {})
        for k in s.get("required", []):
            if k not in v:
                errs.append("%s: no member %r" % (path, k))
        extra = s.get("additionalProperties", True)
        for k, x in v.items():
            if k in props:
                check(x, props[k], root, path + "." + k, errs)
            elif extra is False:
                errs.append("%s: member %r not in the schema" % (path, k))
            elif isinstance(extra, dict):
                check(x, extra, root, path + "." + k, errs)
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            check(x, s["items"], root, "%s[%d]" % (path, i), errs)


def check_text(root, kind, text, lines, errs):
    docs = text.splitlines() if lines else [text]
    if not [d for d in docs if d.strip()]:
        errs.append("%s: no output" % kind)
        return
    for n, d in enumerate(docs):
        try:
            v = json.loads(d)
        except ValueError as e:
            errs.append("%s: document %d: not JSON: %s" % (kind, n + 1, e))
            continue
        # One schema: a top-level object, always.
        if not isinstance(v, dict):
            errs.append("%s: document %d: the top level is not an object" % (kind, n + 1))
            continue
        check(v, root["outputs"][kind], root, kind, errs)


def check_dir(root, d):
    errs = []
    names = sorted(os.listdir(d))
    for f in names:
        stem, ext = os.path.splitext(f)
        kind = stem.split(".", 1)[-1]
        if ext not in (".json", ".jsonl") or kind not in root["outputs"]:
            errs.append("%s: not NAME.KIND.json(l) of a known kind" % f)
            continue
        e = []
        check_text(root, kind, open(os.path.join(d, f)).read(), ext == ".jsonl", e)
        errs += ["%s: %s" % (f, x) for x in e]
    for e in errs:
        print(e, file=sys.stderr)
    return 1 if errs or not names else 0


def main(argv):
    root = json.load(open(SCHEMA))
    lines = False
    if argv[1:2] == ["--kinds"]:
        print("\n".join(sorted(root["outputs"])))
        return 0
    if argv[1:2] == ["--dir"] and len(argv) == 3:
        return check_dir(root, argv[2])
    if argv[1:2] == ["--lines"]:
        lines = True
        argv = argv[1:]
    if len(argv) not in (2, 3) or argv[1] not in root["outputs"]:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    text = open(argv[2]).read() if len(argv) == 3 else sys.stdin.read()
    errs = []
    check_text(root, argv[1], text, lines, errs)
    for e in errs:
        print(e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
