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
                  with --hosts, N at a time on each host. Each run gets --threads
                  max(1, cores / N) unless you give --threads (in the grid or after --)
  --hosts FILE    spread the runs over the machines in FILE (GNU parallel --sshloginfile);
                  the repository, CORPUS and OUTDIR must be at the same paths on every host
  --print         only print the command of each run, one per line, for another scheduler
                  (each command skips, resumes and records its run like the sweep does);
                  afterwards, run the same sweep without --print to collect the results
  -h, --help      show this help

Re-running the same sweep skips finished runs (OUTDIR/RUN/.done), resumes interrupted ones from
their last.safetensors and retries failed ones. Results, from `rnn runs`, best first:
OUTDIR/results.csv (the grid values, best_val_bpc, best_step, last_step, train_seconds,
chars_per_sec, status, run_dir), the same table printed, and OUTDIR/sweep.png. Exit status: 0 if
every run finished, 1 if one failed or stopped, 2 for a usage error, 130 if the sweep was interrupted.
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
# One run (the command that --print prints):
#   sweep.sh --run-one [--share N] RUNDIR CORPUS [TRAIN_OPTION...]
# A run is finished when RUNDIR/.done exists (written after `rnn train` exits 0); otherwise it
# resumes from RUNDIR/last.safetensors when there is one, else it starts. Its exit status goes
# to RUNDIR/.status; stdout and stderr of `rnn train` to RUNDIR/train.log. --share N adds
# --threads max(1, cores / N), the cores counted on the machine the run lands on.
# ---------------------------------------------------------------------------------------------
run_one() {
  local share=0
  if [[ $1 == --share ]]; then
    share=$2
    shift 2
  fi
  local dir=$1 corpus=$2
  shift 2
  if ((share > 0)); then
    local threads=$(($(nproc) / share))
    set -- "$@" "--threads=$((threads > 0 ? threads : 1))"
  fi
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
  if [[ ${1:-} == --share ]]; then
    [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die_usage "--run-one --share needs a whole number >= 1"
    (($# >= 4)) || die_usage "--run-one --share N needs RUNDIR CORPUS [TRAIN_OPTION...]"
  fi
  (($# >= 2)) || die_usage "--run-one needs [--share N] RUNDIR CORPUS [TRAIN_OPTION...]"
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

# managed by the sweep: each run's directory, resuming, the progress bar, help
declare -A reserved=([out]=1 [resume]=1 [quiet]=1 [help]=1 [version]=1)

# The options after -- pass to every run unchanged (but --quiet: every run is quiet); their
# names are only collected, to refuse one that is also in the grid.
train_extra=()
declare -A extra_names=()
for arg in "${extra[@]}"; do
  if [[ $arg == --?* ]]; then
    name=${arg#--}
    name=${name%%=*}
    [[ $name == quiet ]] && continue
    [[ -z ${reserved[$name]:-} ]] || die_usage "--$name is set by the sweep for each run; leave it out"
    extra_names[$name]=1
  fi
  train_extra+=("$arg")
done

# The grid: keys in the order given, each with its values.
keys=()
declare -A values=()
value_list='^[^,[:space:]"]+(,[^,[:space:]"]+)*$'
for spec in "${grid_specs[@]}"; do
  key=${spec%%=*}
  list=${spec#*=}
  [[ -z ${reserved[$key]:-} ]] || die_usage "'$key' cannot be swept: the sweep sets --$key itself"
  [[ -z ${values[$key]+set} ]] || die_usage "'$key' is given twice; list all its values once: $key=V1,V2"
  [[ -z ${extra_names[$key]:-} ]] || die_usage "'$key' is both in the grid and after --; keep one"
  [[ $list =~ $value_list ]] || die_usage "$spec: give the values as V1,V2,... (no spaces, quotes or empty values)"
  keys+=("$key")
  values[$key]=$list
done

# rnn itself checks the keys and the options after -- (with the first value of each key) before
# anything runs; this also builds the jar once, rather than in every parallel run. A value is
# only converted to its type here: a bad one (hidden=0) makes its run fail.
probe=()
for key in "${keys[@]}"; do
  probe+=("--$key=${values[$key]%%,*}")
done
probe_status=0
probe_error="$("$rnn" check-options train "$corpus" "${probe[@]}" "${train_extra[@]}" 2>&1 >/dev/null)" || probe_status=$?
if ((probe_status == 2)); then
  probe_error="$(grep -m 1 '^rnn: error: ' <<<"$probe_error" || true)"
  die_usage "rnn train does not take the grid and options: ${probe_error#rnn: error: } (a key is an rnn train option without its dashes; see scripts/rnn train --help)"
elif ((probe_status != 0)); then
  printf '%s\n' "$probe_error" >&2
  die "cannot run $rnn (see above)"
fi

# -j N: each run gets its share of the cores, unless --threads is given
share=0
if ((jobs > 1)) && [[ -z ${values[threads]+set} && -z ${extra_names[threads]:-} ]]; then
  share=$jobs
fi

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
grids=() # each run's .grid: KEY=VALUE lines, which rnn runs shows as columns
declare -A taken=()
for c in "${combos[@]}"; do
  read -r -a vs <<<"$c"
  name=""
  args=()
  for k in "${!keys[@]}"; do
    key=${keys[k]}
    v=${vs[k]}
    name+="${name:+_}$key=${v//[^A-Za-z0-9.+-]/-}"
    args+=("--$key=$v")
  done
  [[ -z ${taken[$name]:-} ]] || die_usage "two runs would share the directory $name; use values that differ in [A-Za-z0-9.+-]"
  taken[$name]=1
  names+=("$name")
  one=("$self" --run-one)
  ((share == 0)) || one+=(--share "$share")
  quoted="$(printf '%q ' "${one[@]}" "$outdir/$name" "$corpus" "${args[@]}" "${train_extra[@]}")"
  commands+=("${quoted% }")
  grids+=("$(for k in "${!keys[@]}"; do printf '%s=%s\n' "${keys[k]}" "${vs[k]}"; done)")
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
  mkdir -p "$outdir/${names[r]}"
  printf '%s\n' "${grids[r]}" >"$outdir/${names[r]}/.grid"
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
  "$jobs at a time$([[ -n $hosts ]] && echo " per host in $hosts") ($runner)$( ((share == 0)) ||
    echo ", each with --threads max(1, cores / $share)")"
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
# Results: `rnn runs` reads each run's metrics.csv, .status, .done and .grid
# ---------------------------------------------------------------------------------------------
n_done=0
plot_dirs=()
for name in "${names[@]}"; do
  dir=$outdir/$name
  [[ -e $dir/.done ]] && n_done=$((n_done + 1))
  if [[ ! -e $dir/.done && ! -e $dir/.status && ! -f $dir/last.safetensors ]]; then
    echo "sweep: warning: $name left no $dir/.status: it did not start (see the messages above)$([[ -z $hosts ]] ||
      echo ", or OUTDIR is not on a filesystem that every host shares")" >&2
  fi
  # a header alone (a run stopped before its first step) has nothing to plot
  if [[ -f $dir/metrics.csv ]] && (($(wc -l <"$dir/metrics.csv") > 1)); then
    plot_dirs+=("$name")
  fi
done

# run_dir is the run's directory relative to OUTDIR
report_failed=0
if (cd "$outdir" && "$rnn" runs --csv "${names[@]}") >"$outdir/results.csv.tmp"; then
  mv "$outdir/results.csv.tmp" "$outdir/results.csv"
else
  rm -f "$outdir/results.csv.tmp"
  report_failed=1
  echo "sweep: warning: could not write $outdir/results.csv (see above)" >&2
fi
echo
(cd "$outdir" && "$rnn" runs "${names[@]}") || report_failed=1
echo

plot_failed=0
if ((${#plot_dirs[@]} > 0)); then
  (cd "$outdir" && "$rnn" plot --val-only --unit bits --title "validation loss: $(basename "$outdir")" -o sweep.png "${plot_dirs[@]}") ||
    { plot_failed=1; echo "sweep: warning: could not draw $outdir/sweep.png (see above)" >&2; }
else
  echo "sweep: no run has logged a step yet; no $outdir/sweep.png" >&2
fi

echo "sweep: $n_done of ${#names[@]} run$(plural ${#names[@]}) finished; $outdir/results.csv"
if ((n_done == ${#names[@]} && plot_failed == 0 && report_failed == 0)); then
  exit 0
fi
exit 1
