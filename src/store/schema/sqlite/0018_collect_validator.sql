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

CREATE TABLE collect_validator (
	url		TEXT NOT NULL PRIMARY KEY,	-- with its query
	etag		TEXT,
	last_modified	TEXT,
	sha256		TEXT NOT NULL,		-- the bytes last stored for it
	kind		TEXT NOT NULL,
	link_next	TEXT,			-- rel="next", or NULL
	updated_at	BIGINT NOT NULL,
	CHECK (etag IS NOT NULL OR last_modified IS NOT NULL)
);
