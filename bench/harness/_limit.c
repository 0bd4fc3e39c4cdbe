// The machine's own limit for delivering a file to a scan, in C: memchr of an absent byte over the
// file already in the heap, over a fresh mmap (map + page faults + munmap included), and over
// read() into one reused 1 MiB buffer (page-aligned, and 16 bytes past that). bench/run.mjs
// compiles it with `cc -O2` when a compiler exists.
//
// Usage: _limit FILE REPS   Prints one JSON line per way: {"way":"...","times":[ms, ...]}.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void print_times(const char *way, const double *times, int reps) {
  printf("{\"way\":\"%s\",\"times\":[", way);
  for (int i = 0; i < reps; i++) printf(i ? ",%.4f" : "%.4f", times[i]);
  printf("]}\n");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s FILE REPS\n", argv[0]);
    return 2;
  }
  int reps = atoi(argv[2]);
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || reps < 1 || reps > 1000) {
    perror(argv[1]);
    return 1;
  }
  size_t size = (size_t)st.st_size;
  char *heap = malloc(size);
  // Page-aligned: on some machines the kernel copies into a buffer that is not 64-byte aligned
  // several times slower (malloc's large blocks, and V8's ArrayBuffers, sit at 16 mod 64).
  char *chunk = aligned_alloc(4096, (1 << 20) + 4096);
  double *times = calloc((size_t)reps, sizeof(double));
  if (heap == NULL || chunk == NULL || times == NULL) return 1;
  for (size_t got = 0; got < size;) {
    ssize_t n = pread(fd, heap + got, size - got, (off_t)got);
    if (n <= 0) return 1;
    got += (size_t)n;
  }
  // A found byte would end the scan early and measure nothing: every way must report none.
  long found = 0;
  for (int i = -1; i < reps; i++) {  // i == -1: warm-up
    double start = now_ms();
    found += memchr(heap, 0, size) != NULL;
    if (i >= 0) times[i] = now_ms() - start;
  }
  print_times("heap memchr", times, reps);
  for (int i = -1; i < reps; i++) {
    double start = now_ms();
    char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) return 1;
    found += memchr(map, 0, size) != NULL;
    munmap(map, size);
    if (i >= 0) times[i] = now_ms() - start;
  }
  print_times("mmap + memchr", times, reps);
  // 1 MiB as `chunks(stream, 1 MiB)` reads, into the aligned buffer and 16 bytes past it.
  const size_t offsets[] = {0, 16};
  const char *names[] = {"read(1 MiB) + memchr", "read(1 MiB, buffer at 16 mod 64) + memchr"};
  for (int way = 0; way < 2; way++) {
    for (int i = -1; i < reps; i++) {
      double start = now_ms();
      off_t offset = 0;
      ssize_t n;
      while ((n = pread(fd, chunk + offsets[way], 1 << 20, offset)) > 0) {
        found += memchr(chunk + offsets[way], 0, (size_t)n) != NULL;
        offset += n;
      }
      if (i >= 0) times[i] = now_ms() - start;
    }
    print_times(names[way], times, reps);
  }
  close(fd);
  return found == 0 ? 0 : 3;
}
