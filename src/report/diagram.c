/*
 * diagram.c: the system description's diagrams as DOT, and their layout
 * with the graphviz C library (see diagram.h).
 *
 * CONTROL: tsc:CC2.1 -- the diagrams show the system boundary and the
 * flows of data across it as the scope declares them.
 */
#include "common/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "report/diagram.h"

/* Wrap labels at about this many bytes. */
#define LABEL_WRAP	20

static const char *const kind_fill[SCOPE_COMPONENT__MAX] = {
	[SCOPE_INFRASTRUCTURE] = "#e6eef9",
	[SCOPE_SOFTWARE] = "#e7f4e7",
	[SCOPE_PEOPLE] = "#fbf1de",
	[SCOPE_PROCEDURES] = "#f1e9f8",
	[SCOPE_DATA] = "#f9e6e6",
};

static const char *const kind_shape[SCOPE_COMPONENT__MAX] = {
	[SCOPE_INFRASTRUCTURE] = "box3d",
	[SCOPE_SOFTWARE] = "component",
	[SCOPE_PEOPLE] = "box",
	[SCOPE_PROCEDURES] = "note",
	[SCOPE_DATA] = "cylinder",
};

void
diagram_init(struct diagram *dg)
{
	memset(dg, 0, sizeof(*dg));
	assure_buf_init(&dg->dot, 0);
}

void
diagram_release(struct diagram *dg)
{
	assure_buf_free(&dg->dot);
	free(dg->svg);
	dg->svg = NULL;
	dg->svglen = 0;
}

/*
 * Quote s for DOT, wrapping at spaces so that lines stay within about wrap
 * bytes (0: never).
 *
 * In a DOT string only \" and a backslash-newline are the lexer's; the
 * label then reads \n, \l, \r, \N, \G, \E, \T, \H and \\ as escapes, and
 * &name; as an entity.  So a backslash becomes \\, a quote \", an
 * ampersand &amp; (graphviz turns it back into one '&', escaped again for
 * SVG), and a control character or newline a space.
 */
static void
dot_label(struct assure_buf *b, const char *s, size_t wrap)
{
	const unsigned char *p;
	size_t col = 0, word;

	assure_buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t') {
			/* the next word, to see whether it still fits */
			word = strcspn((const char *)p + 1, " \n\t");
			if (wrap > 0 && col > 0 && word > 0 &&
			    col + 1 + word > wrap) {
				assure_buf_adds(b, "\\n");
				col = 0;
			} else if (col > 0)
				assure_buf_addc(b, ' ');
			continue;
		}
		col++;
		if (*p == '\\')
			assure_buf_adds(b, "\\\\");
		else if (*p == '"')
			assure_buf_adds(b, "\\\"");
		else if (*p == '&')
			assure_buf_adds(b, "&amp;");
		else if (*p < 0x20 || *p == 0x7f)
			assure_buf_addc(b, ' ');
		else
			assure_buf_addc(b, (char)*p);
	}
	assure_buf_addc(b, '"');
}

void
diagram_dot_quote(struct assure_buf *b, const char *s)
{
	dot_label(b, s, 0);
}

static void
graph_head(struct assure_buf *b, const char *name, const char *rankdir)
{
	assure_buf_printf(b, "digraph %s {\n", name);
	assure_buf_printf(b, "\tgraph [rankdir=%s, fontname=\"Helvetica\", "
	    "fontsize=11, compound=true, nodesep=0.25, ranksep=0.45];\n",
	    rankdir);
	assure_buf_adds(b, "\tnode [fontname=\"Helvetica\", fontsize=9, "
	    "style=\"filled\", fillcolor=\"#ffffff\", color=\"#555555\", "
	    "margin=\"0.12,0.06\"];\n");
	assure_buf_adds(b, "\tedge [fontname=\"Helvetica\", fontsize=8, "
	    "color=\"#555555\", fontcolor=\"#333333\"];\n");
}

/* A node of a boundary component: c<kind>_<index>. */
static void
component_node(struct assure_buf *b, const struct scope_item *it,
    enum scope_component k, size_t i, const char *indent)
{
	assure_buf_printf(b, "%sc%d_%zu [label=", indent, (int)k, i);
	dot_label(b, it->name, LABEL_WRAP);
	assure_buf_printf(b, ", shape=%s, fillcolor=\"%s\"];\n",
	    kind_shape[k], kind_fill[k]);
}

