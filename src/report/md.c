/*
 * md.c: the escaping Markdown writer (see md.h).
 */
#include "common/compat.h"

#include <string.h>

#include "report/md.h"

/* Characters that are markup somewhere in CommonMark/GFM. */
static bool
special(char c)
{
	return strchr("\\`*_[]<>|#~&!", c) != NULL;
}

void
md_text(struct assure_buf *b, const char *s)
{
	const char *p = s;
	bool start = true;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	for (; *p != '\0'; p++) {
		if (start) {
			const char *d = p;

			while (*d >= '0' && *d <= '9')
				d++;
			if (*p == '-' || *p == '+' || *p == '=')
				assure_buf_addc(b, '\\');
			else if (d > p && (*d == '.' || *d == ')')) {
				assure_buf_add(b, p, (size_t)(d - p));
				assure_buf_addc(b, '\\');
				p = d;
			}
			start = false;
		}
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			/* A break would end a table row or list item. */
			if (p[1] != '\0' && p[1] != '\n' && p[1] != '\r')
				assure_buf_addc(b, ' ');
			continue;
		}
		if (special(*p))
			assure_buf_addc(b, '\\');
		assure_buf_addc(b, *p);
	}
}

void
md_heading(struct assure_buf *b, int level, const char *s)
{
	int i;

	if (level < 1 || level > 6)
		assure_bug("md: heading level %d", level);
	for (i = 0; i < level; i++)
		assure_buf_addc(b, '#');
	assure_buf_addc(b, ' ');
	md_text(b, s);
	assure_buf_adds(b, "\n\n");
}

void
md_strong(struct assure_buf *b, const char *s)
{
	assure_buf_adds(b, "**");
	md_text(b, s);
	assure_buf_adds(b, "**");
}

void
md_table_head(struct assure_buf *b, const char *const *cols, size_t n)
{
	size_t i;

	assure_buf_adds(b, "|");
	for (i = 0; i < n; i++) {
		assure_buf_addc(b, ' ');
		md_text(b, cols[i]);
		assure_buf_adds(b, " |");
	}
	assure_buf_adds(b, "\n|");
	for (i = 0; i < n; i++)
		assure_buf_adds(b, " --- |");
	assure_buf_addc(b, '\n');
}
