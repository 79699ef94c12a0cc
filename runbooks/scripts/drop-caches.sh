# drop-caches: optional `sync`, then one write of MEMFRAG_MODE (1 page cache, 2 slab, 3 both) to drop_caches.
# Parameters (preamble): MEMFRAG_EPISODE, MEMFRAG_STAGE, MEMFRAG_MODE, MEMFRAG_SYNC (0|1).
mf_begin drop-caches
case "${MEMFRAG_MODE:-}" in 1 | 2 | 3) ;; *) mf_finish error bad-param:mode 2 ;; esac
case "${MEMFRAG_SYNC:-}" in 0 | 1) ;; *) mf_finish error bad-param:sync 2 ;; esac
mf_say mode "$MEMFRAG_MODE"
mf_say sync "$MEMFRAG_SYNC"
MF_FILE="$MF_ROOT/proc/sys/vm/drop_caches"
[ -e "$MF_FILE" ] || mf_finish error "not-supported: $MF_FILE is missing" 1
mf_counters before
mf_mark started
if [ "$MEMFRAG_SYNC" = 1 ]; then
  mf_t0=$(mf_now_ms)
  sync
  mf_say sync_ms $(($(mf_now_ms) - mf_t0))
fi
mf_t0=$(mf_now_ms)
mf_write "$MEMFRAG_MODE" "$MF_FILE" || mf_finish error "write-failed: $MF_ERR" 1
mf_say stall_ms $(($(mf_now_ms) - mf_t0))
mf_counters after
mf_mark done
mf_finish done
