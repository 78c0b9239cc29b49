// Package pipeline runs caredata: it reads the source manifest, checks
// every input's sha256, runs each registered extractor on its sources,
// writes every dataset in every format into a staging folder, and
// publishes the release by renaming it into place and switching the
// `latest` link atomically. A run that fails at any step leaves the
// previous release published.
package pipeline
