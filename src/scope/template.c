/*
 * template.c: the starter files `assure init` writes beside assure.yaml:
 * scope.yaml, rendered from data/templates/scope.yaml with the
 * organisation's and system's names filled in, and the starter controls
 * (controls/controls.c).  Existing files are never overwritten, so running
 * init over a cloned programme keeps its files.
 */
#include "common/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/embed.h"
#include "controls/controls.h"
#include "common/fileio.h"
#include "scope/scope.h"
#include "workspace/workspace.h"

#define SCOPE_TEMPLATE		"templates/scope.yaml"

/* Placeholders of the template, each inside a double-quoted YAML string. */
#define PH_ORGANISATION		"@ORGANISATION@"
#define PH_SYSTEM		"@SYSTEM@"
/* On a line of its own: the reasons for the categories not chosen. */
#define PH_EXCLUDED		"@EXCLUDED_CATEGORIES@"

/*
 * The starter reason for leaving each optional category out, as a folded
 * YAML block (four-space indent).  The user is expected to rewrite them.
 */
static const char *const default_reasons[ASSURE_TSC_CATEGORY__MAX] = {
	[ASSURE_TSC_AVAILABILITY] =
	    "    Not chosen for this examination; availability commitments "
	    "are made\n    in the service level agreement and may be brought "
	    "into scope later.\n",
	[ASSURE_TSC_PROCESSING_INTEGRITY] =
	    "    The service makes no commitments about the completeness, "
	    "accuracy or\n    timeliness of processing beyond what Security "
	    "covers.\n",
	[ASSURE_TSC_CONFIDENTIALITY] =
	    "    No confidentiality commitments are made beyond the "
	    "protection of\n    customer data that Security covers.\n",
	[ASSURE_TSC_PRIVACY] =
	    "    The company processes personal information on behalf of its "
	    "customers,\n    who make the privacy commitments to data "
	    "subjects.\n",
};

/* s as the inside of a double-quoted YAML scalar. */
static void
yaml_escaped(struct assure_buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			assure_buf_addc(out, '\\');
		assure_buf_addc(out, *s);
	}
}

/* The excluded_categories mapping for the categories cfg leaves out. */
static void
excluded_render(const struct config *cfg, struct assure_buf *out)
{
	unsigned c;
	bool any = false;

	for (c = 0; c < ASSURE_TSC_CATEGORY__MAX; c++) {
		if (default_reasons[c] == NULL || (cfg->categories &
		    scope_category_bit((enum assure_tsc_category)c)))
			continue;
		if (!any)
			assure_buf_adds(out, "excluded_categories:\n");
		any = true;
		assure_buf_printf(out, "  %s: >\n%s",
		    assure_catalog_category_name((enum assure_tsc_category)c),
		    default_reasons[c]);
	}
	if (!any)
		assure_buf_adds(out, "# (every category is in scope)\n");
}

void
scope_template_render(const struct config *cfg, struct assure_buf *out)
{
	const struct embedded_file *f = assure_embed_find(SCOPE_TEMPLATE);
	const char *p, *end, *at;
	size_t lo = strlen(PH_ORGANISATION), ls = strlen(PH_SYSTEM);
	size_t le = strlen(PH_EXCLUDED);

	if (f == NULL)
		assure_bug("%s is not embedded", SCOPE_TEMPLATE);
	p = f->data;
	end = f->data + f->len;
	while (p < end) {
		at = memchr(p, '@', (size_t)(end - p));
		if (at == NULL) {
			assure_buf_add(out, p, (size_t)(end - p));
			break;
		}
		assure_buf_add(out, p, (size_t)(at - p));
		if ((size_t)(end - at) >= lo &&
		    memcmp(at, PH_ORGANISATION, lo) == 0) {
			yaml_escaped(out, cfg->organisation);
			p = at + lo;
		} else if ((size_t)(end - at) >= ls &&
		    memcmp(at, PH_SYSTEM, ls) == 0) {
			yaml_escaped(out, cfg->system[0] != '\0' ?
			    cfg->system : cfg->organisation);
			p = at + ls;
		} else if ((size_t)(end - at) >= le &&
		    memcmp(at, PH_EXCLUDED, le) == 0) {
			excluded_render(cfg, out);
			p = at + le;
			if (p < end && *p == '\n')
				p++;
		} else {
			assure_buf_addc(out, '@');
			p = at + 1;
		}
	}
}

enum assure_err
scope_write_new_file(const char *path, const char *data, size_t len,
    struct assure_diag *reterr_diag)
{
	enum assure_err rc;

	rc = assure_file_create(path, data, len, 0644, reterr_diag);
	if (rc == ASSURE_ERR_CONFLICT) {
		/* Never overwrite what the organisation has edited. */
		assure_diag_clear(reterr_diag);
		return ASSURE_OK;
	}
	return rc;
}

enum assure_err
scope_write_templates(const char *dir, const struct config *cfg,
    struct assure_diag *reterr_diag)
{
	char path[SCOPE_PATH_MAX];
	struct assure_buf b;
	enum assure_err rc;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, SCOPE_FILE);
	if (n < 0 || (size_t)n >= sizeof(path))
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dir, 0,
		    0, NULL, "path too long");
	assure_buf_init(&b, SCOPE_FILE_MAX);
	scope_template_render(cfg, &b);
	rc = assure_buf_err(&b);
	if (rc != ASSURE_OK)
		assure_diag_set(reterr_diag, rc, path, 0, 0, NULL,
		    "cannot render the starter scope");
	else
		rc = scope_write_new_file(path, assure_buf_str(&b), b.len,
		    reterr_diag);
	assure_buf_free(&b);
	if (rc != ASSURE_OK)
		return rc;
	n = snprintf(path, sizeof(path), "%s/%s", dir, CONTROLS_DIR);
	if (n < 0 || (size_t)n >= sizeof(path))
		return assure_diag_set(reterr_diag, ASSURE_ERR_LIMIT, dir, 0,
		    0, NULL, "path too long");
	if (workspace_mkdir(path, 0755) != 0)
		return assure_diag_set(reterr_diag, ASSURE_ERR_IO, path, 0, 0,
		    NULL, "cannot create folder: %s", strerror(errno));
	return controls_write_starter(path, reterr_diag);
}
