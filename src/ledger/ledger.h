/*
 * ledger.h: the evidence ledger on top of the store: canonical entries,
 * appends in the caller's transaction, signed checkpoints, proofs, and
 * the full verification.
 *
 * Every piece of evidence, every evaluation and every rejected ingest is
 * an entry: a canonical byte string (docs/LEDGER.md, "Entry encodings")
 * that is hashed into a leaf of an RFC 9162 Merkle tree (merkle.h).  The
 * entry is appended in the same store transaction as the rows it records,
 * so a crash leaves both or neither.  Checkpoints are C2SP signed notes
 * (note.h) over the tree size and root, signed with the workspace's
 * Ed25519 key in .assure/ledger.key.
 *
 * Verification re-encodes what the database says (each evidence row, each
 * evaluation) and compares it byte for byte with what the ledger recorded,
 * re-hashes every evidence file, recomputes every leaf and subtree, and
 * checks every stored checkpoint's signature and root.  The first mismatch
 * is reported as ASSURE_ERR_TAMPER with a diagnostic naming the entry, row
 * or file.
 */
#ifndef ASSURE_LEDGER_H
#define ASSURE_LEDGER_H

#include "common/buf.h"
#include "common/compat.h"
#include "common/err.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/store.h"

#define LEDGER_KEY_FILE		"ledger.key"
#define LEDGER_PUB_FILE		"ledger.pub"
#define LEDGER_ENTRY_MAX	(16u * 1024 * 1024)
#define LEDGER_PROOF_FILE_MAX	(4u * 1024 * 1024)
#define LEDGER_ENTRY_MAGIC	"assure-ledger-entry/1"
#define LEDGER_PROOF_FORMAT	"assure-inclusion-proof/1"

struct ledger;

/*
 * Make the workspace's signing key in dotdir (ledger.key, mode 0600, and
 * ledger.pub, the verifier key) for an organisation.  The key name, which
 * is also the checkpoint origin, is "<slug>.assure/<8 hex>".  Refuses
 * (CONFLICT) when a key exists.
 */
enum assure_err ledger_keygen(const char *dotdir, const char *organisation,
    struct assure_diag *reterr_diag);

/*
 * Open the ledger of store s with the keys in dotdir.  With writable, the
 * signing key is loaded (and made when the workspace has none yet, for
 * workspaces older than the ledger); otherwise only ledger.pub is read.
 */
enum assure_err ledger_open(struct store *s, const char *dotdir,
    const char *organisation, bool writable, struct ledger **ret_ledger,
    struct assure_diag *reterr_diag);
void ledger_close(struct ledger *l);

/* The verifier key text "name+id+base64" (ASSURE_NOTE_VKEY_MAX bytes). */
void ledger_verifier_text(const struct ledger *l, char *out);
const char *ledger_origin(const struct ledger *l);

/* The fields an evidence entry records (strings NUL-terminated). */
struct ledger_evidence {
	const char	*sha256_hex;
	const char	*kind;
	int64_t		 size;
	int64_t		 collected_at;
	int64_t		 as_of;
	const char	*as_of_origin;
	bool		 has_period;
	int64_t		 period_start;
	int64_t		 period_end;
	const char	*collector;
	int64_t		 records;
};

/* Evidence filed against a control (ingest --control). */
struct ledger_evidence_control {
	const char	*sha256_hex;
	const char	*control;
	int64_t		 linked_at;
	const char	*linked_by;
};

/* The same evidence seen again as of a later (or earlier) instant. */
struct ledger_observation {
	const char	*sha256_hex;
	const char	*kind;
	int64_t		 as_of;
	int64_t		 collected_at;
	const char	*collector;
};

/* A policy approval (policy/approval.h): the text's digest, who, when. */
struct ledger_policy_approval {
	const char	*policy_id;
	const char	*version;
	const char	*body_sha256;	/* hex */
	const char	*approved_by;
	int64_t		 approved_at;
};

/*
 * The audited state of one of the engine's own users (auth/users.h) after
 * a change: entry types "user-add", "user-disable", "user-role",
 * "user-mfa-reset", "user-mfa-enrol", "user-password", ref "user:NAME".
 * No secret: the password hash and the TOTP secret appear only as the
 * SHA-256 of their stored text, so that editing either in the database is
 * visible to ledger_verify().
 */
struct ledger_user {
	const char	*name;
	const char	*display;
	const char	*role;
	bool		 has_period;	/* auditors */
	int64_t		 period_start;
	int64_t		 period_end;
	bool		 disabled;
	const char	*mfa_sha256;	/* hex; NULL when not enrolled */
	const char	*password_sha256; /* hex of the stored hash's text */
	const char	*by;
	int64_t		 at;
};

/*
 * An API token's state: "token-create" and "token-revoke", ref
 * "token:ID".  Never the token nor its hash.
 */
