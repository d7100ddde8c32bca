#!/bin/sh
# gift: builds the libFuzzer target for the GIFT reader/writer and fuzzes it for a few seconds from the fixtures (round-trip property).
. tests/lib/harness.sh
. tests/lib/fuzz.sh
SECONDS_TO_FUZZ=${JIAOYAN_GIFT_FUZZ_SECONDS:-5}

fuzz_need_clang

fuzz_build "GIFT fuzz target builds (make $B/fuzz_gift)" fuzz_gift make --no-print-directory B="$B" "$B/fuzz_gift"

# Seeds: the fixtures whole, each of their questions alone, and a few corner cases.
mkdir -p "$T/corpus"
for f in tests/fixtures/gift/*.gift; do
	cp "$f" "$T/corpus/$(basename "$f")"
	awk -v dir="$T/corpus" -v base="$(basename "$f" .gift)" '
		/^[ \t\r]*$/ { if (q != "") { n++; printf "%s", q > (dir "/" base "-" n); close(dir "/" base "-" n); q = "" } next }
		{ q = q $0 "\n" }
		END { if (q != "") { n++; printf "%s", q > (dir "/" base "-" n) } }' "$f"
done
printf 'x{#=%%50%%*#a ~b#c}\n' > "$T/corpus/num-any"
printf 'a {=b}\\n' > "$T/corpus/blank-end"
printf '::t::[html][plain]x{T##r####g}' > "$T/corpus/formats"
printf '{a->b}' > "$T/corpus/bare-short"

cat > "$T/dict" <<'DICT'
"{"
"}"
"="
"~"
"#"
"####"
"::"
"->"
".."
":"
"%50%"
"%-100%"
"%33.33333%"
"\\"
"\\n"
"\\:"
"\\{"
"//"
"\x0a\x0a"
"\x0d\x0a"
"$CATEGORY:"
"[html]"
"[markdown]"
"{T"
"{FALSE"
"{#"
"*"
"_____"
"\xe4\xb8\xad"
"\xef\xbb\xbf"
DICT

fuzz_run fuzz_gift 2048 "gift_parse" "no crash, write(parse(x)) reads back the same"
