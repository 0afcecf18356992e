package main

// The moderation queue's and stats' queries, the webhook worker's scan for
// due deliveries and a site's delivery log, read straight from FerretDB's SQLite file (layout and
// safety as in export.go). Through FerretDB both are
// full scans that decode every stored comment in Go (about 60 us each: 6 s
// for a queue page or the stats at 100,000 comments), because FerretDB v1
// pushes only `_id` equality down to SQLite. Here SQLite answers from the
// queue-order index (idindex.go) and the service then fetches the page's
// comments through FerretDB by `_id`.
//
// The worker polls every second, and its scan cost 1.6 s at 20,000 stored
// deliveries through FerretDB.
//
// The service (src/store/embedded-moderation-reader.ts) passes one JSON query
// and reads JSON lines back: the matching ids in (createdAt, _id) order, a
// count per (site, status), the due deliveries' ids and attempt counts, or a
// site's delivery ids, newest first. The filters mirror the MongoDB ones in
// src/api/moderation-queue.ts: string equality on site and status, dates
// compared as the integer milliseconds FerretDB stores, and a rules filter
// that matches an element of the `rules` array exactly, by prefix or by
// suffix.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

type moderationQuery struct {
	// "queue" or "stats" on the comments; "due" or "log" on the webhook deliveries.
	Op string `json:"op"`
	// log: the site whose deliveries to list, and only this state when given.
	Site  string `json:"site"`
	State string `json:"state"`
	// Only these sites; null for every site.
	Sites *[]string `json:"sites"`
	// queue: the status to list.
	Status string `json:"status"`
	// queue: only comments created at or before this time (ms since the epoch);
	// due: only deliveries whose next attempt is at or before it.
	BeforeMs int64 `json:"beforeMs"`
	// queue: only comments strictly after this (createdAt, _id) position.
	After *struct {
		Ms int64  `json:"ms"`
		ID string `json:"id"`
	} `json:"after"`
	// queue: only comments with a `rules` element equal to, starting with or ending with these.
	RuleExact  string `json:"ruleExact"`
	RulePrefix string `json:"rulePrefix"`
	RuleSuffix string `json:"ruleSuffix"`
	Limit      int64  `json:"limit"`
}

func runModerationQuery(ctx context.Context, dataDir, database, collection, queryJSON string, out io.Writer) error {
	var q moderationQuery
	if err := json.Unmarshal([]byte(queryJSON), &q); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if q.Op != "queue" && q.Op != "stats" && q.Op != "due" && q.Op != "log" {
		return fmt.Errorf("query: op must be queue, stats, due or log, not %q", q.Op)
	}
	db, table, err := openCollection(ctx, dataDir, database, collection)
	if err != nil || db == nil {
		return err // nil: no database or collection yet, so nothing matches
	}
	defer db.Close()
	switch q.Op {
	case "stats":
		return statusCounts(ctx, db, table, q, out)
	case "due":
		return dueDeliveries(ctx, db, table, q, out)
	case "log":
		return deliveryLog(ctx, db, table, q, out)
	}
	return queuePage(ctx, db, table, q, out)
}

const doc = `_ferretdb_sjson`

// siteCondition: a site among q.Sites (all sites when nil), as MongoDB's
// {site: {$in: [...]}} with string values.
func siteCondition(q moderationQuery) (string, []any) {
	if q.Sites == nil {
		return "", nil
	}
	if len(*q.Sites) == 0 {
		return "0", nil
	}
	marks := strings.Repeat("?,", len(*q.Sites))
	args := make([]any, 0, len(*q.Sites))
	for _, s := range *q.Sites {
		args = append(args, s)
	}
	// A stored number never equals a text parameter in SQLite (no affinity
	// applies to these expressions), so only string sites match.
	return fmt.Sprintf(`%s->>'$.site' IN (%s)`, doc, marks[:len(marks)-1]), args
}

func queuePage(ctx context.Context, db *sql.DB, table string, q moderationQuery, out io.Writer) error {
	// The first three conditions are the queue-order index's columns
	// (idindex.go), written exactly as indexed so SQLite seeks on them.
	where := []string{
		doc + `->>'$.status' = ?`,
		doc + `->>'$.createdAt' <= ?`,
	}
	args := []any{q.Status, q.BeforeMs}
	if cond, condArgs := siteCondition(q); cond != "" {
		where = append(where, cond)
		args = append(args, condArgs...)
	}
	if q.After != nil {
		where = append(where, fmt.Sprintf(`(%[1]s->>'$.createdAt' > ? OR (%[1]s->>'$.createdAt' = ? AND %[1]s->>'$._id' > ?))`, doc))
		args = append(args, q.After.Ms, q.After.Ms, q.After.ID)
	}
	// SQLite's substr counts characters, as the regular expressions the
	// MongoDB filter uses do.
	rule := ""
	switch {
	case q.RuleExact != "":
		rule, args = `r.value = ?`, append(args, q.RuleExact)
	case q.RulePrefix != "":
		rule, args = `substr(r.value, 1, ?) = ?`, append(args, utf8.RuneCountInString(q.RulePrefix), q.RulePrefix)
	case q.RuleSuffix != "":
		// A value shorter than the suffix comes back whole, and so differs from it.
		rule, args = `substr(r.value, ?) = ?`, append(args, -utf8.RuneCountInString(q.RuleSuffix), q.RuleSuffix)
	}
	if rule != "" {
		where = append(where, fmt.Sprintf(`EXISTS (SELECT 1 FROM json_each(%s, '$.rules') AS r WHERE r.type = 'text' AND %s)`, doc, rule))
	}
	query := fmt.Sprintf(`SELECT %s->>'$._id' FROM %q WHERE %s ORDER BY %s LIMIT ?`, doc, table, strings.Join(where, " AND "), queueOrderTail)
	return writeIDs(ctx, db, query, append(args, q.Limit), out)
}

