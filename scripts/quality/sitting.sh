#!/usr/bin/env bash
# sitting.sh: one sitting of the quality sweep. The last 10 % of the corpus is held out entirely;
# each run trains on the first 90 % and chooses its best checkpoint on the last ninth of that
# (the 10 % before the held-out part); every best.safetensors is then scored on the held-out
# 10 %. Runs go one at a time (a time budget is only fair on an otherwise idle machine) through
# `sweep.sh --run-one`, so an interrupted sitting resumes where it stopped.
set -euo pipefail

here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
root="$(dirname "$(dirname "$here")")"
rnn="$root/scripts/rnn"

usage() {
  cat <<'EOF'
Usage: scripts/quality/sitting.sh PLAN OUTDIR [--corpus FILE] [--budget 10m] [--seeds 1,2,3]
                                  [--only NAME,...] [--goal] [-- RNN_TRAIN_OPTION...]
PLAN: one run per line, "NAME: rnn train options" (# starts a comment). Each run trains for
--budget of training time (default 10m) on OUTDIR/data/model.txt (the corpus's first 90 %,
default corpora/tinyshakespeare.txt) with --val-frac 0.111111 (its last ninth: 10 % of the
corpus), once per seed, in OUTDIR/NAME-sSEED. Afterwards each run's best.safetensors is scored
with `rnn eval` on OUTDIR/data/test.txt (the held-out last 10 %) and OUTDIR/results.md gets a
table, best first. Re-running skips finished runs and resumes interrupted ones.
--goal: the issue's goal measurement instead. Each run trains on the whole corpus with
--val-frac 0.1 (choosing its best checkpoint on the last 10 %, as a user's run does), and
that best checkpoint is scored on the same last 10 % (OUTDIR/data/test.txt).
EOF
}

plan="" outdir="" corpus="$root/corpora/tinyshakespeare.txt" budget=10m seeds=1 only="" goal=0
extra=()
while (($# > 0)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --corpus) corpus=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    --goal) goal=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "sitting.sh: error: unknown option $1" >&2; exit 2 ;;
    *) if [[ -z $plan ]]; then plan=$1; elif [[ -z $outdir ]]; then outdir=$1; else
         echo "sitting.sh: error: unexpected argument $1" >&2; exit 2; fi; shift ;;
  esac
done
[[ -n $plan && -n $outdir ]] || { usage >&2; exit 2; }
[[ -f $plan ]] || { echo "sitting.sh: error: no plan file $plan" >&2; exit 1; }
[[ -f $corpus ]] || { echo "sitting.sh: error: no corpus $corpus" >&2; exit 1; }

mkdir -p "$outdir/data"
python3 "$here/split.py" "$corpus" "$outdir/data"

train_on="$outdir/data/model.txt" val_frac=0.111111
if ((goal)); then
  train_on="$(readlink -f "$corpus")" val_frac=0.1
fi

status=0
while IFS= read -r line; do
  line="${line%%#*}"
  [[ $line =~ ^[[:space:]]*$ ]] && continue
  name="${line%%:*}"
  name="${name//[[:space:]]/}"
  read -r -a opts <<<"${line#*:}"
  [[ -z $only || $only == *",$name,"* ]] || continue
  for seed in ${seeds//,/ }; do
    "$root/scripts/sweep.sh" --run-one "$outdir/$name-s$seed" "$train_on" \
      --val-frac "$val_frac" --max-time "$budget" --random-seed "$seed" "${opts[@]}" "${extra[@]}" || status=1
  done
done <"$plan"

python3 "$here/report.py" "$outdir" "$plan" >"$outdir/results.md"
cat "$outdir/results.md"
exit $status
