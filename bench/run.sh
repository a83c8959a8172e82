#!/usr/bin/env bash
# cchc-gen against the typst CLI, on this machine, in one run. See BENCHMARKS.md.
#
#   bench/run.sh                     # everything
#   TYPST=/opt/typst/bin/typst bench/run.sh
#
# Settings (environment): TYPST (default: `typst` on PATH), RUNS (runs per
# single-report timing, default 20), BATCH (files in the batch compared with
# typst, default 500), SIZES (batch sizes for the memory check, default
# "100 500 2000"), WORK (scratch folder, default a new temporary one, removed
# at the end), PROFILE (cargo profile, default release; CI runs the script
# with `dev`, a tiny batch and a no-op typst, to keep it working).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
BATCH=${BATCH:-500}
SIZES=${SIZES:-"100 500 2000"}
if [[ -z ${WORK:-} ]]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
log() { echo "bench: $*" >&2; }

PROFILE=${PROFILE:-release}
log "building cchc-gen and the ward generator ($PROFILE)"
cargo build --profile "$PROFILE" --quiet --bin cchc-gen --example gen_wards
target=${CARGO_TARGET_DIR:-target}/$([[ $PROFILE == dev ]] && echo debug || echo "$PROFILE")
CCHC=$target/cchc-gen
GEN=$target/examples/gen_wards

TYPST=${TYPST:-$(command -v typst || true)}
if [[ -z $TYPST || ! -x $TYPST ]]; then
    log "typst CLI not found: install it with"
    log "    cargo install typst-cli --version 0.15.1 --locked"
    log "or give its path as TYPST=/path/to/typst. Comparisons with typst are skipped."
    TYPST=
fi
# The same fonts as cchc-gen (its four embedded faces, nothing else) and the
# same PDF standard. Then: --root DIR DIR/NAME.typ OUT.pdf
TYPST_COMPILE=(compile --font-path fonts --ignore-system-fonts --ignore-embedded-fonts --pdf-standard a-3b)

# GNU time gives the peak memory (max RSS) of a process: Debian package `time`.
if /usr/bin/time -f %M true >/dev/null 2>&1; then
    GNU_TIME=/usr/bin/time
else
    log "GNU time not found (Debian/Ubuntu: apt-get install time): memory is not measured"
    GNU_TIME=
fi
# Wall time in seconds of one run of a command or shell function.
seconds() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.2f\n", ns / 1e9}'
}
# Prints "SECONDS MAX_RSS_KB" ("?" without GNU time) of one run of a program.
wall_and_peak() {
    if [[ -n $GNU_TIME ]]; then
        "$GNU_TIME" -o "$WORK/time.out" -f "%e %M" "$@" >/dev/null
        cat "$WORK/time.out"
    else
        echo "$(seconds "$@") ?"
    fi
}
# Median and fastest of RUNS runs of a command, in ms (whole process: start, work, exit).
runs() {
    local t0 t1 i
    local -a us=()
    "$@" >/dev/null # warm the disk cache and fail early
    for ((i = 0; i < RUNS; i++)); do
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        us+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${us[@]}" | sort -n |
        awk '{a[NR] = $1} END {printf "%.1f ms | %.1f ms", a[int((NR + 1) / 2)] / 1000, a[1] / 1000}'
}
mb() { awk -v k="$1" 'BEGIN {if (k == "?") print "–"; else printf "%.0f MB", k / 1024}'; }

echo "## Machine"
echo
echo "- $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'); $(nproc) cores; $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo 2>/dev/null) RAM"
echo "- $("$CCHC" --version); ${TYPST:+$("$TYPST" --version)}"
echo

# --- One report -------------------------------------------------------------
single=data/cam-thanh-2025.yaml
name=$(basename "$single" .yaml)
"$CCHC" build "$single" -o "$WORK/emit.pdf" --emit-typst "$WORK/typ" --quiet
echo "## One report ($single, $RUNS runs)"
echo
echo "| command | median | fastest |"
echo "| --- | --- | --- |"
echo "| cchc-gen build | $(runs "$CCHC" build "$single" -o "$WORK/single.pdf" --quiet) |"
if [[ -n $TYPST ]]; then
    echo "| typst compile, same document and fonts | $(runs "$TYPST" "${TYPST_COMPILE[@]}" --root "$WORK/typ" "$WORK/typ/$name.typ" "$WORK/typst.pdf") |"
    # What a user would type: typst also loads its own and the system's fonts.
    echo "| typst compile, system fonts too (typst's default) | $(runs "$TYPST" compile --font-path fonts --pdf-standard a-3b \
        --root "$WORK/typ" "$WORK/typ/$name.typ" "$WORK/typst.pdf") |"