static void
actor_node(struct assure_buf *b, const struct scope_item *a, size_t i)
{
	assure_buf_printf(b, "\ta%zu [label=", i);
	dot_label(b, a->name, LABEL_WRAP);
	assure_buf_adds(b, ", shape=ellipse, fillcolor=\"#fffbe6\"];\n");
}

static void
subservice_node(struct assure_buf *b, const struct scope_subservice *o,
    size_t i, const char *indent)
{
	struct assure_buf l;

	assure_buf_init(&l, 0);
	assure_buf_printf(&l, "%s (%s)", o->name, scope_method_name(o->method));
	assure_buf_printf(b, "%ss%zu [label=", indent, i);
	dot_label(b, assure_buf_str(&l), LABEL_WRAP);
	assure_buf_adds(b, ", shape=box, style=\"dashed,filled\", "
	    "fillcolor=\"#f4f4f4\"];\n");
	if (assure_buf_err(&l) != ASSURE_OK && b->err == ASSURE_OK)
		b->err = assure_buf_err(&l);
	assure_buf_free(&l);
}

/* The first component node of the boundary, for compound edges. */
static bool
first_component(const struct scope *s, enum scope_component *ret)
{
	size_t k;

	for (k = 0; k < SCOPE_COMPONENT__MAX; k++)
		if (s->ncomponents[k] > 0) {
			*ret = (enum scope_component)k;
			return true;
		}
	return false;
}

/* An end of an architecture edge: the boundary, an actor, an organisation. */
struct archend {
	enum scope_endpoint_kind kind;	/* SCOPE_EP_COMPONENT: the boundary */
	size_t			 index;
};

static void
archend_write(struct assure_buf *b, const struct archend *e,
    enum scope_component first)
{
	if (e->kind == SCOPE_EP_COMPONENT)
		assure_buf_printf(b, "c%d_0", (int)first);
	else
		assure_buf_printf(b, "%c%zu", e->kind == SCOPE_EP_ACTOR ? 'a' :
		    's', e->index);
}

static void
archend_of(const struct scope_endpoint *ep, struct archend *ret)
{
	ret->kind = ep->kind;
	ret->index = ep->kind == SCOPE_EP_COMPONENT ? 0 : ep->index;
}

static bool
archend_eq(const struct archend *a, const struct archend *b)
{
	return a->kind == b->kind && a->index == b->index;
}

/* Whether the flows before flow n already gave the edge from -> to. */
static bool
archedge_seen(const struct scope *s, size_t n, const struct archend *from,
    const struct archend *to)
{
	struct archend f, t;
	size_t i;

	for (i = 0; i < n; i++) {
		archend_of(&s->flows[i].from, &f);
		archend_of(&s->flows[i].to, &t);
		if (archend_eq(&f, from) && archend_eq(&t, to))
			return true;
	}
	return false;
}

/* Whether any flow touches this end. */
static bool
archend_in_flows(const struct scope *s, const struct archend *e)
{
	struct archend f, t;
	size_t i;

	for (i = 0; i < s->nflows; i++) {
		archend_of(&s->flows[i].from, &f);
		archend_of(&s->flows[i].to, &t);
		if (archend_eq(&f, e) || archend_eq(&t, e))
			return true;
	}
	return false;
}

static void
archedge(struct assure_buf *b, const struct archend *from,
    const struct archend *to, enum scope_component first, const char *label)
{
	assure_buf_addc(b, '\t');
	archend_write(b, from, first);
	assure_buf_adds(b, " -> ");
	archend_write(b, to, first);
	assure_buf_adds(b, " [");
	if (from->kind == SCOPE_EP_COMPONENT)
		assure_buf_adds(b, "ltail=cluster_boundary, ");
	if (to->kind == SCOPE_EP_COMPONENT)
		assure_buf_adds(b, "lhead=cluster_boundary, ");
	if (from->kind == SCOPE_EP_SUBSERVICE ||
	    to->kind == SCOPE_EP_SUBSERVICE)
		assure_buf_adds(b, "style=dashed, ");
	assure_buf_printf(b, "label=\"%s\"];\n", label);
}

