-- BM25 lexical search in SQL, ranking as Lucene does (docs/pgvector.md, "Lexical search").
--
-- The text is analysed in Java with the Lucene backend's own analyzer, so both backends see the same terms; the
-- database keeps an inverted index of them: one row per (tenant, term, ticket) with the term frequency and the
-- ticket's length as Lucene encodes it. Document frequencies, the tenant's document count and average length are
-- counted at query time, so concurrent writers never contend on a statistics row.

-- PostgreSQL's own full text (to_tsvector('english', …) with ts_rank_cd) is replaced: it has no IDF and another
-- stemmer, and its GIN index slowed every insert.
ALTER TABLE sift_ticket DROP COLUMN text_search;

-- Tokens after analysis (BM25's document length), and that length as Lucene stores it in one byte (exact up to 40,
-- rounded down beyond). NULL until a row written before this migration is analysed at start-up.
ALTER TABLE sift_ticket ADD COLUMN doc_length integer, ADD COLUMN norm_length integer;

CREATE TABLE sift_posting (
  tenant      text    NOT NULL,
  term        text    NOT NULL,
  id          text    NOT NULL,
  tf          integer NOT NULL,
  norm_length integer NOT NULL,
  PRIMARY KEY (tenant, term, id)
);

-- Replacing or deleting a ticket removes its postings by (tenant, id).
CREATE INDEX sift_posting_ticket ON sift_posting (tenant, id);
