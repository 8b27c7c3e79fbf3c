# bash completion for bpfverify; the option list comes from bpfverify
# --help itself, so it cannot drift from the program.
_bpfverify()
{
	local cur prev words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--log-level|-l) mapfile -t COMPREPLY < <(compgen -W "0 1 2" -- "$cur"); return ;;
	--caps) mapfile -t COMPREPLY < <(compgen -W "root bpf" -- "$cur"); return ;;
	--output-format|-o) mapfile -t COMPREPLY < <(compgen -W "table csv json" -- "$cur"); return ;;
	--format) mapfile -t COMPREPLY < <(compgen -W "text json sarif github" -- "$cur"); return ;;
	--color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
	--emit|-e|--sort|-s)
		words="file_name prog_name section prog_type verdict duration total_insns total_states peak_states max_states_per_insn stack_depth prog_size"
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "${cur##*,}")
		return ;;
	--btf|--filter|-f) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
	--prog-type|--attach-type|--map|--prog|--prog-flags|--jobs|-j|--fail-on) return ;;
	esac
	if [[ $cur == -* ]]; then
		words=$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-z-]*' | tr -d ' ,' | sort -u)
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return
	fi
	if [[ $COMP_CWORD -eq 1 ]]; then
		mapfile -t COMPREPLY < <(compgen -W "stats compare explain" -- "$cur")
	fi
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
}
complete -o filenames -F _bpfverify bpfverify
