# manpage.sh: man/assure.1 documents every command and every option that
# --help shows, so the two cannot drift apart; and it is valid mdoc.
. "$(dirname "$0")/lib.sh"
set -e
MAN=$SRC/man/assure.1
[ -f "$MAN" ] || fail "no man page"
run assure --help
cmds=$(printf '%s\n' "$out" | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')
[ -n "$cmds" ] || fail "no commands in --help"
for c in $cmds; do
	checks=$((checks + 1))
	grep -q "^\.It Nm $c\b" "$MAN" || grep -q "^\.Ss $c\$" "$MAN" ||
	    fail "man page lacks command $c"
	run assure "$c" --help
	for o in $(printf '%s\n' "$out" | sed -n 's/^  --\([a-z][a-z-]*\).*/\1/p'); do
		checks=$((checks + 1))
		grep -q "^\.It Fl \\(-\\)\?-\?$o\b\|Fl -$o\b\|Fl $o\b" "$MAN" ||
		    fail "man page lacks option --$o of $c"
	done
done
if command -v mandoc >/dev/null; then
	mandoc -T lint -W warning "$MAN" || fail "mandoc lint"
elif command -v groff >/dev/null; then
	groff -mandoc -Tutf8 -ww -z "$MAN" 2>"$TMP/groff" || true
	[ ! -s "$TMP/groff" ] || { cat "$TMP/groff"; fail "groff warnings"; }
fi
done_ok
