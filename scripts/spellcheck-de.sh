#!/usr/bin/env bash
# Spell-checks the German teaching text with hunspell (Debian: hunspell, hunspell-de-de) against the
# project's word list of technical terms, Lessons/de/wordlist.txt.
#
#   scripts/spellcheck-de.sh                 # every Lessons/de/*.md
#   scripts/spellcheck-de.sh FILE...         # the lessons and these files too
#   scripts/spellcheck-de.sh --only FILE...  # only these files
#
# Markdown (and any other text file): fenced code blocks, inline code, HTML comments, command lines
# ("$ ..." or "wslens ..."), URLs and the digits in front of a compound ("7-Bit-Feld" is checked as "Bit-Feld") are
# left out. JSON: every string value is checked; an .xcstrings catalog: only the German ("de")
# localizations; placeholders such as %1$@ or %lld, inline code and --options are left out (JSON needs python3).
#
# Prints every unknown word as FILE:LINE: WORD (hunspell's suggestions) and exits 1 when there is one;
# exits 2 when hunspell or its de_DE dictionary is missing or a file cannot be read; 0 when all is known.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
wordlist="$root/Lessons/de/wordlist.txt"

fail() { echo "spellcheck-de: $*" >&2; exit 2; }

command -v hunspell >/dev/null 2>&1 ||
    fail "hunspell is not installed (Debian/Ubuntu: apt-get install hunspell hunspell-de-de; macOS: brew install hunspell, plus a de_DE dictionary)"
dictionaries=$(hunspell -D </dev/null 2>&1 || true)
printf '%s\n' "$dictionaries" | grep -Eq '(^|/)de_DE$' ||
    fail "hunspell has no de_DE dictionary (Debian/Ubuntu: apt-get install hunspell-de-de)"
[ -r "$wordlist" ] || fail "$wordlist: cannot read the project word list"

files=()
if [ "${1:-}" = "--only" ]; then
    shift
    [ "$#" -gt 0 ] || fail "--only needs at least one file"
