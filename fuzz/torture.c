/*
 * torture.c: allocation-failure torture of one fuzz target (curl's
 * "torture" approach).  Linked with fuzz/fuzz_<target>.c built with
 * ASSURE_TORTURE into torture_<target>.
 *
 * This file replaces malloc and its family (glibc supports replacing
 * malloc in the executable; each call is passed on to glibc's __libc_*
 * functions).  While armed it counts the allocations made by assure's own
 * code (the caller's return address lies in the executable's text; strdup,
 * strndup and reallocarray are replaced too, so that theirs count as the
 * caller's) and fails the N-th, and it keeps every pointer allocated while
 * armed (by anyone) in a set until it is freed, so that what is left after
 * the parse is a leak.  With ASSURE_TORTURE_ALL=1 the libraries' own
 * allocations (yajl, libxml2, libyaml, glibc) are counted and failed too.
 *
 * Usage: torture_<target> name corpus-dir-or-files...
 *
 * The driver sorts the files by size and keeps the smallest (at most
 * TORTURE_INPUTS; ASSURE_TORTURE_INPUTS overrides) whose first parse
 * succeeds with at least one record and leaks nothing.  For each of them
 * it runs the parse once in full (the baseline, counting the allocations),
 * then for N = 1, 2, ... forks a child that fails the N-th, until a child
 * fails none.  Each child must not crash or hang, must leak nothing, and
 * every parse must give either exactly the baseline's result (the failure
 * was tolerated) or ASSURE_ERR_NOMEM with a diagnostic message.
 * A step stopped by an out-of-memory error may skip the later ones.
 *
 * Also from the environment: ASSURE_TORTURE_INPUTS=n (fewer inputs),
 * ASSURE_TORTURE_VERBOSE=1 (each candidate's baseline),
 * ASSURE_TORTURE_TRACE=1 (the stack of a failed allocation that led to
 * a wrong result or a leak, as executable offsets for addr2line) and
 * ASSURE_TORTURE_ONLY=N (fail only the N-th allocation of the first
 * input, without forking, for a debugger).
 */
#include "common/compat.h"

#include <dirent.h>
#include <errno.h>
#include <execinfo.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "torture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);
void	*__libc_memalign(size_t, size_t);
void	 __libc_free(void *);

extern char __executable_start[], etext[];

#define TORTURE_INPUTS		3
#define TORTURE_CANDIDATES	64
#define TORTURE_REPORTS		8
#define TORTURE_LIVE		(1u << 17)	/* power of two */
#define TORTURE_TOMB		((void *)1)
#define TORTURE_SHOWN		20	/* problems printed in full */

/* Child exit statuses. */
#define EXIT_NOMEM	0	/* failure injected, reported as NOMEM */
#define EXIT_TOLERATED	4	/* failure injected, baseline result */
#define EXIT_DONE	3	/* no failure injected: N is past the end */
#define EXIT_WRONG	1	/* a result neither the baseline nor NOMEM */
#define EXIT_LEAK	2	/* leaked (and the result was right) */

/* --- the allocator --- */

static int		armed;
static int		fail_all;
static unsigned long	counted;	/* ours, while armed */
static unsigned long	fail_at;	/* 0: fail none */
static unsigned long	nfailed;
static const char	*failed_ra;	/* the caller of the failed one */
static int		 tracing;	/* ASSURE_TORTURE_TRACE: its stack */
static void		*trace[16];
static int		 ntrace;
static void		*live[TORTURE_LIVE];
static size_t		nlive;
static size_t		nused;		/* with the tombstones */

static size_t
slot(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (size_t)h & (TORTURE_LIVE - 1);
}

static void
live_add(void *p)
{
	size_t i;

	if (nused >= TORTURE_LIVE / 2) {
		static const char m[] = "torture: too many live allocations\n";

		if (write(2, m, sizeof(m) - 1) < 0)
			_exit(70);
		_exit(70);
	}
	for (i = slot(p); live[i] != NULL && live[i] != TORTURE_TOMB;
	    i = (i + 1) & (TORTURE_LIVE - 1))
		;
	if (live[i] == NULL)
		nused++;
	live[i] = p;
	nlive++;
}

/* Forget p; return whether it was there. */
static int
live_del(void *p)
{
	size_t i;

	if (nlive == 0 || p == NULL)
		return 0;
	for (i = slot(p); live[i] != NULL; i = (i + 1) & (TORTURE_LIVE - 1))
		if (live[i] == p) {
			live[i] = TORTURE_TOMB;
			nlive--;
			return 1;
		}
	return 0;
}

static void
live_clear(void)
{
	if (nused != 0)
		memset(live, 0, sizeof(live));
	nlive = nused = 0;
}

