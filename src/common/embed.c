/*
 * embed.c: look-up in the table of embedded data files (see embed.h).
 */
#include "compat.h"

#include <string.h>

#include "embed.h"

const struct embedded_file *
assure_embed_find(const char *path)
{
	const struct embedded_file *f;

	for (f = embedded_files; f->path != NULL; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}
