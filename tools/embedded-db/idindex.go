package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"
)

// indexIDPathsForever adds the `_id` path index (see main.go) to new
// collection tables as they appear; collections are created at run time.
func indexIDPathsForever(ctx context.Context, dataDir string, logger *slog.Logger) {
	ticker := time.NewTicker(200 * time.Millisecond)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		for _, file := range files {
			if err := indexIDPaths(ctx, file); err != nil {
				logger.Debug("id path index", "file", file, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexIDPaths indexes the tables that lack the index. It asks SQLite which
// do, rather than remembering, because a dropped and re-created collection
// gets the same table name back without the index.
func indexIDPaths(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	if err := ensureIndex(ctx, db, "", "__id_path", `_ferretdb_sjson->'$._id'`); err != nil {
		return err
	}
	if err := indexReplayOrder(ctx, db); err != nil {
		return err
	}
	if err := ensureIndex(ctx, db, "comments", "__queue_order", queueOrderExpr); err != nil {
		return err
	}
	if err := ensureIndex(ctx, db, "comments", "__site_status", siteStatusExpr); err != nil {
		return err
	}
	if err := ensureIndex(ctx, db, "deliveries", "__due", dueExpr); err != nil {
		return err
	}
	return ensureIndex(ctx, db, "deliveries", "__site_created", siteCreatedExpr)
}

// siteCreatedExpr: a site's delivery log, newest first (moderation.go).
const siteCreatedExpr = `_ferretdb_sjson->>'$.site', _ferretdb_sjson->>'$.createdAt'`

// dueExpr: the webhook worker's scan for due deliveries (moderation.go).
const dueExpr = `_ferretdb_sjson->>'$.state', _ferretdb_sjson->>'$.nextAttemptAt'`

// siteStatusExpr: the moderation stats count comments per (site, status)
// from this index alone (moderation.go).
const siteStatusExpr = `_ferretdb_sjson->>'$.site', _ferretdb_sjson->>'$.status'`

// queueOrderExpr is the moderation queue's order within one status
// (moderation.go): the status, then the replay order.
const queueOrderExpr = `_ferretdb_sjson->>'$.status', ` + queueOrderTail

// queueOrderTail: createdAt then _id, as the queue and the replay sort.
const queueOrderTail = replayOrderExpr

// replayOrderExpr is the replay reader's order (export.go): createdAt (stored
// as integer milliseconds) then _id. FerretDB's own {createdAt: 1} index is on
// the JSON text of the date, which does not sort as time and which FerretDB
// never uses for a sort anyway.
const replayOrderExpr = `_ferretdb_sjson->>'$.createdAt', _ferretdb_sjson->>'$._id'`

// indexReplayOrder gives the comments table the index the replay reader
// streams through, so it reads in time order without sorting every comment
// first. Comments only: the other collections are never replayed.
func indexReplayOrder(ctx context.Context, db *sql.DB) error {
	return ensureIndex(ctx, db, "comments", "__replay_order", replayOrderExpr)
}

// ensureIndex creates the index <table><suffix> on expr for every collection
// table that lacks it (only the collection named `collection`, when given).
func ensureIndex(ctx context.Context, db *sql.DB, collection, suffix, expr string) error {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections
		WHERE (? = '' OR name = ?) AND table_name || ? NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')`,
		collection, collection, suffix)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()

	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, t+suffix, t, expr)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
