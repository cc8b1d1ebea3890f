/* Writes an rpm NDB Packages.db with rpm's own lib/backend/ndb/rpmpkg.c (compiled from the
 * rpm source package by make-fixtures.sh, not kept here): reads one hex header blob per line
 * on stdin, allocates package indexes as rpm's ndb glue does (rpmpkgNextPkgIdx), then deletes
 * the index given as second argument (a freed slot). With "--dump" it prints the blobs back
 * through rpmpkgList/rpmpkgGet, one hex line each, in index order. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rpmpkg.h"

static int hex(int c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

static int dump(rpmpkgdb db) {
  unsigned int *list, n;
  if (rpmpkgList(db, &list, &n)) return 4;
  for (unsigned int i = 0; i < n; i++) {
    unsigned char *blob;
    unsigned int len;
    if (rpmpkgGet(db, list[i], &blob, &len)) return 5;
    for (unsigned int j = 0; j < len; j++) printf("%02x", blob[j]);
    printf("\n");
    free(blob);
  }
  free(list);
  return 0;
}

int main(int argc, char **argv) {
  rpmpkgdb db;
  static char line[1 << 22];
  if (argc < 2) return 1;
  if (argc > 2 && strcmp(argv[2], "--dump") == 0) {
    if (rpmpkgOpen(&db, argv[1], O_RDONLY, 0)) return 1;
    return dump(db);
  }
  if (rpmpkgOpen(&db, argv[1], O_RDWR | O_CREAT, 0644)) return 1;
  rpmpkgSetFsync(db, 0);
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strcspn(line, "\n") / 2;
    unsigned char *blob = malloc(n);
    for (size_t i = 0; i < n; i++) blob[i] = hex(line[2 * i]) << 4 | hex(line[2 * i + 1]);
    unsigned int idx;
    if (rpmpkgNextPkgIdx(db, &idx) || rpmpkgPut(db, idx, blob, n)) return 2;
    free(blob);
  }
  if (argc > 2 && rpmpkgDel(db, (unsigned)atoi(argv[2]))) return 3;
  rpmpkgClose(db);
  return 0;
}
