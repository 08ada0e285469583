#!/usr/bin/env bash
# sweep.sh: a hyperparameter grid over `rnn train`. Each combination of the grid trains in its own
# run directory under OUTDIR, here (one or -j N at a time), over ssh (--hosts FILE, GNU parallel)
# or under another scheduler (--print). Re-running the same sweep skips the finished runs and
# resumes the interrupted ones; at the end OUTDIR/results.csv holds one row per run and
# OUTDIR/sweep.png their validation curves. See docs/sweeps.md.
set -euo pipefail

self="$(readlink -f "${BASH_SOURCE[0]}")"
here="$(dirname "$self")"
rnn="$here/rnn"

usage() {
  cat <<'EOF'
Usage: scripts/sweep.sh CORPUS OUTDIR KEY=V1,V2... [KEY=V1,V2...] [-j N] [--hosts FILE] [--print]
                        [-- RNN_TRAIN_OPTION...]
Train once per combination of the grid, each run in OUTDIR/KEY=V_KEY=V with its log train.log.
KEY is an `rnn train` option without its dashes (hidden=128,256 lr=0.002,0.004 cell=lstm,gru);
options after -- go to every run (-- --max-steps 2000 --threads 2).

  -j, --jobs N    run N at a time (GNU parallel if installed, else xargs -P; default 1);
                  with --hosts, N at a time on each host
  --hosts FILE    spread the runs over the machines in FILE (GNU parallel --sshloginfile);
                  the repository, CORPUS and OUTDIR must be at the same paths on every host
  --print         only print the command of each run, one per line, for another scheduler
                  (each command skips, resumes and records its run like the sweep does);
                  afterwards, run the same sweep without --print to collect the results
  -h, --help      show this help

Re-running the same sweep skips finished runs (OUTDIR/RUN/.done), resumes interrupted ones from
their last.safetensors and retries failed ones. Results: OUTDIR/results.csv (the grid values,
best_val_bpc, best_step, train_seconds, chars_per_sec, status, run_dir), printed best first,
and OUTDIR/sweep.png. Exit status: 0 if every run finished, 1 if one failed or stopped,
2 for a usage error, 130 if the sweep was interrupted.
EOF
}

die_usage() {
  echo "sweep.sh: error: $*" >&2
  echo "Try 'scripts/sweep.sh --help'." >&2
  exit 2
}

die() {
  echo "sweep.sh: error: $*" >&2
  exit 1
}

plural() { (($1 == 1)) || echo s; }

# ---------------------------------------------------------------------------------------------
# One run (the command that --print prints): sweep.sh --run-one RUNDIR CORPUS [TRAIN_OPTION...]
# A run is finished when RUNDIR/.done exists (written after `rnn train` exits 0); otherwise it
# resumes from RUNDIR/last.safetensors when there is one, else it starts. Its exit status goes
# to RUNDIR/.status; stdout and stderr of `rnn train` to RUNDIR/train.log.
# ---------------------------------------------------------------------------------------------
run_one() {
  local dir=$1 corpus=$2
  shift 2
  local name log
  name="$(basename "$dir")"
  log="$dir/train.log"
  if [[ -e $dir/.done ]]; then
    echo "skip    $name: finished earlier (delete $dir/.done to run it again)"
    return 0
  fi
  mkdir -p "$dir"
  rm -f "$dir/.status"
  local -a cmd
  local how
  if [[ -f $dir/last.safetensors ]]; then
    # every option again: the resumable ones (--max-steps...) may change, the others must match the run
    cmd=("$rnn" train --resume "$dir" --quiet "$@")
    how=resumed
    printf '\n' >>"$log"
  else
    cmd=("$rnn" train "$corpus" --out "$dir" --quiet "$@")
    how=started
    : >"$log"
  fi
  printf '== sweep.sh %s %s on %s: %s\n' "$how" "$(date '+%F %T')" "$(hostname)" "${cmd[*]}" >>"$log"
  echo "$how $name"
  local status=0 start=$SECONDS
  "${cmd[@]}" >>"$log" 2>&1 || status=$?
  echo "$status" >"$dir/.status"
  local took=$((SECONDS - start))
  if ((status == 0)); then
    : >"$dir/.done"
    echo "ok      $name (${took} s)"
  elif ((status > 128)); then
    echo "STOPPED $name (exit $status after ${took} s; the next sweep resumes it): $(tail -n 1 "$log")"
  else
    echo "FAILED  $name (exit $status; see $log): $(grep -m 1 '^rnn: error:' "$log" || tail -n 1 "$log")"
  fi
  # 255 would make xargs stop starting runs; one failing run must not stop the others
  return $((status == 255 ? 1 : status))
}

