/*
 * qr.c: QR codes of TOTP enrolment URIs (libqrencode), as terminal text
 * and as SVG (see users.h).
 */
#include "common/compat.h"

#include <string.h>

#include <qrencode.h>

#include "auth/users.h"

#define QR_QUIET	2	/* modules of light border, terminal */
#define QR_SVG_QUIET	4	/* the standard's quiet zone */
#define QR_TEXT_MAX	1024	/* bytes of text to encode */

static enum assure_err
qr_encode(const char *text, QRcode **ret)
{
	if (strlen(text) > QR_TEXT_MAX)
		return ASSURE_ERR_LIMIT;
	*ret = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	return *ret == NULL ? ASSURE_ERR_NOMEM : ASSURE_OK;
}

static bool
dark(const QRcode *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return false;
	return (q->data[y * q->width + x] & 1) != 0;
}

/*
 * Two rows of modules per line.  Light modules are drawn (as qrencode -t
 * UTF8 does), so the code reads on a dark terminal; scanners accept it
 * either way round.
 */
enum assure_err
qr_text(const char *text, struct assure_buf *out)
{
	QRcode *q;
	int x, y, w;
	bool top, bot;
	enum assure_err rc;

	rc = qr_encode(text, &q);
	if (rc != ASSURE_OK)
		return rc;
	w = q->width + 2 * QR_QUIET;
	for (y = -QR_QUIET; y < q->width + QR_QUIET; y += 2) {
		for (x = -QR_QUIET; x < w - QR_QUIET; x++) {
			top = !dark(q, x, y);
			bot = y + 1 < q->width + QR_QUIET && !dark(q, x, y + 1);
			assure_buf_adds(out, top && bot ? "\u2588" : top ?
			    "\u2580" : bot ? "\u2584" : " ");
		}
		assure_buf_addc(out, '\n');
	}
	QRcode_free(q);
	return assure_buf_err(out);
}

/* One path of unit squares, dark on a white background. */
enum assure_err
qr_svg(const char *text, struct assure_buf *out)
{
	QRcode *q;
	int x, y, w;
	enum assure_err rc;

	rc = qr_encode(text, &q);
	if (rc != ASSURE_OK)
		return rc;
	w = q->width + 2 * QR_SVG_QUIET;
	assure_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "shape-rendering=\"crispEdges\">\n<title>QR code</title>\n"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
	    "<path fill=\"#000000\" d=\"", w, w, w * 6, w * 6, w, w);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (dark(q, x, y))
				assure_buf_printf(out, "M%d %dh1v1h-1z",
				    x + QR_SVG_QUIET, y + QR_SVG_QUIET);
	assure_buf_adds(out, "\"/>\n</svg>\n");
	QRcode_free(q);
	return assure_buf_err(out);
}