/*
 * The edges between the boundary (as a whole), the actors and the
 * organisations: one per direction that some flow takes, flows inside the
 * boundary left out; an actor no flow names uses the system, and the
 * system relies on an organisation no flow names.
 */
static void
architecture_edges(const struct scope *s, enum scope_component first,
    struct assure_buf *b)
{
	struct archend f, t, sys = { SCOPE_EP_COMPONENT, 0 }, e;
	size_t i;

	for (i = 0; i < s->nflows; i++) {
		archend_of(&s->flows[i].from, &f);
		archend_of(&s->flows[i].to, &t);
		if (archend_eq(&f, &t) || archedge_seen(s, i, &f, &t))
			continue;
		archedge(b, &f, &t, first, "data");
	}
	e.kind = SCOPE_EP_ACTOR;
	for (i = 0; i < (s->nactors > 0 ? s->nactors : 1); i++) {
		e.index = i;
		if (s->nactors == 0 || !archend_in_flows(s, &e))
			archedge(b, &e, &sys, first, "uses");
	}
	e.kind = SCOPE_EP_SUBSERVICE;
	for (i = 0; i < s->nsubservices; i++) {
		e.index = i;
		if (!archend_in_flows(s, &e))
			archedge(b, &sys, &e, first, "relies on");
	}
}

/*
 * Top to bottom: the actors (or "User entities"), then the boundary with
 * a cluster per kind of component, each a grid three nodes wide, the
 * kinds one under the other; the sub-service organisations beside it.
 * Invisible edges make the grid and the order; the visible ones say who
 * uses the system and on whom it relies.
 */
void
diagram_architecture(const struct scope *s, const char *system,
    struct diagram *dg)
{
	struct assure_buf *b = &dg->dot;
	struct assure_buf l;
	enum scope_component first;
	size_t i, k, prev_k = SCOPE_COMPONENT__MAX, n;

	assure_buf_reset(b);
	graph_head(b, "architecture", "TB");
	if (s->nactors == 0)
		assure_buf_adds(b, "\ta0 [label=\"User entities (customers) "
		    "and their users\", shape=ellipse, "
		    "fillcolor=\"#fffbe6\"];\n");
	for (i = 0; i < s->nactors; i++)
		actor_node(b, &s->actors[i], i);

	assure_buf_init(&l, 0);
	assure_buf_printf(&l, "System boundary: %s", system);
	assure_buf_adds(b, "\tsubgraph cluster_boundary {\n\t\tlabel=");
	dot_label(b, assure_buf_str(&l), 0);
	assure_buf_adds(b, ";\n\t\tstyle=\"dashed,rounded\"; "
	    "color=\"#1f4e8c\"; penwidth=1.5; fontcolor=\"#1f4e8c\";\n");
	for (k = 0; k < SCOPE_COMPONENT__MAX; k++) {
		n = s->ncomponents[k];
		if (n == 0)
			continue;
		assure_buf_printf(b, "\t\tsubgraph cluster_%s {\n"
		    "\t\t\tlabel=\"%s\"; style=\"filled,rounded\"; "
		    "fillcolor=\"#fafafa\"; color=\"#999999\";\n",
		    scope_component_name((enum scope_component)k),
		    scope_component_title((enum scope_component)k));
		for (i = 0; i < n; i++)
			component_node(b, &s->components[k][i],
			    (enum scope_component)k, i, "\t\t\t");
		assure_buf_adds(b, "\t\t}\n");
		/* the grid: each node above the one three further on */
		for (i = 0; i + 3 < n; i++)
			assure_buf_printf(b, "\t\tc%zu_%zu -> c%zu_%zu "
			    "[style=invis];\n", k, i, k, i + 3);
		/* this kind under the previous one */
		if (prev_k != SCOPE_COMPONENT__MAX)
			assure_buf_printf(b, "\t\tc%zu_%zu -> c%zu_0 "
			    "[style=invis];\n", prev_k,
			    s->ncomponents[prev_k] - 1, k);
		prev_k = k;
	}
	assure_buf_adds(b, "\t}\n");

