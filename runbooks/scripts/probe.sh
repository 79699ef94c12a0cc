#!/bin/sh
# memfrag probe: one read-only snapshot of a node's memory state as a versioned, sectioned report.
#
# Format (parsed by src/domain/parseProbeReport.ts):
#   memfrag-probe 1
#   == <section>            meta buddyinfo zoneinfo meminfo vmstat sysctl thp nodes pagetypeinfo kernlog
#   ...                     at most a bounded head of the section's lines; `unavailable ...` when unreadable
#   !! cut <section> kept=<lines> of=<lines>     only when the section was bounded
#   == end sections=<n> bytes=<bytes from the first `== ` line up to this one>
# TAT keeps only the first 24 KiB of output, so every section has a byte bound and the bounds add up to
# well under that; a report without the `== end` line was cut in transit.
#
# Parameters (set by a preamble of validated constants): MEMFRAG_PAGETYPEINFO=1 adds /proc/pagetypeinfo
# (root only, takes zone locks: diagnosis only). MEMFRAG_ROOT (tests, emulator) prefixes /proc and /sys.
# POSIX sh with coreutils, awk and grep; exits non-zero only when /proc/buddyinfo cannot be read.

LC_ALL=C
export LC_ALL
R=${MEMFRAG_ROOT:-}
case ${MEMFRAG_PAGETYPEINFO:-0} in 1) PTI=1 ;; *) PTI=0 ;; esac

# bounded NAME MAXLINES MAXBYTES: copy stdin, keeping the head that fits both bounds; mark a cut.
bounded() {
  awk -v name="$1" -v maxl="$2" -v maxb="$3" '
    { n++ }
    !cut && kept < maxl && bytes + length($0) + 1 <= maxb { print; kept++; bytes += length($0) + 1; next }
    { cut = 1 }
    END { if (cut) printf "!! cut %s kept=%d of=%d\n", name, kept, n }'
}

# readable FILE: true when FILE can be read (a missing optional file is normal); not only regular files,
# since a simulated tree may serve /proc files through pipes.
readable() { [ -r "$1" ] && [ ! -d "$1" ]; }

# squeeze runs of blanks: the parsers split on whitespace, and it halves the size of the tables.
squeeze() { tr -s ' '; }

section_meta() {
  echo '== meta'
  if [ -f "$R/pagesize" ]; then ps=$(cat "$R/pagesize"); else ps=$(getconf PAGESIZE 2>/dev/null); fi
  {
    echo "kernel=$(cat "$R/proc/sys/kernel/osrelease" 2>/dev/null)"
    echo "pagesize=$ps"
    echo "uptime=$(awk '{ print $1; exit }' "$R/proc/uptime" 2>/dev/null)"
    echo "hostname=$(cat "$R/proc/sys/kernel/hostname" 2>/dev/null)"
    echo "time=$(date +%s)"
    echo "uid=$(id -u)"
    echo "pagetypeinfo=$PTI"
  } | bounded meta 16 512
}

section_buddyinfo() {
  echo '== buddyinfo'
  printf '%s\n' "$BUDDY" | squeeze | bounded buddyinfo 64 3072
}

section_zoneinfo() {
  echo '== zoneinfo'
  if ! readable "$R/proc/zoneinfo"; then echo 'unavailable'; return; fi
  # Only the watermark block of populated zones (6.x prints empty ones too; buddyinfo does not): free,
  # min/low/high, boost and protection (the lowmem reserve) raise what an allocation must leave.
  # `high:` etc. under pagesets carry a colon and are skipped.
  awk 'function flush() { if (zone != "" && (seen ? present : managed) != 0) printf "%s", buf; zone = "" }
    /^Node / { flush(); zone = $0; buf = $0 "\n"; seen = 0; present = 0; managed = 0; next }
    zone == "" { next }
    ($1 == "pages" && $2 == "free") || $1 == "protection:" ||
    (NF == 2 && ($1 == "min" || $1 == "low" || $1 == "high" || $1 == "boost")) { buf = buf $0 "\n" }
    NF == 2 && $1 == "present" { buf = buf $0 "\n"; seen = 1; present = $2 }
    NF == 2 && $1 == "managed" { buf = buf $0 "\n"; managed = $2 }
    END { flush() }' "$R/proc/zoneinfo" | squeeze | bounded zoneinfo 256 3072
}

