// Package pipeline runs caredata: it reads the source manifest, checks
// every input's sha256, runs the registered extractors and derivers, writes
// every dataset in every format into a staging folder, validates it, and
// publishes the release by renaming it into place and switching the
// `latest` link atomically. A run that fails at any step leaves the
// previous release published.
//
// # One stream per dataset
//
// Extractors and derivers (package extract) append rows to a builder that
// hands them on in batches of BatchRows rows. Each batch goes to the
// writers that take rows as they come (Parquet, CSV, .meta.csv), each in
// its own goroutine behind a short queue, so no dataset is held whole in
// memory: la_spend's 636,000 rows pass through a few megabytes. When a
// dataset's producer is done and those files are closed, the dataset is
// complete, and three kinds of work read its Parquet file back: the writers
// that must know the whole table before its first row (Excel states the
// row count above the table), the derivers that need the dataset, and the
// comparison with the previous release (by key and hashed rows).
//
// Producers that do not depend on each other run concurrently; the
// extractions, derivations, whole-table writes and comparisons running at
// once are bounded by Options.Workers (the cores). Derivers are ordered by
// the datasets they need, and a run refuses to start when a needed dataset
// has no producer or the needs form a cycle (ErrPlan).
package pipeline