else
    for lesson in "$root"/Lessons/de/*.md; do files+=("$lesson"); done
fi
files+=("$@")
[ "${#files[@]}" -gt 0 ] || fail "no files to check"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The word list without its comment lines and blank lines (hunspell reads every line as a word;
# "word/model" gives a word the affixes of a dictionary word, e.g. "Opcode/Code" allows "Opcodes").
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$wordlist" >"$work/personal.dic" || true

# Markdown: prose lines only, each kept on its own line number (everything else becomes empty).
prose_of_markdown() {
    # Plain POSIX awk (mawk has no {m,n} intervals); bytes, so UTF-8 passes through untouched.
    LC_ALL=C awk '
        function fence(line,   m) {
            if (match(line, /^(   |  | )?(````*|~~~~*)/)) {
                m = substr(line, RSTART, RLENGTH); sub(/^ */, "", m); return m
            }
            return ""
        }
        {
            f = fence($0)
            if (open != "") {
                # A fence closes with the same character, at least as long, and nothing after it.
                if (f != "" && substr(f, 1, 1) == substr(open, 1, 1) && length(f) >= length(open) && $0 ~ /^ *(``*|~~*)[ \t]*$/) open = ""
                print ""; next
            }
            if (f != "") { open = f; print ""; next }
            line = $0
            # HTML comments (notes for whoever edits a lesson), also over several lines.
            if (comment) {
                if (!(end = index(line, "-->"))) { print ""; next }
                line = substr(line, end + 3); comment = 0
            }
            while ((start = index(line, "<!--")) > 0) {
                rest = substr(line, start + 4)
                if ((end = index(rest, "-->")) > 0) { line = substr(line, 1, start - 1) " " substr(rest, end + 3) }
                else { line = substr(line, 1, start - 1); comment = 1 }
            }
            if (line ~ /^[ \t]*(\$ |wslens )/) { print ""; next }
            gsub(/`[^`]*`/, " ", line)                                     # inline code
            gsub(/[A-Za-z][A-Za-z0-9+.-]*:\/\/[^ \t)>]*/, " ", line)       # URLs
            gsub(/<[^>]*>/, " ", line)                                     # HTML tags
            gsub(/[A-Za-z]*[0-9][0-9.,]*(-|–)/, " ", line)                 # "7-Bit-Feld" -> "Bit-Feld", "base64-codiert" -> "codiert"
            # Words with digits (UTF-8, 0x8, ipv4) and runs of table punctuation are not prose; a hyphen at
            # the edge of a word stands for a word left out ("Anfrage- und Antwort-Header").
            n = split(line, words, /[ \t]+/); line = ""
            for (i = 1; i <= n; i++) {
                word = words[i]
                if (word ~ /[0-9]/ || word ~ /^[-|:*]*$/) continue
                sub(/^[(„"*]*-+/, "", word); sub(/-+[)“",;:.*]*$/, "", word)
                line = line " " word
            }
            print line
        }' "$1"
}

# JSON: one string value per line, with where it came from.
prose_of_json() {
    command -v python3 >/dev/null 2>&1 || fail "$1: python3 is needed to read JSON"
    python3 - "$1" "$2" <<'PYTHON'
import json, re, sys
path, where = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as handle:
    document = json.load(handle)
placeholder = re.compile(r"%(\d+\$)?[-+ #0]*\d*(\.\d+)?(hh|h|ll|l|q|z|t|j)?[@dDuUxXoOfeEgGcCsSpaAF%]")
rows = []
def walk(value, trail):
    if isinstance(value, dict):
        for key, item in value.items():
            walk(item, trail + [str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            walk(item, trail + [str(index)])
    elif isinstance(value, str):
        rows.append((trail, value))
if path.endswith(".xcstrings"):
    # Only German values: strings.KEY.localizations.de....stringUnit.value (plural variations included).
    for key, entry in document.get("strings", {}).items():
        german = entry.get("localizations", {}).get("de")
        if german is not None:
            walk(german, ["strings", key, "de"])
    rows = [(trail, value) for trail, value in rows if trail[-1] == "value"]
else:
    walk(document, [])
with open(where, "w", encoding="utf-8") as out:
    for trail, value in rows:
        text = placeholder.sub(" ", value).replace("\n", " ")
        text = re.sub(r"`[^`]*`", " ", text)                               # inline code, as in Markdown
        text = re.sub(r"(?<!\w)--[a-z][a-z-]*", " ", text)                 # command-line options (--max-frames)
        text = re.sub(r"[A-Za-z][A-Za-z0-9+.-]*://\S*", " ", text)
        text = re.sub(r"[A-Za-z]*\d[\d.,]*[-–]", " ", text)
        words = [word for word in text.split() if not re.search(r"\d", word) and not re.fullmatch(r"[-|:*]+", word)]
        text = " ".join(re.sub(r"-+[)“\",;:.*]*$", "", re.sub(r"^[(„\"*]*-+", "", word)) for word in words)
        print(text, file=out)
        print(".".join(trail), file=sys.stdout)
PYTHON
}

status=0
for file in "${files[@]}"; do
    [ -r "$file" ] || fail "$file: cannot read it"
    : >"$work/where"
    case "$file" in
        *.json|*.xcstrings) prose_of_json "$file" "$work/prose" >"$work/where" ;;
        *) prose_of_markdown "$file" >"$work/prose" ;;
    esac
    # Pipe mode: "^" makes hunspell read each line as text; it answers every line with one result
    # line per word ("&" or "#" for an unknown word) and then an empty line.
    sed 's/^/^/' "$work/prose" |
        hunspell -a -d de_DE -i utf-8 -p "$work/personal.dic" |
        awk -v file="$file" -v wherefile="$work/where" '
            BEGIN { while ((getline place < wherefile) > 0) where[++places] = place }
            NR == 1 { next }                         # the version banner
            $0 == "" { line++; next }
            /^[&#]/ {
                word = $2
                suggestions = ""
                if ($1 == "&") { suggestions = $0; sub(/^[^:]*: /, "", suggestions) }
                location = places > 0 ? where[line + 1] : line + 1
                printf "%s:%s: %s%s\n", file, location, word, (suggestions == "" ? "" : "  (" suggestions ")")
                found = 1
            }
            END { exit found ? 1 : 0 }' || status=1
done

if [ "$status" -ne 0 ]; then
    echo "spellcheck-de: unknown words above; fix them, or add technical terms to Lessons/de/wordlist.txt" >&2
fi
exit "$status"
