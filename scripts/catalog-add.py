#!/usr/bin/env python3
"""Adds or replaces entries of the string catalog, Resources/Localizable.xcstrings, and writes it back
as Xcode writes it (keys sorted, two-space indent, " : "), so that Xcode and this script give the same file.

Reads JSON lines on standard input, one entry each:

    {"key": "masking.row.unmasked", "en": "unmasked", "de": "Unmaskierte Bytes", "comment": "row of table 1"}

A value with plural forms is an object: {"one": "%lld byte", "other": "%lld bytes"} (the form is chosen by
the first numeric argument). Placeholders carry positions (%1$@, %2$lld) so a translation can reorder them.

    scripts/catalog-add.py < new-entries.jsonl
    scripts/catalog-add.py --remove KEY...
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATH = os.path.join(ROOT, "Resources", "Localizable.xcstrings")


def localization(value):
    if isinstance(value, dict):
        return {"variations": {"plural": {form: {"stringUnit": {"state": "translated", "value": text}}
                                          for form, text in value.items()}}}
    return {"stringUnit": {"state": "translated", "value": value}}


def main():
    if os.path.exists(PATH):
        with open(PATH, encoding="utf-8") as handle:
            catalog = json.load(handle)
    else:
        catalog = {"sourceLanguage": "en", "strings": {}, "version": "1.0"}
    strings = catalog.setdefault("strings", {})
    if sys.argv[1:2] == ["--remove"]:
        for key in sys.argv[2:]:
            strings.pop(key, None)
    else:
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            entry = json.loads(line)
            missing = [field for field in ("key", "en", "de") if field not in entry]
            if missing:
                sys.exit(f"line {number}: missing {', '.join(missing)}")
            item = {"extractionState": "manual",
                    "localizations": {"de": localization(entry["de"]), "en": localization(entry["en"])}}
            if entry.get("comment"):
                item["comment"] = entry["comment"]
            strings[entry["key"]] = item
    text = json.dumps(catalog, ensure_ascii=False, indent=2, separators=(",", " : "), sort_keys=True)
    with open(PATH, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")


if __name__ == "__main__":
    main()
