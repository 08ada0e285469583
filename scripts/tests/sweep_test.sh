#!/usr/bin/env bash
# sweep_test: scripts/sweep.sh end to end on a tiny corpus, CI-sized (a few steps per run): a 2x2
# grid, its results.csv and sweep.png, the skip on re-run, --print, a failing run, an interrupted
# run that the next sweep resumes, a preset's run resumed, usage errors, each run's share of the cores under -j, the summary
# coming from `rnn runs`, and --hosts through GNU parallel (when installed).
# Ends with "sweep_test: N passed, M failed"; exits non-zero if any check failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
sweep=$root/scripts/sweep.sh
rnn=$root/scripts/rnn

"$rnn" --version >/dev/null # build the jar first, so that its "building" line is not taken for the sweep's output
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head -c 20000 corpora/tinyshakespeare.txt >"$work/tiny.txt"
tiny=(--layers 1 --batch 4 --seq-len 16 --max-steps 8 --eval-every 4 --checkpoint-every 4 --sample-len 0 --threads 1)
tiny_shared=("${tiny[@]:0:14}") # without --threads: under -j N each run gets its share of the cores
cores=$(nproc)
share2=$((cores / 2 > 0 ? cores / 2 : 1))

passed=0
failed=0
# check DESCRIPTION COMMAND...: one check, passed when COMMAND succeeds
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "sweep_test: FAIL: $what" >&2
  fi
}