struct ledger_token {
	const char	*id;
	const char	*user;
	const char	*name;
	const char	*role;
	int64_t		 created_at;
	const char	*created_by;
	bool		 expires;
	int64_t		 expires_at;
	bool		 revoked;
	int64_t		 revoked_at;
	const char	*revoked_by;	/* when revoked */
};

/*
 * A collection run as closed (collect/run.h): entry type "collection",
 * ref "run:ID", listing every page (seq, kind, digest, as-of, URL without
 * query) and whether the run was complete.
 */
struct ledger_collection_page {
	int64_t		 seq;
	const char	*kind;
	const char	*sha256_hex;
	int64_t		 as_of;
	const char	*url;
};

struct ledger_collection {
	int64_t				 id;
	const char			*source;
	const char			*target;
	int64_t				 started_at;
	int64_t				 ended_at;
	bool				 complete;
	const char			*note;	/* "" when none */
	const struct ledger_collection_page *pages;
	size_t				 npages;
};

#define LEDGER_RUN_REF_PREFIX	"run:"
#define LEDGER_USER_REF_PREFIX	"user:"
#define LEDGER_TOKEN_REF_PREFIX	"token:"
#define LEDGER_LOGIN_REF_PREFIX	"login:"

/* Canonical entry bodies. */
void ledger_encode_user(struct assure_buf *b, const char *type,
    const struct ledger_user *u);
void ledger_encode_token(struct assure_buf *b, const char *type,
    const struct ledger_token *t);
/* "login" (ok) or "login-failed": who, how, when and, failed, why. */
void ledger_encode_login(struct assure_buf *b, bool ok, const char *user,
    const char *method, const char *reason, int64_t at);
void ledger_encode_evidence(struct assure_buf *b,
    const struct ledger_evidence *e);
void ledger_encode_observation(struct assure_buf *b,
    const struct ledger_observation *o);
void ledger_encode_policy_approval(struct assure_buf *b,
    const struct ledger_policy_approval *a);
/* An observation's ledger ref: "HEX@AS-OF" (out: at least 96 bytes). */
void ledger_observation_ref(const char *sha256_hex, int64_t as_of,
    char *out, size_t size);
/* "evidence-control": the entry and its ref "HEX:CONTROL". */
void ledger_encode_evidence_control(struct assure_buf *b,
    const struct ledger_evidence_control *c);
void ledger_evidence_control_ref(const char *sha256_hex, const char *control,
    char *out, size_t size);
void ledger_encode_collection(struct assure_buf *b,
    const struct ledger_collection *c);
/*
 * The "collection" entry of the closed run id as its rows in store s say
 * (collection_run, collection_page), appended to b.  NOTFOUND when there
 * is no such run, INVAL when it is still open.
 */
enum assure_err ledger_collection_from_store(struct store *s, int64_t id,
    struct assure_buf *b, struct assure_diag *reterr_diag);
void ledger_encode_rejection(struct assure_buf *b, const char *sha256_hex,
    const char *kind, const char *source, int64_t at, const char *error);

struct evaluation;
/*
 * The evaluation entry: id, as-of, started-at, and per test its id,
 * verdict, population and the SHA-256 of its exception list.
 */
enum assure_err ledger_encode_evaluation(struct assure_buf *b,
    const struct evaluation *ev);

/*
 * Append an entry.  Must be called inside a store transaction, which then
 * carries the entry together with what it records.  *ret_index (may be
 * NULL) is the entry's index.
 */
enum assure_err ledger_append(struct ledger *l, const char *type,
    const char *ref, const void *body, size_t len, int64_t now,
    uint64_t *ret_index, struct assure_diag *reterr_diag);

/*
 * Sign a checkpoint of the current tree and store it (inside or outside a
 * transaction).  When ret_note is not NULL the signed note is appended.
 * Needs the signing key.
 */
enum assure_err ledger_checkpoint(struct ledger *l, int64_t now,
    struct assure_buf *ret_note, struct assure_diag *reterr_diag);

/*
 * Sign the note body body[0..len) (text lines, each ending in a newline)
 * with the ledger's key, appending the signed note to out: for documents
 * that travel with the ledger, such as an auditor package's manifest.
 * Needs the signing key.
 */
enum assure_err ledger_sign_note(struct ledger *l, const char *body,
    size_t len, struct assure_buf *out, struct assure_diag *reterr_diag);

struct ledger_status {
	uint64_t	size;
	unsigned char	root[ASSURE_MERKLE_HASH_LEN];
	bool		has_checkpoint;
	uint64_t	checkpoint_size;
	int64_t		checkpoint_at;
};

enum assure_err ledger_status(struct ledger *l, struct ledger_status *ret,
    struct assure_diag *reterr_diag);

