// Package sources embeds the official input files caredata publishes from,
// byte for byte as their publishers released them, with manifest.json
// recording for each its publisher, official address, licence, release and
// sha256. The built binary therefore runs with no network and no checkout.
package sources

import "embed"

// FS holds manifest.json and the files it lists.
//
//go:embed manifest.json dfe ofsted mhclg lookups documents
var FS embed.FS
