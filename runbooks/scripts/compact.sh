# compact: one write of 1 to compact_memory (MEMFRAG_NODES=all) or to each listed NUMA node's `compact` file.
# Parameters (preamble): MEMFRAG_EPISODE, MEMFRAG_STAGE, MEMFRAG_NODES (`all` or node numbers separated by spaces).
mf_begin compact
case "${MEMFRAG_NODES:-}" in
  '') mf_finish error bad-param:nodes 2 ;;
  all) ;;
  *)
    for mf_n in $MEMFRAG_NODES; do
      case "$mf_n" in *[!0-9]*) mf_finish error bad-param:nodes 2 ;; esac
    done
    ;;
esac
mf_say nodes "$MEMFRAG_NODES"

# the control file for `all` or one node number (paths are built here, never word-split)
mf_target() {
  if [ "$1" = all ]; then echo "$MF_ROOT/proc/sys/vm/compact_memory"; else echo "$MF_ROOT/sys/devices/system/node/node$1/compact"; fi
}

# every target must exist before the first write, so a bad node list never compacts half the host
for mf_n in $MEMFRAG_NODES; do
  mf_f=$(mf_target "$mf_n")
  [ -e "$mf_f" ] || mf_finish error "not-supported: $mf_f is missing" 1
done
mf_counters before
mf_mark started
mf_total=0
for mf_n in $MEMFRAG_NODES; do
  mf_t0=$(mf_now_ms)
  mf_write 1 "$(mf_target "$mf_n")" || mf_finish error "write-failed: $MF_ERR" 1
  mf_dt=$(($(mf_now_ms) - mf_t0))
  mf_total=$((mf_total + mf_dt))
  [ "$mf_n" = all ] || mf_say "stall_ms.node$mf_n" "$mf_dt"
done
mf_say stall_ms "$mf_total"
mf_counters after
mf_mark done
mf_finish done
