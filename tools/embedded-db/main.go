// Command embedded-db runs FerretDB (MongoDB wire protocol over SQLite) for
// the moderation service's embedded mode and its tests.
//
// It imports FerretDB's embeddable package rather than `go install`-ing
// cmd/ferretdb, because the latter panics at start-up for want of
// build/version/version.txt when built outside FerretDB's own tree.
//
// FerretDB v1's SQLite backend pushes only a lone `_id` equality filter down
// to SQLite, and even that through an expression its own `_id` index does
// not match; indexes.go adds the index those lookups need, and the indexes
// the service's other queries read.
//
// Other filters FerretDB v1 answers by decoding every document, so the same
// process also answers the service's other queries straight from the SQLite
// files, through the indexes of indexes.go: over HTTP on a second loopback
// port (-query-listen; query_server.go, queries.go). A separate read-only
// mode, -export-comments, prints stored comments for the replay command
// (export.go) and exits.
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
	"net"
	"net/http"
	_ "net/http/pprof" // served only when EMBEDDED_DB_PPROF names an address
	"os"
	"os/signal"
	"syscall"
	"time"

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
	queryListen := flag.String("query-listen", "", "loopback TCP address to answer index queries on over HTTP (query_server.go); empty: none")
	flag.Parse()

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

	go indexForever(ctx, *dataDir, logger)

	if *queryListen != "" {
		srv := &http.Server{Addr: *queryListen, Handler: newQueryServer(*dataDir), ReadHeaderTimeout: 5 * time.Second}
		ln, err := net.Listen("tcp", *queryListen)
		if err != nil {
			fmt.Fprintf(os.Stderr, "embedded-db: query listener: %v\n", err)
			os.Exit(1)
		}
		go func() { _ = srv.Serve(ln) }()
		go func() {
			<-ctx.Done()
			_ = srv.Close()
		}()
	}

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
