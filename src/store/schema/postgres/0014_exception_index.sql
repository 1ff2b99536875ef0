-- 0014_exception_index: a control's history over a period groups every
-- exception its tests recorded by test and subject (the Type 2 report,
-- src/period/history.c); this index keeps that a lookup per test rather
-- than a scan of every evaluation's exceptions.
--
-- PostgreSQL's dialect of schema/sqlite/0014_exception_index.sql,
-- org_id first as in every index (0001_spine.sql).

CREATE INDEX evaluation_exception_test
    ON evaluation_exception (org_id, test_id, subject, severity);