section_meminfo() {
  echo '== meminfo'
  if ! readable "$R/proc/meminfo"; then echo 'unavailable'; return; fi
  grep -E '^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapCached|Active\(file\)|Inactive\(file\)|AnonPages|Mapped|Shmem|Slab|SReclaimable|SUnreclaim|KernelStack|PageTables|SwapTotal|SwapFree|Dirty|AnonHugePages|HugePages_Total|HugePages_Free|Hugepagesize|CmaFree|KReclaimable):' \
    "$R/proc/meminfo" | squeeze | bounded meminfo 40 768
}

section_vmstat() {
  echo '== vmstat'
  if ! readable "$R/proc/vmstat"; then echo 'unavailable'; return; fi
  grep -E '^(nr_free_pages|compact_[a-z_]+|drop_[a-z_]+|pgmigrate_[a-z_]+|allocstall[a-z_]*|pgscan_direct[a-z_]*) ' \
    "$R/proc/vmstat" | bounded vmstat 64 1536
}

section_sysctl() {
  echo '== sysctl'
  for name in extfrag_threshold compaction_proactiveness min_free_kbytes watermark_scale_factor \
    watermark_boost_factor; do
    f="$R/proc/sys/vm/$name"
    if readable "$f"; then echo "$name=$(cat "$f" 2>/dev/null)"; fi
  done | bounded sysctl 16 384
}

section_thp() {
  echo '== thp'
  d="$R/sys/kernel/mm/transparent_hugepage"
  if ! readable "$d/enabled"; then echo 'unavailable'; return; fi
  for name in enabled defrag; do
    if readable "$d/$name"; then echo "$name=$(cat "$d/$name" 2>/dev/null)"; fi
  done | bounded thp 4 256
}

section_nodes() {
  echo '== nodes'
  for d in "$R"/sys/devices/system/node/node[0-9]*; do
    [ -d "$d" ] || continue
    c=0
    [ -e "$d/compact" ] && c=1
    echo "node ${d##*/node} compact=$c"
  done | bounded nodes 64 512
  [ -d "$R/sys/devices/system/node" ] || echo 'unavailable'
}

section_pagetypeinfo() {
  echo '== pagetypeinfo'
  if [ "$PTI" != 1 ]; then echo 'unavailable not-requested'; return; fi
  if ! readable "$R/proc/pagetypeinfo"; then echo 'unavailable not-readable'; return; fi
  squeeze <"$R/proc/pagetypeinfo" | bounded pagetypeinfo 200 6144
}

# kernlog_source: a `source=` tag line, then the kernel log text; a recorded tree has its own `dmesg` file.
kernlog_source() {
  if [ -n "$R" ]; then
    readable "$R/dmesg" || return 1
    echo 'source=file'
    cat "$R/dmesg"
    return 0
  fi
  if out=$(dmesg 2>/dev/null) && [ -n "$out" ]; then
    printf 'source=dmesg\n%s\n' "$out"
  elif out=$(journalctl -k -b -q --no-pager -n 20000 2>/dev/null) && [ -n "$out" ]; then
    printf 'source=journalctl\n%s\n' "$out"
  else
    return 1
  fi
}

section_kernlog() {
  echo '== kernlog'
  log=$(kernlog_source) || { echo 'unavailable'; return; }
  # keep the newest matching lines, newest first, so a cut drops the oldest
  printf '%s\n' "$log" | {
    IFS= read -r tag
    echo "$tag"
    grep -E 'page allocation failure|Mem-Info:|[A-Za-z0-9]+: [0-9]+\*[0-9]+kB|SLUB: Unable to allocate|falling back to vmalloc|kmem_cache_create\(.*failed|invoked oom-killer|Killed process|callbacks suppressed|nodemask=|mems_allowed=' |
      tail -n 400 | awk '{ line[NR] = $0 } END { for (i = NR; i > 0; i--) print line[i] }' |
      bounded kernlog 200 4096
  }
}

echo 'memfrag-probe 1'
if ! BUDDY=$(cat "$R/proc/buddyinfo" 2>/dev/null) || [ -z "$BUDDY" ]; then
  echo '!! error cannot read /proc/buddyinfo'
  exit 1
fi
{
  section_meta
  section_buddyinfo
  section_zoneinfo
  section_meminfo
  section_vmstat
  section_sysctl
  section_thp
  section_nodes
  section_pagetypeinfo
  section_kernlog
} | tr -c '\11\12\40-\176' '?' |
  awk '{ print; bytes += length($0) + 1 } /^== / { n++ } END { printf "== end sections=%d bytes=%d\n", n, bytes }'
exit 0
