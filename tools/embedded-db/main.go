// Command embedded-db runs FerretDB (MongoDB wire protocol over SQLite) for
// the moderation service's embedded mode and its tests.
//
// It imports FerretDB's embeddable package rather than `go install`-ing
// cmd/ferretdb, because the latter panics at start-up for want of
// build/version/version.txt when built outside FerretDB's own tree.
//
// FerretDB v1's SQLite backend pushes `_id` equality filters down as
// `_ferretdb_sjson->'$._id' = ?`, but indexes its `_id` as
// `_ferretdb_sjson->"_id"`; SQLite only uses an expression index for the very
// same expression, so every `_id` lookup scanned the whole table (100 ms at
// 100k documents). indexIDPaths adds the matching index to every collection
// table, which makes `_id` lookups and updates O(log n) (about 1 ms).
//
// Other filters FerretDB v1 answers by decoding every document, so the same
// binary has two read-only modes that answer from the SQLite files directly
// and exit: -export-comments (the replay reader, export.go) and
// -moderation-query (the moderation queue and stats, the webhook worker's
// due scan and a site's delivery log, moderation.go), each through indexes
// idindex.go adds.
//
// The parent process talks to it through stdin: when stdin closes (the parent
// exited, even by SIGKILL) the database shuts down, so no orphan is left.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // served only when EMBEDDED_DB_PPROF names an address
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "data/db", "directory for the SQLite files")
	watchStdin := flag.Bool("exit-on-stdin-close", true, "stop when stdin reaches EOF (parent gone)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	// Replay reader mode (export.go): print the stored comments and exit; no server.
	export := flag.Bool("export-comments", false, "print stored comments as JSON lines, oldest first, and exit")
	exportCount := flag.Bool("count", false, "with -export-comments: print only how many comments match")
	exportDB := flag.String("database", "moderation", "with -export-comments: the database name")
	exportColl := flag.String("collection", "comments", "with -export-comments: the collection name")
	exportSite := flag.String("site", "", "with -export-comments: only this site")
	exportSince := flag.Int64("since-ms", 0, "with -export-comments: only comments created at or after this time (ms since the epoch)")
	exportLimit := flag.Int64("limit", 0, "with -export-comments: at most this many comments (0: all)")
	// Moderation query mode (moderation.go): answer one queue or stats query and exit.
	moderationQueryJSON := flag.String("moderation-query", "", "answer this JSON queue or stats query from the comments (with -database, -collection) and exit")
	flag.Parse()

	if *moderationQueryJSON != "" {
		if err := runModerationQuery(context.Background(), *dataDir, *exportDB, *exportColl, *moderationQueryJSON, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "embedded-db: moderation query: %v\n", err)
			os.Exit(1)
		}
		return
	}

	if *export {
		hasSince := false
		flag.Visit(func(f *flag.Flag) { hasSince = hasSince || f.Name == "since-ms" })
		err := exportComments(context.Background(), exportParams{
			dataDir: *dataDir, database: *exportDB, collection: *exportColl, site: *exportSite,
			sinceMs: *exportSince, hasSince: hasSince, limit: *exportLimit, countOnly: *exportCount,
		}, os.Stdout)
		if err != nil {
			fmt.Fprintf(os.Stderr, "embedded-db: reading comments: %v\n", err)
			os.Exit(1)
		}
		return
	}

	if err := os.MkdirAll(*dataDir, 0o750); err != nil {
		fmt.Fprintf(os.Stderr, "embedded-db: cannot create data dir: %v\n", err)
		os.Exit(1)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dataDir + "/",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "embedded-db: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	go indexIDPathsForever(ctx, *dataDir, logger)

	// Profiling, for measuring where the database spends its CPU (bench/replay.js):
	// EMBEDDED_DB_PPROF=127.0.0.1:6060 serves /debug/pprof/ there.
	if addr := os.Getenv("EMBEDDED_DB_PPROF"); addr != "" {
		go func() {
			if err := http.ListenAndServe(addr, nil); err != nil {
				logger.Warn("pprof listener", "error", err)
			}
		}()
	}

	fmt.Fprintf(os.Stdout, "embedded-db listening on %s, data in %s\n", *listen, *dataDir)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(os.Stderr, "embedded-db: %v\n", err)
		os.Exit(1)
	}
}