/* Whether the allocation asked for from ra is to fail. */
static int
fail_here(const void *ra)
{
	const char *c = ra;

	if (!armed)
		return 0;
	if (!fail_all && (c < __executable_start || c >= etext))
		return 0;
	if (++counted != fail_at)
		return 0;
	nfailed++;
	failed_ra = c;
	if (tracing)
		ntrace = backtrace(trace, 16);
	return 1;
}

static void *
t_malloc(size_t n, const void *ra)
{
	void *p;

	if (fail_here(ra)) {
		errno = ENOMEM;
		return NULL;
	}
	p = __libc_malloc(n);
	if (p != NULL && armed)
		live_add(p);
	return p;
}

static void *
t_realloc(void *p, size_t n, const void *ra)
{
	void *q;
	int had;

	if (p == NULL)
		return t_malloc(n, ra);
	if (n == 0) {
		live_del(p);
		return __libc_realloc(p, n);
	}
	if (fail_here(ra)) {
		errno = ENOMEM;
		return NULL;
	}
	q = __libc_realloc(p, n);
	if (q == NULL)
		return NULL;
	/* Growing a block from before arming is no new allocation. */
	had = live_del(p);
	if (had)
		live_add(q);
	return q;
}

void *
malloc(size_t n)
{
	return t_malloc(n, __builtin_return_address(0));
}

void *
calloc(size_t n, size_t size)
{
	void *p;

	if (fail_here(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	p = __libc_calloc(n, size);
	if (p != NULL && armed)
		live_add(p);
	return p;
}

void *
realloc(void *p, size_t n)
{
	return t_realloc(p, n, __builtin_return_address(0));
}

void *
reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return t_realloc(p, n * size, __builtin_return_address(0));
}

void
free(void *p)
{
	live_del(p);
	__libc_free(p);
}

char *
strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	p = t_malloc(n, __builtin_return_address(0));
	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

char *
strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p;

	p = t_malloc(n + 1, __builtin_return_address(0));
	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void *
t_memalign(size_t align, size_t n, const void *ra)
{
	void *p;

	if (fail_here(ra)) {
		errno = ENOMEM;
		return NULL;
	}
	p = __libc_memalign(align, n);
	if (p != NULL && armed)
		live_add(p);
	return p;
}

void *
memalign(size_t align, size_t n)
{
	return t_memalign(align, n, __builtin_return_address(0));
}

void *
aligned_alloc(size_t align, size_t n)
{
	return t_memalign(align, n, __builtin_return_address(0));
}

void *
valloc(size_t n)
{
	return t_memalign((size_t)sysconf(_SC_PAGESIZE), n,
	    __builtin_return_address(0));
}

void *
pvalloc(size_t n)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	return t_memalign(pg, (n + pg - 1) / pg * pg,
	    __builtin_return_address(0));
}

int
posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)) != 0)
		return EINVAL;
	p = t_memalign(align, n, __builtin_return_address(0));
	if (p == NULL)
		return ENOMEM;
	*out = p;
	return 0;
}

/* --- the reports --- */

struct treport {
	enum assure_err	rc;
	unsigned long	n;
	uint64_t	digest;
	int		has_msg;
	char		diag[512];
};

static struct treport	reports[TORTURE_REPORTS];
static size_t		nreports;

void
torture_report(enum assure_err rc, unsigned long n, uint64_t digest,
    const char *diag, int has_msg)
{
	struct treport *r;
	size_t len;

	if (nreports == TORTURE_REPORTS)
		return;
	r = &reports[nreports++];
	r->rc = rc;
	r->n = n;
	r->digest = digest;
	r->has_msg = has_msg;
	len = diag != NULL ? strlen(diag) : 0;
	if (len >= sizeof(r->diag))
		len = sizeof(r->diag) - 1;
	if (len > 0)
		memcpy(r->diag, diag, len);
	r->diag[len] = '\0';
}

static int
report_eq(const struct treport *a, const struct treport *b)
{
	return a->rc == b->rc && a->n == b->n && a->digest == b->digest &&
	    strcmp(a->diag, b->diag) == 0;
}

/* --- one run --- */

struct input {
	char		*path;
	uint8_t		*data;
	size_t		 size;
	struct treport	 base[TORTURE_REPORTS];
	size_t		 nbase;
	unsigned long	 count;		/* ours in the baseline */
};

/* Parse in with the fail_at-th allocation failing (0: none). */
static void
run(const struct input *in, unsigned long at)
{
	nreports = 0;
	counted = nfailed = 0;
	fail_at = at;
	live_clear();
	armed = 1;
	LLVMFuzzerTestOneInput(in->data, in->size);
	armed = 0;
}

