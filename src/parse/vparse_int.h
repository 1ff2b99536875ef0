/*
 * vparse_int.h: what the scanner parsers share inside parse/ (not for
 * other layers): the parser object, the JSON vendor table (streamed by
 * jstream), the XML side (vxml.c: libxml2's push parser, safe settings)
 * and Lynis's line reader.  The string, time and boolean helpers are the
 * identity parsers' (idparse_int.h).
 */
#ifndef ASSURE_PARSE_VPARSE_INT_H
#define ASSURE_PARSE_VPARSE_INT_H

#include "common/compat.h"
#include "common/err.h"
#include "common/buf.h"
#include "parse/idparse_int.h"
#include "parse/jstream.h"
#include "parse/vparse.h"

struct vxml;
struct lynis;

/* Leading bytes (blanks, a byte order mark) ZAP's sniffing holds. */
#define VPARSE_SNIFF_MAX	256

/* A JSON format: where its records are and what to do with them. */
struct vuln_json_vendor {
	const char *const	*patterns;
	enum assure_err		(*init)(struct vuln_parser *p);
	jstream_rec_fn		 record;
	/* after the document: the envelope, what waited for the end */
	enum assure_err		(*finish)(struct vuln_parser *p,
				    struct assure_diag *reterr_diag);
	void			(*release)(struct vuln_parser *p);
};

struct vuln_parser {
	enum vuln_format		 fmt;
	const struct vuln_opts		*o;
	struct vuln_sink		 sink;
	unsigned long			 emitted;
	unsigned long			 findings;	/* index of the next */
	struct jstream			*js;
	const struct vuln_json_vendor	*v;
	struct vxml			*xml;
	struct lynis			*lynis;
	void				*state;		/* the vendor's */
	bool				 has_as_of;
	int64_t				 as_of;
	bool				 sniffing;	/* zap: JSON or XML? */
	/* The bytes seen while sniffing, fed once the format is known. */
	unsigned char			 sniffed[VPARSE_SNIFF_MAX];
	size_t				 nsniffed;
};

/* The JSON vendors (vjson_*.c). */
extern const struct vuln_json_vendor vuln_vendor_sarif;
extern const struct vuln_json_vendor vuln_vendor_trivy;
extern const struct vuln_json_vendor vuln_vendor_grype;
extern const struct vuln_json_vendor vuln_vendor_cyclonedx;
extern const struct vuln_json_vendor vuln_vendor_asff;
extern const struct vuln_json_vendor vuln_vendor_zap_json;

/*
 * vxml.c: the XML formats (ZAP XML, OpenSCAP, Nessus, OpenVAS): new sets
 * p->xml for p->fmt; feed and finish follow vuln_parser_feed/finish
 * (errors sticky); free accepts NULL.
 */
enum assure_err vxml_new(struct vuln_parser *p, struct assure_diag *d);
enum assure_err vxml_feed(struct vuln_parser *p, const unsigned char *data,
    size_t len, struct assure_diag *d);
enum assure_err vxml_finish(struct vuln_parser *p, struct assure_diag *d);
void vxml_free(struct vxml *x);

/* lynis.c: report.dat, the same contract. */
enum assure_err lynis_new(struct vuln_parser *p, struct assure_diag *d);
enum assure_err lynis_feed(struct vuln_parser *p, const unsigned char *data,
    size_t len, struct assure_diag *d);
enum assure_err lynis_finish(struct vuln_parser *p, struct assure_diag *d);
void lynis_free(struct lynis *l);

/*
 * pentest.c: a penetration test's findings as CSV; the same contract, its
 * state in p->state (pentest_free clears it).
 */
enum assure_err pentest_new(struct vuln_parser *p, struct assure_diag *d);
enum assure_err pentest_feed(struct vuln_parser *p,
    const unsigned char *data, size_t len, struct assure_diag *d);
enum assure_err pentest_finish(struct vuln_parser *p, struct assure_diag *d);
void pentest_free(struct vuln_parser *p);

/*
 * Emit through the sink, counting.  A scan's finish time (else start)
 * becomes the parser's as-of when it is the newest.  A finding's index is
 * assigned here.
 */
enum assure_err vuln_emit_scan(struct vuln_parser *p,
    const struct vuln_scan *x, struct assure_diag *d);
enum assure_err vuln_emit_finding(struct vuln_parser *p,
    struct vuln_finding *x, struct assure_diag *d);

/*
 * A severity word of any case ("CRITICAL", "High", "moderate", "Medium",
 * "negligible", "informational", "none", "unknown") as a severity;
 * VSEV_ABSENT when it is none of them.
 */
enum vuln_sev vuln_sev_word(const char *s);

/* ------------------------------------------------ JSON vendor helpers */

#define VJ_TEXT_MAX	65536	/* a joined list (cves, fixed_in, ...) */

/*
 * The text of a scalar at path: a string (non-empty) or a number as
 * written; NULL when missing, null or "".  A map, array or boolean is a
 * located error naming the field.
 */
enum assure_err vj_text(struct jstream *js, const struct jrec *r,
    const char *path, const char **ret, struct assure_diag *d);
/* A number (or a numeric string) at path, or -1 when absent/not one. */
double vj_num(const struct jrec *r, const char *path);
/* A string or number of the envelope at path, or NULL. */
const char *vj_env(struct jstream *js, const char *path);
/*
 * The element index that follows prefix in the record's own path
 * ("runs.3.results.7" with "runs." gives 3); -1 when it does not.
 */
long vj_index(const struct jrec *r, const char *prefix);
/* True when s looks like a CVE id ("CVE-2021-44228", any case). */
bool vj_is_cve(const char *s);
/*
 * Append s to the ','-joined list in b unless it is already there; the
 * list is capped at VJ_TEXT_MAX bytes (later ids are dropped).
 */
void vj_join(struct assure_buf *b, const char *s);
/*
 * A located error for a document of the wrong shape: the envelope does
 * not hold what the format needs ("expected a Trivy report (Results[]),
 * got a document without it").
 */
enum assure_err vj_shape(struct vuln_parser *p, struct assure_diag *d,
    const char *what);

#endif
