package main

// Comment counts per (site, status), kept by SQLite itself. The moderation
// stats and the held-comments gauge used to count every index entry of the
// comments (a scan that grows with the database); triggers on each comments
// table now keep a small table of counts up to date inside the very
// transaction of FerretDB's insert, update or delete, so the counts are exact
// and reading them costs the same at a million comments as at ten.
//
// FerretDB never reads this table (its collections are the ones listed in
// _ferretdb_collections). A table without the triggers (just created, or
// dropped and made again under the same name, which drops its triggers) is
// counted by a scan until indexForever adds them; it adds them and recounts
// in one write transaction, so no write falls between the two.

import (
	"context"
	"database/sql"
	"fmt"
)

const countsTable = `_moderation_status_counts`

// The stored site and status, as the stats have always read them.
var (
	siteOf   = func(row string) string { return row + `._ferretdb_sjson->>'$.site'` }
	statusOf = func(row string) string { return row + `._ferretdb_sjson->>'$.status'` }
)

func countTriggerName(table string) string { return table + `__count_insert` }

// ensureCounts adds the counting triggers to a comments table that lacks
// them, and recounts its rows in the same transaction.
func ensureCounts(ctx context.Context, db *sql.DB, table string) error {
	var present int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?`, countTriggerName(table)).Scan(&present); err != nil {
		return err
	}
	if present > 0 {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	bump := func(row, by string) string {
		return fmt.Sprintf(`INSERT INTO %[1]s (table_name, site, status, n) SELECT %[2]q, %[3]s, %[4]s, %[5]s WHERE %[3]s IS NOT NULL AND %[4]s IS NOT NULL
			ON CONFLICT (table_name, site, status) DO UPDATE SET n = n + %[5]s;`, countsTable, table, siteOf(row), statusOf(row), by)
	}
	for _, stmt := range []string{
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (table_name TEXT NOT NULL, site TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
			PRIMARY KEY (table_name, site, status)) WITHOUT ROWID`, countsTable),
		fmt.Sprintf(`CREATE TRIGGER %q AFTER INSERT ON %q BEGIN %s END`, countTriggerName(table), table, bump("NEW", "1")),
		fmt.Sprintf(`CREATE TRIGGER %q AFTER DELETE ON %q BEGIN %s END`, table+`__count_delete`, table, bump("OLD", "-1")),
		fmt.Sprintf(`CREATE TRIGGER %q AFTER UPDATE ON %q WHEN %s IS NOT %s OR %s IS NOT %s BEGIN %s %s END`,
			table+`__count_update`, table, siteOf("OLD"), siteOf("NEW"), statusOf("OLD"), statusOf("NEW"), bump("OLD", "-1"), bump("NEW", "1")),
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+countsTable+` WHERE table_name = ?`, table); err != nil {
		return err
	}
	recount := fmt.Sprintf(`INSERT INTO %s (table_name, site, status, n) SELECT ?, %s, %s, count(*) FROM %q AS t
		WHERE %s IS NOT NULL AND %s IS NOT NULL GROUP BY 2, 3`, countsTable, siteOf("t"), statusOf("t"), table, siteOf("t"), statusOf("t"))
	if _, err := tx.ExecContext(ctx, recount, table); err != nil {
		return err
	}
	return tx.Commit()
}

// countsKept reports whether the table's counts are kept by its triggers.
func countsKept(ctx context.Context, db *sql.DB, table string) (bool, error) {
	var present int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?`, countTriggerName(table)).Scan(&present)
	return present > 0, err
}

// ensureCountsForComments adds the counters to every comments table of the file.
func ensureCountsForComments(ctx context.Context, db *sql.DB) error {
	tables, err := tableNames(ctx, db, `SELECT table_name FROM _ferretdb_collections WHERE name = 'comments'`)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := ensureCounts(ctx, db, t); err != nil {
			return err
		}
	}
	return nil
}