/* In the child: check the run and exit with its status. */
static void
judge(const struct input *in, const char *name, unsigned long at)
{
	size_t i;
	int wrong = 0, same = 1;

	if (nfailed == 0) {
		/* Past the end: the result must be the baseline's. */
		for (i = 0; i < nreports && i < in->nbase; i++)
			if (!report_eq(&reports[i], &in->base[i]))
				wrong = 1;
		if (nreports != in->nbase || wrong || nlive != 0) {
			fprintf(stderr, "torture %s: %s: N=%lu: no allocation "
			    "failed, yet the result or the leaks differ from "
			    "the baseline\n", name, in->path, at);
			_exit(EXIT_WRONG);
		}
		_exit(EXIT_DONE);
	}
	/* A step that ran out of memory may stop the later ones. */
	if (nreports > in->nbase || (nreports < in->nbase &&
	    (nreports == 0 || reports[nreports - 1].rc != ASSURE_ERR_NOMEM))) {
		fprintf(stderr, "torture %s: %s: N=%lu: %zu parses reported, "
		    "the baseline %zu\n", name, in->path, at, nreports,
		    in->nbase);
		wrong = 1;
	}
	if (nreports != in->nbase)
		same = 0;
	for (i = 0; i < nreports && i < in->nbase; i++) {
		const struct treport *r = &reports[i], *b = &in->base[i];

		if (report_eq(r, b))
			continue;
		same = 0;
		if (r->rc == ASSURE_ERR_NOMEM && r->has_msg)
			continue;
		fprintf(stderr, "torture %s: %s: N=%lu: parse %zu: got rc %d "
		    "(%s), %lu records (digest %016llx), '%s'%s; baseline "
		    "rc %d, %lu records (digest %016llx), '%s'\n", name,
		    in->path, at, i + 1, r->rc, assure_strerror(r->rc), r->n,
		    (unsigned long long)r->digest, r->diag,
		    r->rc == ASSURE_ERR_NOMEM ? " without a message" : "",
		    b->rc, b->n, (unsigned long long)b->digest, b->diag);
		wrong = 1;
	}
	if (nlive != 0)
		fprintf(stderr, "torture %s: %s: N=%lu: %zu allocations "
		    "leaked\n", name, in->path, at, nlive);
	if (wrong || nlive != 0) {
		fprintf(stderr, "torture %s: %s: N=%lu: the failed allocation "
		    "was asked for at %s+%#lx (addr2line -e)\n", name,
		    in->path, at, failed_ra >= __executable_start &&
		    failed_ra < etext ? "executable" : "a library",
		    (unsigned long)(failed_ra - __executable_start));
		for (i = 0; i < (size_t)ntrace; i++)
			fprintf(stderr, "  #%zu executable+%#lx\n", i,
			    (unsigned long)((char *)trace[i] -
			    __executable_start));
	}
	if (wrong)
		_exit(EXIT_WRONG);
	if (nlive != 0)
		_exit(EXIT_LEAK);
	_exit(same ? EXIT_TOLERATED : EXIT_NOMEM);
}

struct tally {
	unsigned long	injected, nomem, tolerated;
	unsigned long	crashes, leaks, wrong;
};

/* Fail each allocation of in in turn. */
static void
torture(const struct input *in, const char *name, struct tally *t)
{
	unsigned long at;
	pid_t pid;
	int st, shown = 0;

	for (at = 1; ; at++) {
		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			exit(1);
		}
		if (pid == 0) {
			alarm(30);
			run(in, at);
			judge(in, name, at);
		}
		if (waitpid(pid, &st, 0) != pid) {
			perror("waitpid");
			exit(1);
		}
		if (WIFSIGNALED(st)) {
			t->injected++;
			t->crashes++;
			if (shown++ < TORTURE_SHOWN)
				fprintf(stderr, "torture %s: %s: N=%lu: %s "
				    "(signal %d)\n", name, in->path, at,
				    WTERMSIG(st) == SIGALRM ? "hung" :
				    strsignal(WTERMSIG(st)), WTERMSIG(st));
			if (at > in->count + 1)
				return;	/* crashed with none failed */
			continue;
		}
		switch (WEXITSTATUS(st)) {
		case EXIT_DONE:
			return;
		case EXIT_NOMEM:
			t->nomem++;
			break;
		case EXIT_TOLERATED:
			t->tolerated++;
			break;
		case EXIT_LEAK:
			t->leaks++;
			break;
		case EXIT_WRONG:
			t->wrong++;
			if (at > in->count)
				return;
			break;
		default:
			t->crashes++;
			fprintf(stderr, "torture %s: %s: N=%lu: exit %d\n",
			    name, in->path, at, WEXITSTATUS(st));
			break;
		}
		t->injected++;
	}
}

/* --- inputs --- */

