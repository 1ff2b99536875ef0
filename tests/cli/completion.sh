# completion.sh: the bash completion script is generated from the command
# table, is valid bash, and completes commands, options and kinds.
. "$(dirname "$0")/lib.sh"
set -e
run assure completion bash
expect_status 0
printf '%s\n' "$out" >"$TMP/c.bash"
bash -n "$TMP/c.bash" || fail "not valid bash"
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
	    _assure; printf "%s\n" "${COMPREPLY[@]}"' _ "$TMP/c.bash" "$@"
}
out=$(complete_words assure ev)
expect_out evaluate
out=$(complete_words assure ingest aws)
expect_out aws-iam-credential-report
out=$(complete_words assure evaluate --as)
expect_out --as-of
out=$(complete_words assure status --format "")
expect_out json
run assure completion zsh
expect_status 2
done_ok