fi
echo
if [[ -n $GNU_TIME ]]; then
    read -r _ kb < <(wall_and_peak "$CCHC" build "$single" -o "$WORK/single.pdf" --quiet)
    line="Peak memory: cchc-gen $(mb "$kb")"
    if [[ -n $TYPST ]]; then
        read -r _ kb < <(wall_and_peak "$TYPST" "${TYPST_COMPILE[@]}" --root "$WORK/typ" "$WORK/typ/$name.typ" "$WORK/typst.pdf")
        line+=", typst compile $(mb "$kb")"
    fi
    echo "$line."
    echo
fi

# --- A batch against typst one by one -----------------------------------------
log "generating $BATCH ward reports"
"$GEN" "$BATCH" "$WORK/wards" >/dev/null
echo "## $BATCH ward reports"
echo
echo "| command | wall time | per report | peak memory |"
echo "| --- | --- | --- | --- |"
row() { # LABEL SECONDS KB
    awk -v l="$1" -v s="$2" -v n="$BATCH" 'BEGIN {printf "| %s | %.2f s | %.1f ms ", l, s, s * 1000 / n}'
    echo "| $(mb "$3") |"
}
"$CCHC" build "$WORK/wards" --quiet # warm-up, and every file must build
read -r s kb < <(wall_and_peak "$CCHC" build "$WORK/wards" --quiet)
ours=$s
row "cchc-gen build DIR (all cores)" "$s" "$kb"
read -r s kb < <(wall_and_peak "$CCHC" build "$WORK/wards" --quiet --jobs 1)
row "cchc-gen build DIR --jobs 1" "$s" "$kb"
if [[ -n $TYPST ]]; then
    log "writing the typst source of each ward"
    for f in "$WORK"/wards/*.yaml; do
        d=$WORK/typ-wards/$(basename "$f" .yaml)
        "$CCHC" build "$f" -o "$d/" --emit-typst "$d" --quiet
        mv "$d/$(basename "$f" .yaml).typ" "$d/main.typ"
    done
    one_by_one() {
        for d in "$WORK"/typ-wards/*; do
            "$TYPST" "${TYPST_COMPILE[@]}" --root "$d" "$d/main.typ" "$d/typst.pdf"
        done
    }
    all_cores() {
        printf '%s\n' "$WORK"/typ-wards/* |
            xargs -P "$(nproc)" -I{} "$TYPST" "${TYPST_COMPILE[@]}" --root {} {}/main.typ {}/typst.pdf
    }
    log "typst compile, one by one (takes a while)"
    theirs=$(seconds one_by_one)
    row "typst compile, one by one" "$theirs" "?"
    log "typst compile, $(nproc) at a time"
    row "typst compile, $(nproc) at a time (xargs -P)" "$(seconds all_cores)" "?"
    echo
    awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "cchc-gen is %.1f times faster than typst compile one by one.\n", (a > 0 ? b / a : 0)}'
fi
echo

# --- Memory against batch size ----------------------------------------------
if [[ -n $GNU_TIME ]]; then
    echo "## Peak memory against batch size"
    echo
    echo "| files | wall time | per report | peak memory |"
    echo "| --- | --- | --- | --- |"
    for n in $SIZES; do
        log "batch of $n"
        rm -rf "$WORK/size"
        "$GEN" "$n" "$WORK/size" >/dev/null
        read -r s kb < <(wall_and_peak "$CCHC" build "$WORK/size" --quiet)
        awk -v n="$n" -v s="$s" 'BEGIN {printf "| %d | %.2f s | %.1f ms ", n, s, s * 1000 / n}'
        echo "| $(mb "$kb") |"
    done
    echo
fi
