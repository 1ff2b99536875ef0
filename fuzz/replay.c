/*
 * replay.c: run every file of a corpus directory (or each file named on
 * the command line) through LLVMFuzzerTestOneInput once.  This is how
 * `make check` replays the kept corpus with any compiler; a crash or a
 * sanitizer report fails the test.
 */
#include "common/compat.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f;
	struct stat st;
	uint8_t *buf;
	size_t n;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 1;
}

int
main(int argc, char **argv)
{
	int i, count = 0, r;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;
		char path[4096];

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			d = opendir(argv[i]);
			if (d == NULL) {
				perror(argv[i]);
				return 1;
			}
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i],
				    de->d_name);
				r = run_file(path);
				if (r < 0) {
					closedir(d);
					return 1;
				}
				count += r;
			}
			closedir(d);
		} else {
			r = run_file(argv[i]);
			if (r < 0)
				return 1;
			count += r;
		}
	}
	printf("replayed %d inputs\n", count);
	return count > 0 ? 0 : 1;
}