// writeIDs runs a query selecting one text column (ids) and writes each as a JSON line.
func writeIDs(ctx context.Context, db *sql.DB, query string, args []any, out io.Writer) error {
	return writeJSONLines(ctx, db, query, args, out, func(rows *sql.Rows) (any, error) {
		var id string
		err := rows.Scan(&id)
		return id, err
	})
}

// writeJSONLines runs a query and writes what row makes of each result row as
// a JSON line; a nil value skips the row.
func writeJSONLines(ctx context.Context, db *sql.DB, query string, args []any, out io.Writer, row func(*sql.Rows) (any, error)) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	enc := json.NewEncoder(out)
	for rows.Next() {
		v, err := row(rows)
		if err != nil {
			return err
		}
		if v == nil {
			continue
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

func statusCounts(ctx context.Context, db *sql.DB, table string, q moderationQuery, out io.Writer) error {
	// Only the site-status index's own expressions (idindex.go), so SQLite
	// groups in the index's order and parses no document: a json_type check
	// here would parse every one. The service stores site and status as
	// strings and ignores statuses it does not know.
	whereClause := ""
	var args []any
	if q.Sites != nil {
		marks := strings.Repeat("?,", len(*q.Sites)+1)
		whereClause = fmt.Sprintf(` WHERE %s->>'$.site' IN (%s)`, doc, marks[:len(marks)-1])
		// An extra NULL keeps "IN ()" valid for an empty list and matches nothing.
		args = append(args, nil)
		for _, s := range *q.Sites {
			args = append(args, s)
		}
	}
	query := fmt.Sprintf(`SELECT %[1]s->>'$.site', %[1]s->>'$.status', count(*) FROM %[2]q%[3]s GROUP BY 1, 2`, doc, table, whereClause)
	return writeJSONLines(ctx, db, query, args, out, func(rows *sql.Rows) (any, error) {
		var site, status sql.NullString
		var n int64
		if err := rows.Scan(&site, &status, &n); err != nil {
			return nil, err
		}
		if !site.Valid || !status.Valid {
			return nil, nil // not a comment the service stored
		}
		return struct {
			Site   string `json:"site"`
			Status string `json:"status"`
			N      int64  `json:"n"`
		}{site.String, status.String, n}, nil
	})
}

// dueDeliveries: the webhook worker's scan (src/service/webhooks/worker.ts),
// pending deliveries whose next attempt has come, earliest first, through
// the due index (idindex.go).
func dueDeliveries(ctx context.Context, db *sql.DB, table string, q moderationQuery, out io.Writer) error {
	query := fmt.Sprintf(`SELECT %[1]s->>'$._id', %[1]s->>'$.attempts' FROM %[2]q
		WHERE %[1]s->>'$.state' = 'pending' AND %[1]s->>'$.nextAttemptAt' <= ? ORDER BY %[1]s->>'$.nextAttemptAt' LIMIT ?`, doc, table)
	return writeJSONLines(ctx, db, query, []any{q.BeforeMs, q.Limit}, out, func(rows *sql.Rows) (any, error) {
		var row struct {
			ID       string `json:"_id"`
			Attempts int64  `json:"attempts"`
		}
		err := rows.Scan(&row.ID, &row.Attempts)
		return row, err
	})
}

// deliveryLog: a site's deliveries, newest first (GET
// /v1/moderation/webhooks/deliveries), through the site-created index
// (idindex.go). Ids only; the service reads each delivery by _id.
func deliveryLog(ctx context.Context, db *sql.DB, table string, q moderationQuery, out io.Writer) error {
	where := doc + `->>'$.site' = ?`
	args := []any{q.Site}
	if q.State != "" {
		where += ` AND ` + doc + `->>'$.state' = ?`
		args = append(args, q.State)
	}
	query := fmt.Sprintf(`SELECT %[1]s->>'$._id' FROM %[2]q WHERE %[3]s ORDER BY %[1]s->>'$.createdAt' DESC LIMIT ?`, doc, table, where)
	return writeIDs(ctx, db, query, append(args, q.Limit), out)
}
