package main

// The SQLite indexes this binary adds to FerretDB's tables. FerretDB v1 keeps
// each document as JSON text in one `_ferretdb_sjson` column and answers
// every filter but a lone `_id` equality by decoding every document in Go;
// the queries in queries.go read these indexes directly instead. SQLite uses
// an expression index only for the very same expression, so each query
// spells its conditions exactly as indexed here (the plan tests check it).

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"
)

// sqliteIndex is one expression index on the tables of a collection ("" for
// every collection).
type sqliteIndex struct {
	collection string
	suffix     string
	expr       string
}

const doc = `_ferretdb_sjson`

// field is the indexed (and queried) expression for a top-level field.
func field(name string) string { return doc + `->>'$.` + name + `'` }

// Expressions shared by an index and the queries that seek on it.
var (
	// createdAt then _id: the replay order (export.go) and the queue's order within a status.
	queueOrderTail = field("createdAt") + `, ` + field("_id")
	// The retention job's comments still to anonymise: no anonymisedAt yet, oldest first.
	notAnonymisedExpr = field("anonymisedAt") + ` IS NULL`
	// The retention job's audit events whose moderator note is still there.
	noteToRemoveExpr = `(` + field("note") + ` IS NOT NULL AND ` + field("note") + ` <> '[removed]')`
)

var sqliteIndexes = []sqliteIndex{
	// FerretDB pushes `_id` equality down as `_ferretdb_sjson->'$._id' = ?`
	// but indexes `_ferretdb_sjson->"_id"`, which SQLite does not take for the
	// same thing: without this, every `_id` lookup scanned the whole table.
	{"", "__id_path", doc + `->'$._id'`},
	// The replay reader's order (export.go).
	{"comments", "__replay_order", queueOrderTail},
	// The moderation queue: one status, oldest first.
	{"comments", "__queue_order", field("status") + `, ` + queueOrderTail},
	// The moderation stats: comments per (site, status) counted from the index alone.
	{"comments", "__site_status", field("site") + `, ` + field("status")},
	// Retention of one site's comments, oldest first.
	{"comments", "__site_created", field("site") + `, ` + field("createdAt")},
	// Retention: comments not yet anonymised, oldest first.
	{"comments", "__to_anonymise", notAnonymisedExpr + `, ` + field("createdAt")},
	// The webhook worker's scan for due deliveries.
	{"deliveries", "__due", field("state") + `, ` + field("nextAttemptAt")},
	// A site's delivery log, newest first.
	{"deliveries", "__site_created", field("site") + `, ` + field("createdAt")},
	// Retention: deliveries and feedback by age.
	{"deliveries", "__created", field("createdAt")},
	{"feedback", "__created", field("createdAt")},
	// Purging history events that left every window.
	{"history_events", "__created", field("createdAt")},
	// Repair (pending events) and the feedback export (applied events), by time.
	{"events", "__state_at", field("state") + `, ` + field("at")},
	// Retention: events whose note is still to remove, by time.
	{"events", "__note_at", noteToRemoveExpr + `, ` + field("at")},
}

// indexForever adds the indexes (and the comment counters, counters.go) to
// new collection tables as they appear;
// collections are created at run time.
func indexForever(ctx context.Context, dataDir string, logger *slog.Logger) {
	ticker := time.NewTicker(200 * time.Millisecond)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file); err != nil {
				logger.Debug("sqlite indexes", "file", file, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexFile indexes the tables that lack an index. It asks SQLite which
// do, rather than remembering, because a dropped and re-created collection
// gets the same table name back without the index.
func indexFile(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, ix := range sqliteIndexes {
		if err := ensureIndex(ctx, db, ix); err != nil {
			return err
		}
	}
	return ensureCountsForComments(ctx, db)
}

// ensureIndex creates the index <table><suffix> for every table of the
// index's collection that lacks it.
func ensureIndex(ctx context.Context, db *sql.DB, ix sqliteIndex) error {
	tables, err := tableNames(ctx, db, `SELECT table_name FROM _ferretdb_collections
		WHERE (? = '' OR name = ?) AND table_name || ? NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')`,
		ix.collection, ix.collection, ix.suffix)
	if err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, t+ix.suffix, t, ix.expr)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// tableNames runs a query that selects table names, and answers them.
func tableNames(ctx context.Context, db *sql.DB, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, rows.Err()
}
