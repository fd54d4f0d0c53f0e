"""Storage: the only code that writes to the database (the job queue's own tables aside, which procrastinate writes).

- `articles`: store one article and its events (one transaction, retried on a deadlock), find a stored duplicate,
  delete an article;
- `events`: an article's events into stored ones (merge policy: `same_happening` / `merge_into`), re-dating, and the
  copies of an event's dates on its actor and country links;
- `actors`: find, create and resolve stored actors by name;
- `locks`: the writers' locks (PostgreSQL advisory locks; one process lock on SQLite) and `writes_settled`;
- `bulk`: fast loading of many extracted articles, without merging (corpora, benchmarks);
- `jobs`: what a queued ingest job ended with;
- `sql`: the SQL that differs between SQLite and PostgreSQL, and LIKE escaping.
"""