	if (s->nsubservices > 0) {
		assure_buf_adds(b, "\tsubgraph cluster_subservices {\n"
		    "\t\tlabel=\"Sub-service organisations (outside the "
		    "boundary)\"; style=\"dotted,rounded\"; "
		    "color=\"#777777\";\n");
		for (i = 0; i < s->nsubservices; i++)
			subservice_node(b, &s->subservices[i], i, "\t\t");
		assure_buf_adds(b, "\t}\n");
	}
	if (first_component(s, &first))
		architecture_edges(s, first, b);
	assure_buf_adds(b, "}\n");
	if (assure_buf_err(&l) != ASSURE_OK && b->err == ASSURE_OK)
		b->err = assure_buf_err(&l);
	assure_buf_free(&l);
}

static void
endpoint_id(struct assure_buf *b, const struct scope_endpoint *ep)
{
	switch (ep->kind) {
	case SCOPE_EP_COMPONENT:
		assure_buf_printf(b, "c%d_%zu", (int)ep->component, ep->index);
		break;
	case SCOPE_EP_SUBSERVICE:
		assure_buf_printf(b, "s%zu", ep->index);
		break;
	case SCOPE_EP_ACTOR:
		assure_buf_printf(b, "a%zu", ep->index);
		break;
	}
}

static bool
endpoint_used(const struct scope *s, enum scope_endpoint_kind kind,
    enum scope_component comp, size_t index)
{
	const struct scope_endpoint *ep;
	size_t i, j;

	for (i = 0; i < s->nflows; i++)
		for (j = 0; j < 2; j++) {
			ep = j == 0 ? &s->flows[i].from : &s->flows[i].to;
			if (ep->kind == kind && ep->index == index &&
			    (kind != SCOPE_EP_COMPONENT ||
			    ep->component == comp))
				return true;
		}
	return false;
}

/*
 * Left to right: the endpoints the flows name, the components inside the
 * boundary's cluster, and one edge per flow labelled with its number, the
 * data and the protocol.
 */
void
diagram_flows(const struct scope *s, const char *system, struct diagram *dg)
{
	struct assure_buf *b = &dg->dot;
	struct assure_buf l;
	size_t i, k;

	assure_buf_reset(b);
	if (s->nflows == 0)
		return;
	assure_buf_init(&l, 0);
	graph_head(b, "dataflows", "LR");
	for (i = 0; i < s->nactors; i++)
		if (endpoint_used(s, SCOPE_EP_ACTOR, 0, i))
			actor_node(b, &s->actors[i], i);
	for (i = 0; i < s->nsubservices; i++)
		if (endpoint_used(s, SCOPE_EP_SUBSERVICE, 0, i))
			subservice_node(b, &s->subservices[i], i, "\t");
	assure_buf_printf(&l, "System boundary: %s", system);
	assure_buf_adds(b, "\tsubgraph cluster_boundary {\n\t\tlabel=");
	dot_label(b, assure_buf_str(&l), 0);
	assure_buf_adds(b, ";\n\t\tstyle=\"dashed,rounded\"; "
	    "color=\"#1f4e8c\"; penwidth=1.5; fontcolor=\"#1f4e8c\";\n");
	for (k = 0; k < SCOPE_COMPONENT__MAX; k++)
		for (i = 0; i < s->ncomponents[k]; i++)
			if (endpoint_used(s, SCOPE_EP_COMPONENT,
			    (enum scope_component)k, i))
				component_node(b, &s->components[k][i],
				    (enum scope_component)k, i, "\t\t");
	assure_buf_adds(b, "\t}\n");
	for (i = 0; i < s->nflows; i++) {
		const struct scope_flow *f = &s->flows[i];

		assure_buf_addc(b, '\t');
		endpoint_id(b, &f->from);
		assure_buf_adds(b, " -> ");
		endpoint_id(b, &f->to);
		/* the protocol is in the table of flows */
		assure_buf_reset(&l);
		assure_buf_printf(&l, "%zu. %s", i + 1, f->data);
		assure_buf_adds(b, " [label=");
		dot_label(b, assure_buf_str(&l), LABEL_WRAP + 4);
		assure_buf_adds(b, "];\n");
	}
	assure_buf_adds(b, "}\n");
	if (assure_buf_err(&l) != ASSURE_OK && b->err == ASSURE_OK)
		b->err = assure_buf_err(&l);
	assure_buf_free(&l);
}

