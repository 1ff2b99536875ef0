/*
 * bench_credreport.c: parse-only throughput of the AWS IAM credential
 * report parser.
 *
 *	bench_credreport FILE [RUNS]
 *
 * Streams FILE through the parser in 64 KiB reads, RUNS times (default
 * 3), with a row callback that touches every row, and prints the best run
 * as one line of key=value pairs for bench/credreport.sh:
 *
 *	rows=1000000 bytes=243000000 seconds=0.912
 *
 * Exits 1 on a parse error (printed as the parser's diagnostic) and 2 on a
 * usage or I/O error.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "parse/credreport.h"

#define BENCH_CHUNK		(64u * 1024)
#define BENCH_RUNS_DEFAULT	3
#define BENCH_RUNS_MAX		100

struct bench_sink {
	unsigned long	rows;
	unsigned long	mfa;	/* so the callback's work is not dead */
};

static enum assure_err
bench_row(const struct credreport_row *r, void *arg, struct assure_diag *d)
{
	struct bench_sink *s = arg;

	(void)d;
	s->rows++;
	if (r->mfa_active == TRI_TRUE)
		s->mfa++;
	return ASSURE_OK;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass over path; 0 on success, 1 parse error, 2 I/O error. */
static int
bench_once(const char *path, unsigned long *ret_rows, unsigned long *ret_bytes,
    double *ret_secs)
{
	static char buf[BENCH_CHUNK];
	struct credreport_parser *p;
	struct bench_sink sink = { 0, 0 };
	struct assure_diag d;
	char msg[1024];
	unsigned long bytes = 0;
	double t0;
	ssize_t n;
	int fd, ret = 0;
	enum assure_err rc = ASSURE_OK;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "bench_credreport: %s: %s\n", path,
		    strerror(errno));
		ret = 2;
		goto out;
	}
	p = credreport_parser_new(path, bench_row, &sink);
	if (p == NULL) {
		fprintf(stderr, "bench_credreport: out of memory\n");
		ret = 2;
		goto out_close;
	}
	t0 = now();
	while (rc == ASSURE_OK) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			fprintf(stderr, "bench_credreport: %s: %s\n", path,
			    strerror(errno));
			ret = 2;
			goto out_free;
		}
		if (n == 0)
			break;
		bytes += (unsigned long)n;
		rc = credreport_parser_feed(p, buf, (size_t)n, &d);
	}
	if (rc == ASSURE_OK)
		rc = credreport_parser_finish(p, &d);
	*ret_secs = now() - t0;
	if (rc != ASSURE_OK) {
		assure_diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "bench_credreport: %s\n", msg);
		ret = 1;
	}
	*ret_rows = sink.rows;
	*ret_bytes = bytes;
out_free:
	credreport_parser_free(p);
out_close:
	close(fd);
out:
	return ret;
}

int
main(int argc, char **argv)
{
	unsigned long rows = 0, bytes = 0;
	double secs = 0, best = 0;
	long long runs = BENCH_RUNS_DEFAULT;
	int i, ret = 0;

	if (argc < 2 || argc > 3 || (argc == 3 &&
	    assure_strtonum(argv[2], 1, BENCH_RUNS_MAX, &runs) != 0)) {
		fprintf(stderr, "usage: bench_credreport FILE [RUNS]\n");
		return 2;
	}
	for (i = 0; i < runs && ret == 0; i++) {
		ret = bench_once(argv[1], &rows, &bytes, &secs);
		if (i == 0 || secs < best)
			best = secs;
	}
	if (ret == 0)
		printf("rows=%lu bytes=%lu seconds=%.3f\n", rows, bytes, best);
	return ret;
}
