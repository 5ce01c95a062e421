#!/usr/bin/env python3
"""Same fields found: every generator, seed, model and hash value exiftool exposes as text must be in Candor's report.

Usage: inspect_fields.py EXIFTOOL_JSON CANDOR_JSONL [LABEL]

exiftool (-j -a -G1) shows a file's text blocks whole (PNG parameters/prompt/workflow/Comment, EXIF UserComment,
XMP, ...). From every string value this script collects the values a reader of provenance looks for:
  software  the value of a Software / CreatorTool / Generator tag
  seed      a number after "seed" ("Seed: 123", "seed": 123, noise_seed ...)
  model     an A1111 "Model: NAME", a ComfyUI "ckpt_name"/"unet_name"/"lora_name" value, a "model" in JSON
  hash      a hexadecimal word of 8 to 64 digits within 80 characters after the word "hash"
and checks that each appears among the strings and numbers of Candor's JSON report for the same file (hashes and
names compared case-insensitively). It prints the counts and every miss, and exits 1 when anything is missing.
"""
import json
import re
import sys

SOFTWARE_TAGS = {"Software", "CreatorTool", "Generator"}
SEED = re.compile(r'(?i)\b(?:noise_)?seed["\']?\s*[:=]\s*["\']?(\d{1,20})\b')
A1111_MODEL = re.compile(r'(?:^|,\s)Model:\s*([^,\n]+)')
JSON_MODEL = re.compile(r'"(?:ckpt_name|unet_name|lora_name)"\s*:\s*"([^"]+)"')
HEX = re.compile(r'\b[0-9a-fA-F]{8,64}\b')


def scalars(value, out):
    if isinstance(value, dict):
        for v in value.values():
            scalars(v, out)
    elif isinstance(value, list):
        for v in value:
            scalars(v, out)
    elif isinstance(value, bool) or value is None:
        return
    else:
        out.append(str(value))


def wanted(tags):
    """(kind, value, where) for every value of interest in one file's exiftool tags."""
    found = set()
    for key, value in tags.items():
        if key == "SourceFile":
            continue
        name = key.split(":", 1)[-1]
        texts = []
        scalars(value, texts)
        for text in texts:
            if name in SOFTWARE_TAGS and text.strip():
                found.add(("software", text.strip(), key))
            for m in SEED.finditer(text):
                found.add(("seed", m.group(1), key))
            for m in A1111_MODEL.finditer(text):
                found.add(("model", m.group(1).strip(), key))
            for m in JSON_MODEL.finditer(text):
                found.add(("model", m.group(1).strip(), key))
            for m in HEX.finditer(text):
                word = m.group(0)
                if not (re.search(r'\d', word) and re.search(r'[a-fA-F]', word)):
                    continue
                if "hash" in text[max(0, m.start() - 80):m.start()].lower():
                    found.add(("hash", word, key))
    return found


def main():
    exif_path, candor_path = sys.argv[1], sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else "candor"
    with open(exif_path, encoding="utf-8") as f:
        exif = {t["SourceFile"]: t for t in json.load(f)}
    reports = {}
    with open(candor_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                reports[r["path"]] = r
    counts, misses = {}, []
    files = 0
    for path, tags in sorted(exif.items()):
        report = reports.get(path)
        if report is None:
            misses.append((path, "report", "(no report)", ""))
            continue
        files += 1
        values = []
        scalars(report, values)
        text = "\n".join(values)
        lower = text.lower()
        for kind, value, key in sorted(wanted(tags)):
            counts.setdefault(kind, [0, 0])[0] += 1
            hit = value in text if kind in ("seed", "software") else value.lower() in lower
            if hit:
                counts[kind][1] += 1
            else:
                misses.append((path, kind, value, key))
    total = sum(c[0] for c in counts.values())
    found = sum(c[1] for c in counts.values())
    detail = ", ".join(f"{k} {c[1]}/{c[0]}" for k, c in sorted(counts.items()))
    print(f"same fields, {label}: {found} of {total} values exiftool exposes as text are in Candor's reports ({detail}; {files} files)")
    for path, kind, value, key in misses[:40]:
        print(f"  MISSING {kind} {value!r} ({key}) in {path}")
    if misses:
        print(f"  {len(misses)} missing in all", file=sys.stderr)
        sys.exit(1)


main()