static struct input	cands[TORTURE_CANDIDATES];
static size_t		ncands;

static void
add_file(const char *path)
{
	struct stat st;
	struct input *in;
	FILE *f;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	if (ncands == TORTURE_CANDIDATES) {
		fprintf(stderr, "torture: more than %d files, %s left out\n",
		    TORTURE_CANDIDATES, path);
		return;
	}
	in = &cands[ncands];
	memset(in, 0, sizeof(*in));
	in->path = strdup(path);
	in->data = malloc((size_t)st.st_size + 1);
	f = fopen(path, "rb");
	if (in->path == NULL || in->data == NULL || f == NULL) {
		perror(path);
		exit(1);
	}
	in->size = fread(in->data, 1, (size_t)st.st_size, f);
	fclose(f);
	ncands++;
}

static int
by_size(const void *a, const void *b)
{
	const struct input *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return strcmp(x->path, y->path);
}

int
main(int argc, char **argv)
{
	struct input *sel[TORTURE_INPUTS];
	struct tally t;
	const char *e;
	size_t i, nsel = 0, max = TORTURE_INPUTS;
	int a, verbose;

	if (argc < 3) {
		fprintf(stderr, "usage: %s name corpus-dir-or-file...\n",
		    argv[0]);
		return 2;
	}
	e = getenv("ASSURE_TORTURE_ALL");
	fail_all = e != NULL && strcmp(e, "1") == 0;
	verbose = getenv("ASSURE_TORTURE_VERBOSE") != NULL;
	if ((tracing = getenv("ASSURE_TORTURE_TRACE") != NULL))
		backtrace(trace, 16);	/* loads libgcc now, not armed */
	e = getenv("ASSURE_TORTURE_INPUTS");
	if (e != NULL && atol(e) > 0 && atol(e) <= TORTURE_INPUTS)
		max = (size_t)atol(e);
	for (a = 2; a < argc; a++) {
		struct stat st;
		struct dirent *de;
		char path[4096];
		DIR *d;

		if (stat(argv[a], &st) != 0 || !S_ISDIR(st.st_mode)) {
			add_file(argv[a]);
			continue;
		}
		if ((d = opendir(argv[a])) == NULL) {
			perror(argv[a]);
			return 1;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[a],
			    de->d_name);
			add_file(path);
		}
		closedir(d);
	}
	qsort(cands, ncands, sizeof(cands[0]), by_size);

	/* Lazy one-time set-up (catalog, libxml2) happens here, unarmed. */
	for (i = 0; i < ncands; i++)
		LLVMFuzzerTestOneInput(cands[i].data, cands[i].size);

	for (i = 0; i < ncands && nsel < max; i++) {
		struct input *in = &cands[i];

		run(in, 0);
		memcpy(in->base, reports, sizeof(reports));
		in->nbase = nreports;
		in->count = counted;
		if (nreports == 0) {
			fprintf(stderr, "torture %s: the target reported "
			    "nothing (built without ASSURE_TORTURE?)\n",
			    argv[1]);
			return 1;
		}
		if (verbose)
			fprintf(stderr, "torture %s: %s: %zu bytes, %lu "
			    "allocations, rc %d, %lu records, '%s'\n", argv[1],
			    in->path, in->size, in->count, in->base[0].rc,
			    in->base[0].n, in->base[0].diag);
		if (in->base[0].rc != ASSURE_OK || in->base[0].n == 0)
			continue;
		if (nlive != 0) {
			fprintf(stderr, "torture %s: %s: %zu allocations "
			    "leaked with none failed\n", argv[1], in->path,
			    nlive);
			return 1;
		}
		sel[nsel++] = in;
	}
	if (nsel == 0) {
		fprintf(stderr, "torture %s: no input parses with a record\n",
		    argv[1]);
		return 1;
	}

	/* ASSURE_TORTURE_ONLY=N: fail the N-th of the first input, in
	 * this process (for a debugger). */
	if ((e = getenv("ASSURE_TORTURE_ONLY")) != NULL) {
		run(sel[0], strtoul(e, NULL, 10));
		judge(sel[0], argv[1], strtoul(e, NULL, 10));
	}
	memset(&t, 0, sizeof(t));
	for (i = 0; i < nsel; i++)
		torture(sel[i], argv[1], &t);
	printf("torture %s: %zu inputs, %lu allocation failures injected "
	    "(%lu out of memory, %lu tolerated), %lu crashes, %lu leaks, "
	    "%lu wrong results%s\n", argv[1], nsel, t.injected, t.nomem,
	    t.tolerated, t.crashes, t.leaks, t.wrong,
	    fail_all ? " (every allocation, libraries' too)" : "");
	return t.crashes + t.leaks + t.wrong == 0 ? 0 : 1;
}
