-- Lexical search reads only indexes (docs/pgvector.md, "Lexical search"; docs/benchmarks.md, "Sixth session on
-- latency").
--
-- A BM25 query reads three things: the tenant's document count and average length, each query term's document
-- frequency, and the postings (tf, norm_length) of the terms it scores. The first read every row of the tenant's
-- tickets from the heap (8,500 wide rows, 4 ms) and the last fetched every posting's heap tuple (14,000 for one
-- query, most of its 26 ms). With the columns they need in an index, PostgreSQL answers both from the index alone
-- once the pages are marked all-visible, which VACUUM (autovacuum, or TicketWrites.analyse after a replace) does.

-- The primary key carries each posting's tf and norm_length: scoring reads the key's leaf pages and nothing else.
ALTER TABLE sift_posting DROP CONSTRAINT sift_posting_pkey;
ALTER TABLE sift_posting ADD PRIMARY KEY (tenant, term, id) INCLUDE (tf, norm_length);

-- The document count and total length of a tenant's tickets that have any token (the predicate of SearchSql's
-- statistics, so the planner can use it).
CREATE INDEX sift_ticket_doc_length ON sift_ticket (tenant) INCLUDE (doc_length) WHERE doc_length > 0;