if [[ ${1:-} == --run-one ]]; then
  shift
  (($# >= 2)) || die_usage "--run-one needs RUNDIR CORPUS [TRAIN_OPTION...]"
  run_one "$@"
  exit $?
fi

# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------
positional=()
grid_specs=()
extra=()
jobs=1
hosts=""
print_only=0
while (($# > 0)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    -j | --jobs)
      (($# >= 2)) || die_usage "$1 needs a number"
      jobs=$2
      shift 2
      ;;
    -j*) jobs=${1#-j}; shift ;;
    --jobs=*) jobs=${1#--jobs=}; shift ;;
    --hosts)
      (($# >= 2)) || die_usage "--hosts needs a file"
      hosts=$2
      shift 2
      ;;
    --hosts=*) hosts=${1#--hosts=}; shift ;;
    --print) print_only=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -*) die_usage "unknown option $1 (options for rnn train go after --)" ;;
    [a-z]*=*)
      [[ $1 =~ ^[a-z][a-z0-9-]*= ]] || die_usage "'$1' is not KEY=V1,V2 (write a path holding '=' as ./$1)"
      grid_specs+=("$1")
      shift
      ;;
    *)
      ((${#positional[@]} < 2)) || die_usage "unexpected argument '$1': the grid is KEY=V1,V2 (e.g. hidden=128,256)"
      positional+=("$1")
      shift
      ;;
  esac
done
((${#positional[@]} == 2)) || die_usage "give CORPUS OUTDIR, then the grid KEY=V1,V2..."
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die_usage "-j is '$jobs'; it must be a whole number >= 1"
((${#grid_specs[@]} > 0)) || die_usage "no grid: give at least one KEY=V1,V2 (e.g. hidden=128,256)"
corpus_arg=${positional[0]}
[[ -f $corpus_arg ]] || die "the corpus $corpus_arg does not exist or is not a file"
corpus="$(realpath -- "$corpus_arg")"
outdir="$(realpath -m -- "${positional[1]}")"
if [[ -n $hosts ]]; then
  [[ -r $hosts ]] || die "the hosts file $hosts cannot be read"
  hosts="$(realpath -- "$hosts")"
fi

# Build the jar once, before any run starts (parallel launchers would each wait for it).
"$rnn" --version >/dev/null || die "cannot run $rnn (see above)"

# The options of `rnn train`, from its help: kind[NAME] is "value" (--NAME=X) or "flag" (--NAME).
declare -A kind=()
help_text="$("$rnn" train --help)" || die "cannot read the options of rnn train (see above)"
while IFS= read -r line; do
  if [[ $line =~ ^\ {2,6}(-[A-Za-z],\ )?--([a-z][a-z0-9-]*)(=[^ ]+)? ]]; then
    kind[${BASH_REMATCH[2]}]=$([[ -n ${BASH_REMATCH[3]} ]] && echo value || echo flag)
  fi
done <<<"$help_text"
((${#kind[@]} > 10)) || die "could not find the options of rnn train in its --help output"
# managed by the sweep: each run's directory, resuming, the progress bar, help
declare -A reserved=([out]=1 [resume]=1 [quiet]=1 [help]=1 [version]=1)

# The options after --, as single tokens (--NAME=X or --NAME) so that they pass through unchanged.
train_extra=()
declare -A extra_names=()
i=0
while ((i < ${#extra[@]})); do
  arg=${extra[i]}
  i=$((i + 1))
  [[ $arg =~ ^--([a-z][a-z0-9-]*)(=(.*))?$ ]] || die_usage "unexpected '$arg' after --: give rnn train options (--max-steps 2000)"
  name=${BASH_REMATCH[1]}
  [[ -n ${kind[$name]:-} ]] || die_usage "rnn train has no option --$name (see scripts/rnn train --help)"
  [[ $name == quiet ]] && continue # every run is --quiet
  [[ -z ${reserved[$name]:-} ]] || die_usage "--$name is set by the sweep for each run; leave it out"
  extra_names[$name]=1
  if [[ ${kind[$name]} == flag ]]; then
    [[ -z ${BASH_REMATCH[2]} ]] || die_usage "--$name takes no value"
    train_extra+=("--$name")
  elif [[ -n ${BASH_REMATCH[2]} ]]; then
    train_extra+=("--$name=${BASH_REMATCH[3]}")
  else
    ((i < ${#extra[@]})) || die_usage "--$name needs a value"
    train_extra+=("--$name=${extra[i]}")
    i=$((i + 1))
  fi
done

# The grid: keys in the order given, each with its values.
keys=()
declare -A values=()
value_list='^[^,[:space:]"]+(,[^,[:space:]"]+)*$'
for spec in "${grid_specs[@]}"; do
  key=${spec%%=*}
  list=${spec#*=}
  [[ -n ${kind[$key]:-} ]] || die_usage "unknown key '$key' in $spec: not an rnn train option (see scripts/rnn train --help)"
  [[ -z ${reserved[$key]:-} ]] || die_usage "'$key' cannot be swept: the sweep sets --$key itself"
  [[ -z ${values[$key]+set} ]] || die_usage "'$key' is given twice; list all its values once: $key=V1,V2"
  [[ -z ${extra_names[$key]:-} ]] || die_usage "'$key' is both in the grid and after --; keep one"
  [[ $list =~ $value_list ]] || die_usage "$spec: give the values as V1,V2,... (no spaces, quotes or empty values)"
  if [[ ${kind[$key]} == flag ]]; then
    [[ $list =~ ^(true|false)(,(true|false))*$ ]] || die_usage "$spec: --$key is a switch; its values are true and false"
  fi
  keys+=("$key")
  values[$key]=$list
done

# The cartesian product, first key slowest: "v1 v2 ..." per run (values hold no spaces).
combos=("")
for key in "${keys[@]}"; do
  IFS=, read -r -a vs <<<"${values[$key]}"
  next=()
  for c in "${combos[@]}"; do
    for v in "${vs[@]}"; do
      next+=("${c:+$c }$v")
    done
  done
  combos=("${next[@]}")
done

# Each run: its directory name (KEY=V joined by _, characters outside [A-Za-z0-9.+=-] as -) and command.
names=()
commands=()
declare -A taken=()
for c in "${combos[@]}"; do
  read -r -a vs <<<"$c"
  name=""
  args=()
  for k in "${!keys[@]}"; do
    key=${keys[k]}
    v=${vs[k]}
    name+="${name:+_}$key=${v//[^A-Za-z0-9.+-]/-}"
    if [[ ${kind[$key]} == flag ]]; then
      [[ $v == true ]] && args+=("--$key")
    else
      args+=("--$key=$v")
    fi
  done
  [[ -z ${taken[$name]:-} ]] || die_usage "two runs would share the directory $name; use values that differ in [A-Za-z0-9.+-]"
  taken[$name]=1
  names+=("$name")
  quoted="$(printf '%q ' "$self" --run-one "$outdir/$name" "$corpus" "${args[@]}" "${train_extra[@]}")"
  commands+=("${quoted% }")
done

if ((print_only)); then
  printf '%s\n' "${commands[@]}"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Run what is not finished
# ---------------------------------------------------------------------------------------------
mkdir -p "$outdir" || die "cannot create $outdir"
exec 9>"$outdir/.sweep.lock"
flock -n 9 || die "another sweep is running in $outdir (it holds $outdir/.sweep.lock)"

pending=()
finished=()
for r in "${!names[@]}"; do
  if [[ -e $outdir/${names[r]}/.done ]]; then
    finished+=("${names[r]}")
  else
    pending+=("${commands[r]}")
  fi
done

runner=${SWEEP_RUNNER:-}
if [[ -z $runner ]]; then
  if [[ -n $hosts ]] || { ((jobs > 1)) && command -v parallel >/dev/null; }; then
    runner=parallel
  elif ((jobs > 1)); then
    runner="xargs"
  else
    runner=serial
  fi
fi
case $runner in
  serial | xargs | parallel) ;;
  *) die_usage "SWEEP_RUNNER is '$runner'; use serial, xargs or parallel" ;;
esac
if [[ $runner != parallel ]] && [[ -n $hosts ]]; then
  die_usage "--hosts needs GNU parallel (SWEEP_RUNNER=$runner)"
fi
if [[ $runner == parallel ]] && ! command -v parallel >/dev/null; then
  die "GNU parallel is not installed$([[ -z $hosts ]] || echo " (--hosts needs it)"); install it (apt-get install parallel)"
fi

echo "sweep: ${#names[@]} run$(plural ${#names[@]}) in $outdir: ${#finished[@]} finished earlier, ${#pending[@]} to run," \
  "$jobs at a time$([[ -n $hosts ]] && echo " per host in $hosts") ($runner)"
for name in "${finished[@]}"; do
  echo "skip    $name: finished earlier (delete $outdir/$name/.done to run it again)"
done

interrupted=0
trap 'interrupted=1' INT
if ((${#pending[@]} > 0)); then
  case $runner in
    serial)
      for line in "${pending[@]}"; do
        bash -c "$line" || true
        ((interrupted == 0)) || break
      done
      ;;
    xargs)
      printf '%s\0' "${pending[@]}" | xargs -0 -n 1 -P "$jobs" bash -c || true
      ;;
    parallel)
      # Ctrl-C: each run gets SIGINT first, on which rnn train saves a checkpoint before it exits
      popts=(--jobs "$jobs" --line-buffer)
      termseq='INT,60000,TERM,2000,KILL,25'
      if parallel --termseq "$termseq" --dry-run true ::: probe >/dev/null 2>&1; then
        popts+=(--termseq "$termseq") # older GNU parallel has no --termseq and stops runs its own way
      fi
      [[ -z $hosts ]] || popts+=(--sshloginfile "$hosts")
      printf '%s\n' "${pending[@]}" | parallel "${popts[@]}" || true
      ;;
  esac
fi
trap - INT
if ((interrupted)); then
  echo "sweep: interrupted; run the same command again to resume the unfinished runs" >&2
  exit 130
fi

# ---------------------------------------------------------------------------------------------
# Results: one row per run from its metrics.csv and .status
# ---------------------------------------------------------------------------------------------
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The valid rows of a metrics.csv as "step val_bpc chars_per_sec elapsed_s" ("-" for an empty
# cell), columns found by name; a row with too few cells (the torn line of a killed run) is left out.
metric_rows() {
  LC_ALL=C awk -F, '
    NR == 1 {
      for (i = 1; i <= NF; i++) col[$i] = i
      if (!("step" in col) || !("val_bpc" in col) || !("chars_per_sec" in col) || !("elapsed_s" in col)) {
        print FILENAME ": not a metrics.csv header: " $0 > "/dev/stderr"; exit 1
      }
      n = NF; cs = col["step"]; cv = col["val_bpc"]; cc = col["chars_per_sec"]; ce = col["elapsed_s"]
      next
    }
    NF != n || $cs !~ /^[0-9]+$/ { next }
    { printf "%s %s %s %s\n", $cs, ($cv == "" ? "-" : $cv), ($cc == "" ? "-" : $cc), ($ce == "" ? "-" : $ce) }
  ' "$1"
}

# "best_val_bpc best_step train_seconds chars_per_sec" of a run ("-" where there is nothing yet).
# elapsed_s restarts from 0 in each --resume session, so the training time adds up the sessions.
run_summary() {
  local rows=$tmp/rows best median
  metric_rows "$1" >"$rows"
  best=$(LC_ALL=C awk '
    $2 != "-" && (best == "" || $2 + 0 < best + 0) { best = $2; step = $1 }
    $4 != "-" { e = $4 + 0; if (seen && e < prev) total += prev; prev = e; seen = 1 }
    END { printf "%s %s %s\n", (best == "" ? "-" : best), (best == "" ? "-" : step), (seen ? sprintf("%.1f", total + prev) : "-") }
  ' "$rows")
  # the median, as one slow step (the JVM warming up, an evaluation) would drag the mean
  median=$(LC_ALL=C awk '$3 != "-" && $3 + 0 > 0 { print $3 }' "$rows" | LC_ALL=C sort -g | LC_ALL=C awk '
    { v[NR] = $1 }
    END { if (NR == 0) print "-"; else printf "%.0f\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }
  ')
  echo "$best $median"
}

header="$(
  IFS=,
  echo "${keys[*]},best_val_bpc,best_step,train_seconds,chars_per_sec,status,run_dir"
)"
results=$tmp/results.csv
echo "$header" >"$results"
plot_dirs=()
n_ok=0
n_failed=0
n_stopped=0
for r in "${!names[@]}"; do
  name=${names[r]}
  dir=$outdir/$name
  read -r -a vs <<<"${combos[r]}"
  status=failed
  code="$(cat "$dir/.status" 2>/dev/null || true)"
  if [[ -e $dir/.done ]]; then
    status=ok
  elif [[ $code =~ ^[0-9]+$ ]]; then
    if ((code == 0)); then status=ok; elif ((code > 128)); then status=interrupted; fi
  elif [[ -f $dir/last.safetensors ]]; then
    status=interrupted # killed before it could record how it ended
  else
    echo "sweep: warning: $name left no $dir/.status: it did not start (see the messages above)$([[ -z $hosts ]] ||
      echo ", or OUTDIR is not on a filesystem that every host shares")" >&2
  fi
  metrics=(- - - -)
  if [[ $status != failed && -s $dir/metrics.csv ]]; then
    read -r -a metrics <<<"$(run_summary "$dir/metrics.csv")"
    [[ ${metrics[0]} == - ]] || plot_dirs+=("$dir")
  fi
  case $status in
    ok) n_ok=$((n_ok + 1)) ;;
    failed) n_failed=$((n_failed + 1)) ;;
    *) n_stopped=$((n_stopped + 1)) ;;
  esac
  row="$(
    IFS=,
    echo "${vs[*]}"
  )"
  for m in "${metrics[@]}"; do
    row+=",${m/#-/}" # "-" (nothing) becomes an empty cell
  done
  echo "$row,$status,$name" >>"$results"
done
mv "$results" "$outdir/results.csv"

# The table, best validation loss first, runs without one last.
echo
bpc_col=$((${#keys[@]} + 1))
{
  echo "$header"
  tail -n +2 "$outdir/results.csv" | awk -F, -v c="$bpc_col" '{ print ($c == "" ? 1 : 0) "\t" ($c == "" ? 0 : $c) "\t" $0 }' |
    LC_ALL=C sort -t $'\t' -k1,1n -k2,2g | cut -f 3-
} | awk -F, '
  { for (i = 1; i < NF; i++) { cell[NR, i] = ($i == "" ? "-" : $i); if (length(cell[NR, i]) > w[i]) w[i] = length(cell[NR, i]) } }
  END { for (r = 1; r <= NR; r++) { line = ""; for (i = 1; i < NF; i++) line = line sprintf("%-" w[i] "s  ", cell[r, i]); sub(/ +$/, "", line); print line } }
'
echo

plot_failed=0
if ((${#plot_dirs[@]} > 0)); then
  "$rnn" plot --val-only --unit bits --title "validation loss: $(basename "$outdir")" -o "$outdir/sweep.png" "${plot_dirs[@]}" ||
    { plot_failed=1; echo "sweep: warning: could not draw $outdir/sweep.png (see above)" >&2; }
else
  echo "sweep: no run has a validation loss yet; no $outdir/sweep.png" >&2
fi

echo "sweep: ${#names[@]} run$(plural ${#names[@]}): $n_ok ok, $n_failed failed, $n_stopped interrupted; $outdir/results.csv"
if ((n_ok == ${#names[@]} && plot_failed == 0)); then
  exit 0
fi
exit 1
