-- 0018_collect_validator: conditional requests of live collection
-- (collect/cond.h).
--
-- For each URL a collector fetched (the full URL, query included: a page
-- of a list is its own resource), the validators the server gave with it
-- (ETag, Last-Modified; either may be absent), the digest of the bytes
-- stored for it, and the rel="next" of its Link header (a 304 need not
-- repeat the Link, and the list's next page must still be asked for).
-- The next run sends the validators back (If-None-Match,
-- If-Modified-Since); a 304 Not Modified means those stored bytes are
-- still the page, and the run keeps them again as its own.  A row whose
-- bytes cannot be read is dropped and the URL fetched in full.  The rows
-- are a cache: nothing else reads them, and losing them costs requests,
-- never evidence.
--
-- PostgreSQL's dialect of schema/sqlite/0018_collect_validator.sql: every
-- table is an organisation's (org_id first in every key, row-level
-- security; see 0001_spine.sql).

CREATE TABLE collect_validator (
	org_id		bigint NOT NULL
			    DEFAULT current_setting('assure.org_id')::bigint
			    REFERENCES organisation (id),
	url		text COLLATE "C" NOT NULL,	-- with its query
	etag		text COLLATE "C",
	last_modified	text COLLATE "C",
	sha256		text COLLATE "C" NOT NULL,	-- the bytes last stored
	kind		text COLLATE "C" NOT NULL,
	link_next	text COLLATE "C",		-- rel="next", or NULL
	updated_at	bigint NOT NULL,
	CHECK (etag IS NOT NULL OR last_modified IS NOT NULL),
	PRIMARY KEY (org_id, url)
);
ALTER TABLE collect_validator ENABLE ROW LEVEL SECURITY;
ALTER TABLE collect_validator FORCE ROW LEVEL SECURITY;
CREATE POLICY collect_validator_org ON collect_validator
    USING (org_id = current_setting('assure.org_id')::bigint)
    WITH CHECK (org_id = current_setting('assure.org_id')::bigint);
