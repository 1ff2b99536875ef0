/*
 * md.h: the Markdown (CommonMark with GFM tables) writer.
 *
 * Text handed to md_text() is escaped so that it always reads as text:
 * every character that Markdown could take as markup (\ ` * _ [ ] < > | #
 * ~ & !) is backslash-escaped, a leading '-', '+', '=' or "1." that would
 * start a list or heading is escaped too, and line breaks become spaces
 * (text goes into paragraphs, list items and table cells, where a line
 * break would end the block).  Structure (headings, lists, tables, bold
 * leads) is written by the functions below, never from user text.
 */
#ifndef ASSURE_REPORT_MD_H
#define ASSURE_REPORT_MD_H

#include "common/buf.h"
#include "common/compat.h"

/* Append s to b escaped as Markdown inline text. */
void md_text(struct assure_buf *b, const char *s);
/* "\n## text\n\n" with the text escaped; level 1 to 6. */
void md_heading(struct assure_buf *b, int level, const char *s);
/* "**text**" with the text escaped. */
void md_strong(struct assure_buf *b, const char *s);
/* A table header row and its delimiter row for n columns. */
void md_table_head(struct assure_buf *b, const char *const *cols, size_t n);

#endif