/*
 * One graphviz context for the process, made on first use and freed at
 * exit.  Not one per diagram: graphviz 2.42's pango plugin caches the
 * last font name it laid out in a static pointer to a string the context
 * owns (its font dictionary), and compares the next font with it, so a
 * second context after gvFreeContext() reads freed memory (AddressSanitizer
 * reports it).  Within one context the string stays alive.
 */
static GVC_t *gv_ctx;

static void
gv_ctx_free(void)
{
	if (gv_ctx != NULL)
		gvFreeContext(gv_ctx);
	gv_ctx = NULL;
}

static GVC_t *
gv_ctx_get(void)
{
	/* If atexit() fails the context is left to the exit: never freed
	 * is better than freed and made again. */
	if (gv_ctx == NULL && (gv_ctx = gvContext()) != NULL)
		(void)atexit(gv_ctx_free);
	return gv_ctx;
}

/* The last graphviz error, for the note. */
static char gv_last_error[DIAGRAM_NOTE_MAX];

static int
gv_error(char *msg)
{
	size_t n;

	assure_strlcpy(gv_last_error, msg, sizeof(gv_last_error));
	n = strlen(gv_last_error);
	while (n > 0 && (gv_last_error[n - 1] == '\n' ||
	    gv_last_error[n - 1] == ' '))
		gv_last_error[--n] = '\0';
	return 0;
}

/* Keep data[0..len) from "<svg" on, without the trailing newline. */
static int
keep_svg(struct diagram *dg, const char *data, size_t len)
{
	const char *p = NULL;
	size_t i;

	for (i = 0; i + 4 <= len; i++)
		if (memcmp(data + i, "<svg", 4) == 0) {
			p = data + i;
			break;
		}
	if (p == NULL) {
		assure_strlcpy(dg->note, "graphviz produced no SVG element",
		    sizeof(dg->note));
		return -1;
	}
	len -= (size_t)(p - data);
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == ' '))
		len--;
	if (len > DIAGRAM_SVG_MAX) {
		assure_strlcpy(dg->note, "the drawing is too large to embed",
		    sizeof(dg->note));
		return -1;
	}
	dg->svg = malloc(len + 1);
	if (dg->svg == NULL) {
		assure_strlcpy(dg->note, "out of memory", sizeof(dg->note));
		return -1;
	}
	memcpy(dg->svg, p, len);
	dg->svg[len] = '\0';
	dg->svglen = len;
	return 0;
}

int
diagram_render(struct diagram *dg)
{
	GVC_t *gvc;
	Agraph_t *g;
	char *data = NULL;
	unsigned int len = 0;
	int ret = -1;

	free(dg->svg);
	dg->svg = NULL;
	dg->svglen = 0;
	dg->note[0] = '\0';
	if (dg->dot.len == 0 || assure_buf_err(&dg->dot) != ASSURE_OK) {
		assure_strlcpy(dg->note, "nothing to draw", sizeof(dg->note));
		return -1;
	}
	gv_last_error[0] = '\0';
	gvc = gv_ctx_get();
	if (gvc == NULL) {
		assure_strlcpy(dg->note, "graphviz could not start",
		    sizeof(dg->note));
		return -1;
	}
	agseterrf(gv_error);
	g = agmemread(assure_buf_str(&dg->dot));
	if (g == NULL) {
		snprintf(dg->note, sizeof(dg->note), "graphviz could not read "
		    "the diagram%s%.200s", gv_last_error[0] != '\0' ? ": " : "",
		    gv_last_error);
		goto out_err;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		snprintf(dg->note, sizeof(dg->note), "graphviz layout failed"
		    "%s%.200s", gv_last_error[0] != '\0' ? ": " : "",
		    gv_last_error);
		goto out_graph;
	}
	if (gvRenderData(gvc, g, "svg", &data, &len) != 0 || data == NULL) {
		snprintf(dg->note, sizeof(dg->note), "graphviz could not "
		    "render SVG%s%.200s", gv_last_error[0] != '\0' ? ": " : "",
		    gv_last_error);
		goto out_layout;
	}
	ret = keep_svg(dg, data, len);
	gvFreeRenderData(data);
out_layout:
	gvFreeLayout(gvc, g);
out_graph:
	agclose(g);
out_err:
	agseterrf(NULL);
	return ret;
}
