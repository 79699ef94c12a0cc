# memfrag node-side helpers, prepended to every remediation script (after the parameter preamble).
# POSIX sh + coreutils; flock(1) from util-linux when present, else a mkdir lock.
# Every path is under ${MEMFRAG_ROOT} (empty on real nodes, a simulated tree under the emulator/tests).
MF_ROOT="${MEMFRAG_ROOT:-}"
MF_STATE="$MF_ROOT/var/lib/memfrag"
MF_LOCKDIR=""

mf_say() { printf '%s=%s\n' "$1" "$2"; }

# Prints a closing status and ends the script; every exit path goes through here so output always ends in `end`.
mf_finish() {
  mf_say status "$1"
  [ -n "${2:-}" ] && mf_say error "$2"
  mf_unlock
  echo end
  exit "${3:-0}"
}

# Milliseconds since the epoch; `date +%N` is missing on some coreutils builds, then seconds are used.
mf_now_ms() {
  mf_t=$(date +%s%N 2>/dev/null)
  case "$mf_t" in
    '' | *[!0-9]*) mf_t=$(date +%s); echo $((mf_t * 1000)) ;;
    *) echo $((mf_t / 1000000)) ;;
  esac
}

mf_clock_res() {
  case "$(date +%N 2>/dev/null)" in '' | *[!0-9]*) echo s ;; *) echo ms ;; esac
}

# The emulator answers on this FIFO once it applied a control-file write; a real kernel write is synchronous.
mf_settle() {
  [ -p "$MF_ROOT/.settle" ] && read -r _ <"$MF_ROOT/.settle"
  return 0
}

# Counters the engine uses to measure the effect and cost of a stage: $1 = before | after.
mf_counters() {
  if [ -r "$MF_ROOT/proc/vmstat" ]; then
    while read -r mf_k mf_v; do
      case "$mf_k" in drop_* | compact_* | pgmigrate_*) mf_say "$1.vmstat.$mf_k" "$mf_v" ;; esac
    done <"$MF_ROOT/proc/vmstat"
  fi
  if [ -r "$MF_ROOT/proc/meminfo" ]; then
    while read -r mf_k mf_v _; do
      case "$mf_k" in MemFree: | Cached: | SReclaimable: | Dirty:) mf_say "$1.meminfo.${mf_k%:}" "$mf_v" ;; esac
    done <"$MF_ROOT/proc/meminfo"
  fi
}

# True when $1 was last modified more than $2 seconds ago; false when that cannot be told (stat missing).
mf_older_than() {
  mf_m=$(stat -c %Y "$1" 2>/dev/null)
  case "$mf_m" in '' | *[!0-9]*) return 1 ;; esac
  [ $(($(date +%s) - mf_m)) -gt "$2" ]
}

# Takes the node-wide lock: returns 1 when the state dir cannot be made, 2 when another run holds the lock.
mf_lock() {
  mkdir -p "$MF_STATE" 2>/dev/null || return 1
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$MF_STATE/lock" || return 1
    flock -n 9 || return 2
    return 0
  fi
  if ! mkdir "$MF_STATE/lock.d" 2>/dev/null; then
    # a holder that died leaves its directory behind: take it over only when its pid is gone. No pid yet
    # means a holder between its mkdir and its pid write: held, unless that was over a minute ago.
    mf_p=$(cat "$MF_STATE/lock.d/pid" 2>/dev/null)
    if [ -n "$mf_p" ] && kill -0 "$mf_p" 2>/dev/null; then return 2; fi
    if [ -z "$mf_p" ] && ! mf_older_than "$MF_STATE/lock.d" 60; then return 2; fi
    rm -rf "$MF_STATE/lock.d"
    mkdir "$MF_STATE/lock.d" 2>/dev/null || return 2
  fi
  echo $$ >"$MF_STATE/lock.d/pid"
  MF_LOCKDIR="$MF_STATE/lock.d"
  return 0
}

mf_unlock() {
  [ -n "$MF_LOCKDIR" ] && rm -rf "$MF_LOCKDIR"
  MF_LOCKDIR=""
  return 0
}

# Validates the ids the preamble set (the renderer already did; the node checks again).
mf_check_id() {
  case "$1" in '' | *[!a-z0-9-]* | -*) return 1 ;; esac
  [ "${#1}" -le 64 ]
}

# Starts the report and takes lock + run-once marker; $1 = script name. Exits when the stage must not run.
mf_begin() {
  echo "memfrag-stage 1"
  mf_say script "$1"
  mf_say episode "${MEMFRAG_EPISODE:-}"
  mf_say stage "${MEMFRAG_STAGE:-}"
  mf_say clock "$(mf_clock_res)"
  mf_check_id "${MEMFRAG_EPISODE:-}" || mf_finish error bad-param:episode 2
  mf_check_id "${MEMFRAG_STAGE:-}" || mf_finish error bad-param:stage 2
  mf_lock
  case $? in
    0) ;;
    2) mf_finish locked "another memfrag stage holds the node lock" 3 ;;
    *) mf_finish error "cannot create $MF_STATE" 1 ;;
  esac
  MF_MARKER="$MF_STATE/stage-$MEMFRAG_EPISODE-$MEMFRAG_STAGE"
  if [ -e "$MF_MARKER" ]; then
    mf_say marker "$(tr '\n' ' ' <"$MF_MARKER")"
    mf_finish already-done
  fi
}

# The marker is written before the control-file write, so a redelivered command never writes twice.
mf_mark() {
  printf '%s episode=%s stage=%s at_ms=%s\n' "$1" "$MEMFRAG_EPISODE" "$MEMFRAG_STAGE" "$(mf_now_ms)" >>"$MF_MARKER"
}

# Writes $1 to control file $2, waits for it to settle, prints nothing; returns non-zero with the error in MF_ERR.
mf_write() {
  MF_ERR=$({ printf '%s\n' "$1" >"$2"; } 2>&1) || return 1
  mf_settle
}