# cell RESULTS_CSV RUN_DIR COLUMN: one cell of results.csv, by run directory and column name
cell() {
  awk -F, -v run="$2" -v name="$3" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["run_dir"] == run { print $col[name] }
  ' "$1"
}
is_number() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
is_png() { [[ -s $1 && "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]]; }
rows() { tail -n +2 "$1" | grep -c .; }
contains() { grep -q -- "$2" "$1"; }
lacks() { ! grep -q -- "$2" "$1"; }
equal() { [[ $1 == "$2" ]]; }
steps_increase() { awk -F, 'NR > 2 && $1 < prev { exit 1 } NR > 1 { prev = $1 }' "$1"; }

# --- usage errors: one line, exit 2, before anything runs -------------------------------------
usage_error() { # usage_error ARGS...: exit 2 and a one-line "sweep.sh: error:" first
  local rc=0
  "$sweep" "$@" >"$work/usage.out" 2>"$work/usage.err" || rc=$?
  # the JVM's own "WARNING: Using incubator modules" line (the launcher enables the Vector API) is not ours
  ((rc == 2)) && grep -v '^WARNING: Using incubator modules' "$work/usage.err" | head -n 1 | grep -q '^sweep.sh: error: ' \
    && [[ ! -e $work/never ]]
}
check "an unknown key is a usage error" usage_error "$work/tiny.txt" "$work/never" hiden=16,24
check "the unknown key is named" contains "$work/usage.err" "Unknown option: '--hiden=16'"
check "no grid is a usage error" usage_error "$work/tiny.txt" "$work/never"
check "a key given twice is a usage error" usage_error "$work/tiny.txt" "$work/never" lr=0.1 lr=0.2
check "a key in the grid and after -- is a usage error" usage_error "$work/tiny.txt" "$work/never" lr=0.1 -- --lr 0.2
check "an unknown option after -- is a usage error" usage_error "$work/tiny.txt" "$work/never" lr=0.1 -- --max-stepz 3
check "--out cannot be swept" usage_error "$work/tiny.txt" "$work/never" out=a,b
check "a value of the wrong type is a usage error" usage_error "$work/tiny.txt" "$work/never" hidden=abc
check "the bad value is named" contains "$work/usage.err" "'--hidden': 'abc' is not an int"

# --- --print: one command per run, nothing written ----------------------------------------------
out=$work/grid
"$sweep" "$work/tiny.txt" "$out" hidden=16,24 lr=0.002,0.004 --print -- "${tiny[@]}" >"$work/print.out"
check "--print prints 4 commands" equal "$(grep -c . "$work/print.out")" 4
check "--print prints the run commands" equal "$(grep -c -- "--run-one $out/hidden=[0-9]*_lr=0.00[24] " "$work/print.out")" 4
check "--print writes nothing" test ! -e "$out"
"$sweep" "$work/tiny.txt" "$out" hidden=16,24 --print -j 2 -- "${tiny_shared[@]}" >"$work/print-j.out"
check "-j 2 gives each printed run its share" equal "$(grep -c -- "--run-one --share 2 $out/hidden=" "$work/print-j.out")" 2
"$sweep" "$work/tiny.txt" "$out" hidden=16,24 threads=1 --print -j 2 -- "${tiny_shared[@]}" >"$work/print-t.out"
check "--threads in the grid overrides the share" lacks "$work/print-t.out" '--share'
check "... and goes to the runs" equal "$(grep -c -- "--threads=1" "$work/print-t.out")" 2
"$sweep" "$work/tiny.txt" "$out" hidden=16,24 --print -j 2 -- "${tiny[@]}" >"$work/print-x.out"
check "--threads after -- overrides the share" lacks "$work/print-x.out" '--share'
check "--print -j still writes nothing" test ! -e "$out"
rc=0
"$sweep" "$work/tiny.txt" "$out" identity-init=true,false --print -- "${tiny[@]}" >"$work/print-b.out" 2>&1 || rc=$?
check "a switch is swept as --KEY=true and --KEY=false (rc $rc)" equal \
  "$(grep -o -- '--identity-init=[a-z]*' "$work/print-b.out" | tr '\n' ' ')" "--identity-init=true --identity-init=false "

# --- a 2x2 sweep, 2 at a time, each run with its share of the cores ------------------------------
rc=0
"$sweep" "$work/tiny.txt" "$out" hidden=16,24 lr=0.002,0.004 -j 2 -- "${tiny_shared[@]}" >"$work/sweep1.out" 2>&1 || rc=$?
check "the 2x2 sweep exits 0 (rc $rc; see below)" equal "$rc" 0
((rc == 0)) || cat "$work/sweep1.out" >&2
results=$out/results.csv
check "results.csv has the header" equal "$(head -n 1 "$results")" \
  "hidden,lr,best_val_bpc,best_step,last_step,train_seconds,chars_per_sec,status,run_dir"
check "results.csv has one row per run" equal "$(rows "$results")" 4
for run in hidden=16_lr=0.002 hidden=16_lr=0.004 hidden=24_lr=0.002 hidden=24_lr=0.004; do
  check "$run is finished" equal "$(cell "$results" "$run" status)" finished
  check "$run has a best validation bpc" is_number "$(cell "$results" "$run" best_val_bpc)"
  check "$run reached it at step 4 or 8" contains <(cell "$results" "$run" best_step) '^[48]$'
  check "$run logged 8 steps" equal "$(cell "$results" "$run" last_step)" 8
  check "$run has a training time" is_number "$(cell "$results" "$run" train_seconds)"
  check "$run has a speed" is_number "$(cell "$results" "$run" chars_per_sec)"
  check "$run is marked finished" test -e "$out/$run/.done"
  check "$run trained with its share of the cores (--threads=$share2)" \
    contains "$out/$run/train.log" "^== sweep.sh started .* --threads=$share2\$"
done
check "the grid values are in the row" equal "$(grep ',hidden=24_lr=0.004$' "$results" | cut -d, -f1,2)" "24,0.004"
# the printed table: the header line, then the runs by best_val_bpc (third column), best first
awk '$1 == "hidden" { on = 1; next } on && NF == 9 { print $3 }' "$work/sweep1.out" >"$work/printed"
check "the table prints the 4 runs" equal "$(grep -c . "$work/printed")" 4
check "the table is sorted by best validation loss" equal "$(sort -g "$work/printed")" "$(cat "$work/printed")"
check "sweep.png is a PNG" is_png "$out/sweep.png"
check "the table ends with rnn runs' count" contains "$work/sweep1.out" '^4 runs: 4 finished$'
check "each run records its grid values" equal "$(cat "$out/hidden=24_lr=0.004/.grid")" $'hidden=24\nlr=0.004'
names=(hidden=16_lr=0.002 hidden=16_lr=0.004 hidden=24_lr=0.002 hidden=24_lr=0.004)
check "results.csv is what rnn runs --csv prints" equal "$(cd "$out" && "$rnn" runs --csv "${names[@]}" 2>/dev/null)" "$(cat "$results")"
check "sweep.sh parses no CSV itself" lacks "$sweep" 'awk'

# --- the same sweep again: every run is skipped -------------------------------------------------
md5sum "$out"/*/train.log "$out"/*/metrics.csv >"$work/logs.md5"
rc=0
"$sweep" "$work/tiny.txt" "$out" hidden=16,24 lr=0.002,0.004 -j 2 -- "${tiny[@]}" >"$work/sweep2.out" 2>&1 || rc=$?
check "the re-run exits 0" equal "$rc" 0
check "the re-run skips the 4 finished runs" equal "$(grep -c '^skip ' "$work/sweep2.out")" 4
check "the re-run starts nothing" lacks "$work/sweep2.out" '^started\|^resumed'
check "the re-run leaves the logs and metrics alone" md5sum --quiet -c "$work/logs.md5"
check "the re-run rewrites results.csv with 4 rows" equal "$(rows "$results")" 4
check "the re-run's results are the same" equal "$(cd "$out" && "$rnn" runs --csv "${names[@]}" 2>/dev/null)" "$(cat "$results")"
bash -c "$(head -n 1 "$work/print.out")" >"$work/one.out"
check "a printed command skips its finished run" contains "$work/one.out" '^skip    hidden=16_lr=0.002: finished'

# --- a failing run does not stop the others and is marked failed (xargs -P) ----------------------
bad=$work/bad
rc=0
SWEEP_RUNNER="xargs" "$sweep" "$work/tiny.txt" "$bad" hidden=0,16 -j 2 -- "${tiny[@]}" >"$work/bad.out" 2>&1 || rc=$?
check "a sweep with a failed run exits 1" equal "$rc" 1
check "the failed run is marked failed" equal "$(cell "$bad/results.csv" hidden=0 status)" failed
check "the failed run has empty metric cells" equal "$(grep ',hidden=0$' "$bad/results.csv")" "0,,,,,,failed,hidden=0"
check "the failed run's log holds the error" contains "$bad/hidden=0/train.log" '^rnn: error: --hidden is 0'
check "the other run is finished" equal "$(cell "$bad/results.csv" hidden=16 status)" finished
check "the other run has its numbers" is_number "$(cell "$bad/results.csv" hidden=16 best_val_bpc)"
check "the failed run is printed last" equal "$(awk '$1 == "hidden" { on = 1; next } on && NF == 8 { last = $1 } END { print last }' "$work/bad.out")" 0
check "the failed run is not marked finished" test ! -e "$bad/hidden=0/.done"
check "--threads after -- is kept" contains "$bad/hidden=16/train.log" '^== sweep.sh started .* --threads 1'
check "... and no share is added" lacks "$bad/hidden=16/train.log" '--threads='
# a share never drops below one thread (the run fails at once on hidden=0, after its command is logged)
"$sweep" --run-one --share 1000 "$bad/floor" "$work/tiny.txt" --hidden=0 >/dev/null 2>&1 || true
check "--share more than the cores gives --threads=1" contains "$bad/floor/train.log" '^== sweep.sh started .* --threads=1$'

# --- an interrupted run: stopped mid-run, marked interrupted, resumed (not restarted) next time --
stop=$work/stop
long=(--layers 1 --batch 4 --seq-len 16 --max-time 6s --eval-every 50 --checkpoint-every 4 --sample-len 0 --threads 1)
run=$stop/hidden=16
"$sweep" "$work/tiny.txt" "$stop" hidden=16 -- "${long[@]}" >"$work/stop1.out" 2>&1 &
sweep_pid=$!
pid=""
for _ in $(seq 600); do # up to a minute for the JVM and the first checkpoint on a busy machine
  if [[ -f $run/last.safetensors && -f $run/.lock ]]; then
    pid=$(awk '$1 == "pid" { print $2 }' "$run/.lock")
    [[ -n $pid ]] && break
  fi
  sleep 0.1
done
killed=1
[[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && killed=0 # the run's own JVM, as a scheduler would stop it
rc=0
wait "$sweep_pid" || rc=$?
check "a run was stopped mid-run" equal "$killed" 0
check "a sweep with an interrupted run exits 1" equal "$rc" 1
check "the stopped run is marked interrupted" equal "$(cell "$stop/results.csv" hidden=16 status)" interrupted
check "the stopped run is not marked finished" test ! -e "$run/.done"
steps_before=$(tail -n +2 "$run/metrics.csv" | grep -c .)
rc=0
"$sweep" "$work/tiny.txt" "$stop" hidden=16 -- "${long[@]}" >"$work/stop2.out" 2>&1 || rc=$?
check "the re-run exits 0" equal "$rc" 0
check "the re-run resumes the stopped run" contains "$work/stop2.out" '^resumed hidden=16$'
check "rnn train resumed from the checkpoint" contains "$run/train.log" 'INFO resuming .* at step [1-9]'
check "the first session's log is kept" contains "$run/train.log" '^== sweep.sh started'
check "the resumed run is finished" equal "$(cell "$stop/results.csv" hidden=16 status)" finished
check "the resumed run kept its first steps (step 1 once)" equal "$(grep -c '^1,' "$run/metrics.csv")" 1
check "the steps of the resumed run never go back" steps_increase "$run/metrics.csv"
check "the resumed run trained on (was $steps_before rows)" test "$(tail -n +2 "$run/metrics.csv" | grep -c .)" -ge "$steps_before"

# --- a run started with --preset resumes with it (sweep.sh gives every option again) -----------
preset_run=$work/preset/run
tiny_preset=(--preset 10m --hidden 16 --layers 1 --batch 4 --seq-len 16 --eval-every 50 --sample-len 0 --threads 1)
"$sweep" --run-one "$preset_run" "$work/tiny.txt" "${tiny_preset[@]}" --max-steps 2 >"$work/preset1.out" 2>&1 || true
rm -f "$preset_run/.done" # as if stopped: the next sweep resumes it
rc=0
"$sweep" --run-one "$preset_run" "$work/tiny.txt" "${tiny_preset[@]}" --max-steps 4 >"$work/preset2.out" 2>&1 || rc=$?
check "a preset's run resumes with its --preset (exit 0)" equal "$rc" 0
check "the preset's run was resumed" contains "$work/preset2.out" '^resumed run$'
check "the preset's run trained to its new --max-steps" equal "$(tail -n 1 "$preset_run/metrics.csv" | cut -d, -f1)" 4

# --- --hosts: through GNU parallel --sshloginfile, here with a stand-in for ssh ------------------
hosts_out=$work/hosts
if command -v parallel >/dev/null; then
  cat >"$work/fake-ssh" <<EOF
#!/usr/bin/env bash
# stands in for ssh: skips the options and the host name, then runs the command as sshd would,
# with the login environment sshd sets (GNU parallel's remote wrapper runs jobs with \$SHELL)
echo "\$*" >>"$work/fake-ssh.log"
while [[ \$1 == -* ]]; do case \$1 in -[oplicmeS]) shift 2 ;; *) shift ;; esac; done
shift
[[ \${1:-} == -- ]] && shift
login_shell=\$(getent passwd "\$(id -u)" | cut -d: -f7)
export SHELL=\${login_shell:-/bin/sh}
exec bash -c "\$*"
EOF
  chmod +x "$work/fake-ssh"
  printf '# a test host\n%s\n' "$work/fake-ssh host-a" >"$work/hosts.txt"
  rc=0
  "$sweep" "$work/tiny.txt" "$hosts_out" hidden=16 --hosts "$work/hosts.txt" -- "${tiny[@]}" >"$work/hosts.out" 2>&1 || rc=$?
  check "a --hosts sweep exits 0" equal "$rc" 0
  [[ $rc == 0 ]] || sed 's/^/  | /' "$work/hosts.out" >&2
  check "a --hosts sweep went through ssh" contains "$work/fake-ssh.log" 'host-a'
  check "the --hosts run is finished" equal "$(cell "$hosts_out/results.csv" hidden=16 status)" finished
else
  rc=0
  "$sweep" "$work/tiny.txt" "$hosts_out" hidden=16 --hosts /dev/null -- "${tiny[@]}" >"$work/hosts.out" 2>&1 || rc=$?
  check "--hosts without GNU parallel is an error" equal "$rc" 1
  check "--hosts without GNU parallel says so" contains "$work/hosts.out" 'GNU parallel is not installed'
fi

# --- rnn plot: a one-line error for a directory without metrics ---------------------------------
mkdir -p "$work/empty"
rc=0
"$rnn" plot "$work/empty" >"$work/plot.out" 2>&1 || rc=$?
check "rnn plot of a directory without metrics.csv exits 1" equal "$rc" 1
check "rnn plot says so in one line" equal "$(grep -v '^WARNING: Using incubator modules' "$work/plot.out")" \
  "rnn: error: $work/empty has no metrics.csv; is it a run directory (rnn train --out DIR)?"
"$rnn" plot "$out/hidden=16_lr=0.002" "$out/hidden=24_lr=0.004" -o "$work/two.png" >/dev/null
check "rnn plot of two runs writes a PNG" is_png "$work/two.png"

echo "sweep_test: $passed passed, $failed failed"
((failed == 0))