/*
 * The first checkpoint signed after instant t (the smallest tree so
 * signed): its note appended to out, its signing instant in *ret_at.
 * NOTFOUND if none was.
 */
enum assure_err ledger_checkpoint_after(struct ledger *l, int64_t t,
    struct assure_buf *out, int64_t *ret_at, struct assure_diag *reterr_diag);

/* The latest stored checkpoint note, appended to out; NOTFOUND if none. */
enum assure_err ledger_latest_checkpoint(struct ledger *l,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/*
 * Find an entry: a decimal index, an evidence digest ("sha256:..." or 64
 * hex) or an evaluation id.  NOTFOUND when nothing matches.
 */
enum assure_err ledger_find(struct ledger *l, const char *what,
    uint64_t *ret_index, struct assure_diag *reterr_diag);

/*
 * A self-contained inclusion proof of entry index, as JSON appended to
 * out: the entry bytes, the leaf hash, the audit path, and the signed
 * checkpoint it leads to.  checkpoint_note (may be NULL) names the
 * checkpoint to prove against, which must be this log's and verify;
 * otherwise the smallest stored checkpoint that covers the entry.
 */
enum assure_err ledger_prove(struct ledger *l, uint64_t index,
    const char *checkpoint_note, size_t note_len, struct assure_buf *out,
    struct assure_diag *reterr_diag);

/*
 * Check that the log extends the checkpoint old_note (signed by this log's
 * key): a consistency proof from its size to the current size, or to the
 * size of the later checkpoint new_note when one is given (it must be
 * this log's and the stored tree must still have its root), must lead
 * from its root to the newer one.  TAMPER when the log was rewritten in
 * between.  The proof is appended to out as JSON when out is not NULL.
 */
enum assure_err ledger_consistency(struct ledger *l, const char *old_note,
    size_t old_len, const char *new_note, size_t new_len,
    struct assure_buf *out, struct assure_diag *reterr_diag);

/*
 * Time-stamp the newest checkpoint (signing one first when the ledger has
 * grown past it) at the RFC 3161 TSA url, and store the token (tsa.h).
 * With ca_file (may be NULL), a token whose TSA signature does not verify
 * against it is TAMPER and is not stored.  Needs the signing key.
 * *ret_size and *ret_gen_time say what was stamped when.  A TSA that
 * cannot be reached is ASSURE_ERR_IO naming the URL.
 */
enum assure_err ledger_timestamp(struct ledger *l, const char *url,
    const char *ca_file, int64_t now, uint64_t *ret_size,
    int64_t *ret_gen_time, struct assure_diag *reterr_diag);

/*
 * Check every stored time-stamp token: its imprint must be SHA-256 of the
 * stored checkpoint note of its size, its genTime the stored one, and
 * with ca_file (may be NULL) its TSA signature must verify.  A mismatch
 * is TAMPER naming the checkpoint size.  *ret_count is the number checked.
 * ledger_verify() runs it without a ca_file.
 */
enum assure_err ledger_verify_timestamps(struct ledger *l,
    const char *ca_file, uint64_t *ret_count, struct assure_diag *reterr_diag);

struct ledger_verify_report {
	uint64_t	entries;
	uint64_t	evidence;
	uint64_t	evaluations;
	uint64_t	checkpoints;
	uint64_t	bytes_hashed;
	uint64_t	timestamps;	/* RFC 3161 tokens, imprints checked */
	uint64_t	users;		/* app_user rows matched to entries */
	uint64_t	tokens;		/* api_token rows likewise */
	uint64_t	runs;		/* closed collection runs likewise */
};

typedef void (*ledger_progress_fn)(uint64_t done, uint64_t total, void *arg);

/*
 * Verify everything (see the top of this file), and the imprint of every
 * stored time-stamp token (ret->timestamps).  evidence_dir is where the
 * evidence bytes are kept by hash.  ASSURE_OK when all matches,
 * ASSURE_ERR_TAMPER naming the first mismatch, another code when the check
 * itself could not run.
 */
enum assure_err ledger_verify(struct ledger *l, const char *evidence_dir,
    struct ledger_verify_report *ret, ledger_progress_fn progress,
    void *progress_arg, struct assure_diag *reterr_diag);

/*
 * Verify a proof file made by ledger_prove() with nothing but a verifier
 * key: the entry hashes to the leaf, the path leads to the checkpoint's
 * root, and the checkpoint is signed by the key.  When evidence (may be
 * NULL) is given, its bytes must hash to the entry's sha256.  On success
 * *ret_index and *ret_size say what was proved, and the entry text is
 * appended to ret_entry (may be NULL).
 */
enum assure_err ledger_verify_proof(const char *json, size_t len,
    const struct assure_note_verifier *key, const char *evidence_path,
    uint64_t *ret_index, uint64_t *ret_size, struct assure_buf *ret_entry,
    struct assure_diag *reterr_diag);

#endif
