/*
 * memfrag test fragmenter: puts this host's free memory into a chosen fragmented state and holds it
 * until stdin closes (or SIGTERM/SIGINT, or the parent dies), then exits and the kernel frees everything.
 *
 *   frag MODE MIB PARAM BALLAST_MIB DIR
 *
 *   BALLAST_MIB of mapped, clean page cache is taken first (a sparse, unlinked file in DIR, mmapped and
 *   read): it fills free memory beyond the anonymous budget without being anonymous (reclaimable under
 *   pressure, so no OOM risk) and drop_caches cannot drop it (mapped), but compaction can move it.
 *
 *   anon      MIB KEEP        touch MIB of anonymous memory, free all but every KEEP-th page
 *   pagecache MIB K           per anonymous page touched, read K pages of clean, unmapped page cache (the
 *                             sparse file), then free the anonymous pages: holes between cache pages
 *   unmovable MIB PIPE_MIB    like `anon MIB 3`, then fill holes with PIPE_MIB of 1 MiB pipe buffers
 *                             (unmovable kernel pages) while holding the anonymous pages: a pageblock
 *                             2/3 free can be claimed whole for Unmovable (try_to_claim_block needs half)
 *
 * Prints `key=value` lines, then `ready` (or `error=...` and exits 1). Sizes are the caller's job
 * (sizing.ts, from MemAvailable and the Normal zone).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define PAGE 4096UL

static void die(const char *what) {
  fprintf(stdout, "error=%s: %s\n", what, strerror(errno));
  fflush(stdout);
  exit(1);
}

static void on_signal(int sig) { (void)sig; _exit(0); }

/* Guard rails: die with the parent, be the OOM killer's first choice rather than anyone else's. */
static void guard(void) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) exit(1);
  int fd = open("/proc/self/oom_score_adj", O_WRONLY);
  if (fd >= 0) {
    if (write(fd, "1000", 4) < 0) { /* not fatal */ }
    close(fd);
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
}

static char *map_anon(size_t bytes) {
  char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap");
  /* order-0 anonymous pages only: a THP would hide the pattern inside one 2 MiB folio */
  if (madvise(p, bytes, MADV_NOHUGEPAGE) != 0) die("madvise nohugepage");
  return p;
}

/* Free every page except every keep-th one; returns pages kept. */
static size_t punch(char *p, size_t pages, size_t keep) {
  size_t kept = 0;
  for (size_t i = 0; i < pages; i++) {
    if (i % keep == 0) { kept++; continue; }
    if (madvise(p + i * PAGE, PAGE, MADV_DONTNEED) != 0) die("madvise dontneed");
  }
  return kept;
}

static void mode_anon(size_t mib, size_t keep) {
  size_t pages = mib * 256, bytes = pages * PAGE;
  char *p = map_anon(bytes);
  for (size_t i = 0; i < pages; i++) p[i * PAGE] = 1;
  printf("anon_touched_pages=%zu\n", pages);
  printf("anon_kept_pages=%zu\n", punch(p, pages, keep));
}

/* A sparse, already unlinked file of `pages` pages in dir: nothing is left behind whatever happens to us,
 * and reading its holes fills clean page cache without any disk I/O. */
static int sparse_file(const char *dir, size_t pages) {
  char path[4096];
  snprintf(path, sizeof path, "%s/memfrag-cache-XXXXXX", dir);
  int fd = mkstemp(path);
  if (fd < 0) die("mkstemp");
  unlink(path);
  if (ftruncate(fd, (off_t)(pages * PAGE)) != 0) die("ftruncate");
  /* no readahead, so each read adds exactly one order-0 cache page */
  posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
  return fd;
}

static void ballast(size_t mib, const char *dir) {
  if (mib == 0) return;
  size_t pages = mib * 256;
  int fd = sparse_file(dir, pages);
  volatile char *p = mmap(NULL, pages * PAGE, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) die("mmap ballast");
  madvise((void *)p, pages * PAGE, MADV_RANDOM);
  size_t sum = 0;
  for (size_t i = 0; i < pages; i++) sum += (size_t)p[i * PAGE];
  printf("ballast_pages=%zu\n", pages + sum);
}

static void mode_pagecache(size_t mib, size_t k, const char *dir) {
  size_t pages = mib * 256;
  int fd = sparse_file(dir, pages * k);
  char *anon = map_anon(pages * PAGE);
  char buf[PAGE];
  for (size_t i = 0; i < pages; i++) {
    for (size_t j = 0; j < k; j++)
      if (pread(fd, buf, PAGE, (off_t)((i * k + j) * PAGE)) != (ssize_t)PAGE) die("pread");
    anon[i * PAGE] = 1;
  }
  /* the anonymous pages go; the cache pages stay around the holes they leave */
  if (munmap(anon, pages * PAGE) != 0) die("munmap");
  printf("cache_pages=%zu\n", pages * k);
}

static void mode_unmovable(size_t mib, size_t pipe_mib) {
  mode_anon(mib, 3);
  /* two descriptors per pipe: lift the soft limit to the hard one (raising the hard one needs CAP_SYS_RESOURCE) */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) die("getrlimit");
  rl.rlim_cur = rl.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0) die("setrlimit");
  if (rl.rlim_cur != RLIM_INFINITY && pipe_mib * 2 + 16 > rl.rlim_cur) {
    errno = EMFILE;
    die("too many pipes for RLIMIT_NOFILE");
  }
  static char chunk[1 << 20];
  memset(chunk, 'u', sizeof chunk);
  size_t filled = 0;
  for (size_t i = 0; i < pipe_mib; i++) {
    int fds[2];
    if (pipe2(fds, O_NONBLOCK) != 0) die("pipe2");
    /* 1 MiB pipes (root may exceed pipe-user-pages-soft); each buffer page is GFP_HIGHUSER: unmovable */
    if (fcntl(fds[1], F_SETPIPE_SZ, 1 << 20) < 0) die("F_SETPIPE_SZ");
    ssize_t n = write(fds[1], chunk, sizeof chunk);
    if (n < 0) die("pipe write");
    filled += (size_t)n / PAGE;
  }
  printf("pipe_pages=%zu\n", filled);
}

int main(int argc, char **argv) {
  guard();
  if (argc != 6) {
    fprintf(stderr, "usage: frag anon|pagecache|unmovable MIB PARAM BALLAST_MIB DIR\n");
    return 2;
  }
  size_t mib = strtoul(argv[2], NULL, 10), param = strtoul(argv[3], NULL, 10);
  if (mib == 0 || param == 0) {
    fprintf(stderr, "MIB and PARAM must be positive\n");
    return 2;
  }
  ballast(strtoul(argv[4], NULL, 10), argv[5]);
  if (strcmp(argv[1], "anon") == 0) mode_anon(mib, param);
  else if (strcmp(argv[1], "pagecache") == 0) mode_pagecache(mib, param, argv[5]);
  else if (strcmp(argv[1], "unmovable") == 0) mode_unmovable(mib, param);
  else return 2;
  printf("ready\n");
  fflush(stdout);
  char c;
  while (read(0, &c, 1) > 0) { }
  return 0;
}
