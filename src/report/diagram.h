/*
 * diagram.h: the diagrams of the system description, drawn with graphviz
 * from scope.yaml: the architecture (the boundary's components in a
 * cluster per kind, the sub-service organisations and the actors outside
 * it) and the data flows (the flows: list, numbered as in the report's
 * table of flows).
 *
 * Each diagram is first written as DOT text, every label quoted by
 * diagram_dot_quote(), and that text is what graphviz lays out (agmemread,
 * gvLayout "dot", gvRenderData "svg"), what the Markdown report shows in a
 * ```dot block and what the JSON carries: one source for all three.
 *
 * Workspace text reaches the SVG only as label text: node and cluster
 * names are ours (n0, cluster_software), labels are DOT-quoted (a quote, a
 * backslash and an ampersand cannot end the string, start an escape or an
 * entity), and graphviz's SVG renderer escapes <, >, &, " and ' in label
 * text.  diagram_render() keeps the SVG from its <svg element on,
 * dropping the XML prolog, the DOCTYPE and graphviz's comments, so the
 * result can be embedded in an HTML page.
 */
#ifndef ASSURE_REPORT_DIAGRAM_H
#define ASSURE_REPORT_DIAGRAM_H

#include "common/buf.h"
#include "common/compat.h"
#include "scope/scope.h"

#define DIAGRAM_NOTE_MAX	256
/* The largest SVG kept; a larger one is dropped with a note. */
#define DIAGRAM_SVG_MAX		(8 * 1024 * 1024)

struct diagram {
	struct assure_buf	 dot;	/* empty: nothing to draw */
	char			*svg;	/* NULL until rendered, or on failure */
	size_t			 svglen;
	/* why there is no SVG ("" when there is one) */
	char			 note[DIAGRAM_NOTE_MAX];
};

void diagram_init(struct diagram *dg);
void diagram_release(struct diagram *dg);

/* The architecture diagram of the scope, the system named system. */
void diagram_architecture(const struct scope *s, const char *system,
    struct diagram *dg);
/* The data-flow diagram; dot stays empty when the scope has no flows. */
void diagram_flows(const struct scope *s, const char *system,
    struct diagram *dg);

/*
 * Lay out dg->dot with graphviz and keep the SVG.  Returns 0, or -1 with
 * dg->note saying why (the report then shows the note, not a drawing).
 */
int diagram_render(struct diagram *dg);

/* Append s as a DOT quoted string ("..."), escaped for a label. */
void diagram_dot_quote(struct assure_buf *b, const char *s);

#endif
