package main

// The queries the service asks of the embedded database beyond `_id`
// lookups, answered by SQLite from the indexes in indexes.go (FerretDB v1
// would decode every stored document for each: about 60 us a document, so
// seconds at 100,000 comments). Each answers ids (or counts); the service
// then reads the documents it needs through FerretDB by `_id`, which is an
// index lookup.
//
// The request shape is indexQuery; src/store/embedded/index-client.ts sends
// it and a test there sends every op with `explain` to check that both sides
// agree on the fields (unknown fields are refused here) and that no plan
// scans a table. The filters mirror the service's MongoDB ones: string
// equality on site, status and state; dates compared as the integer
// milliseconds FerretDB stores; a rules filter that matches an element of the
// `rules` array exactly, by prefix or by suffix.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

type indexQuery struct {
	// The FerretDB database (one SQLite file) and collection to read.
	Database   string `json:"database"`
	Collection string `json:"collection"`
	// queue, stats (comments); due, log (deliveries); expired (comments,
	// deliveries, feedback); events, notes (events).
	Op string `json:"op"`
	// With explain, the answer is SQLite's query plan, not rows.
	Explain bool `json:"explain"`
	// log: the site whose deliveries to list. events: the state to list.
	// log: only this state when given.
	Site  string `json:"site"`
	State string `json:"state"`
	// Only these sites (nil: every site); never these sites.
	Sites        *[]string `json:"sites"`
	ExcludeSites []string  `json:"excludeSites"`
	// queue: the status to list.
	Status string `json:"status"`
	// queue: created at or before this time (ms since the epoch); due: next
	// attempt at or before it; expired, notes: created (or acted) strictly before it;
	// events: at strictly before it (0: no bound).
	BeforeMs int64 `json:"beforeMs"`
	// events: at or after this time (0: no bound).
	FromMs int64 `json:"fromMs"`
	// queue: only comments strictly after this (createdAt, _id) position.
	After *struct {
		Ms int64  `json:"ms"`
		ID string `json:"id"`
	} `json:"after"`
	// queue: only comments with a `rules` element equal to, starting with or ending with these.
	RuleExact  string `json:"ruleExact"`
	RulePrefix string `json:"rulePrefix"`
	RuleSuffix string `json:"ruleSuffix"`
	// expired on comments: only those not anonymised yet.
	NotAnonymised bool `json:"notAnonymised"`
	// docs: the documents with these ids (at most maxDocIDs), in no particular order.
	IDs []string `json:"ids"`
	// idRanges: for each range, the documents whose _id is in [from, to), greatest _id
	// first, at most limit of each (a history key's latest events).
	Ranges []struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"ranges"`
	Limit int64 `json:"limit"`
}

// A page of documents, not a table: more ids than this are refused.
const maxDocIDs = 1000

// preparedQuery is one SQL statement and how to turn each of its rows into a JSON value.
type preparedQuery struct {
	sql  string
	args []any
	row  func(*sql.Rows) (any, error)
}

// opCollections names the collections each op may read.
var opCollections = map[string][]string{
	"queue":   {"comments"},
	"stats":   {"comments"},
	"due":     {"deliveries"},
	"log":     {"deliveries"},
	"expired": {"comments", "deliveries", "feedback", "history_events"},
	"events":  {"events"},
	"notes":   {"events"},
	// Any collection: documents by _id, and by ranges of _id.
	"docs":     nil,
	"idRanges": nil,
}

func (q indexQuery) validate() error {
	collections, ok := opCollections[q.Op]
	if !ok {
		return fmt.Errorf("unknown op %q", q.Op)
	}
	if q.Op == "docs" {
		if len(q.IDs) > maxDocIDs {
			return fmt.Errorf("docs: at most %d ids, not %d", maxDocIDs, len(q.IDs))
		}
		return nil
	}
	if q.Op == "idRanges" {
		if len(q.Ranges) == 0 || len(q.Ranges) > 16 || q.Limit < 1 || q.Limit > maxDocIDs {
			return fmt.Errorf("idRanges: 1 to 16 ranges and a limit of 1 to %d", maxDocIDs)
		}
		return nil
	}
	for _, c := range collections {
		if c == q.Collection {
			return nil
		}
	}
	return fmt.Errorf("op %q does not read collection %q", q.Op, q.Collection)
}

// prepare builds the op's statement on the collection's table; counted says
// whether the table's status counts are kept (counters.go).
func (q indexQuery) prepare(table string, counted bool) preparedQuery {
	switch q.Op {
	case "stats":
		if counted {
			return q.keptCounts(table)
		}
		return q.statusCounts(table)
	case "due":
		return q.dueDeliveries(table)
	case "log":
		return q.deliveryLog(table)
	case "expired":
		return q.expired(table)
	case "events":
		return q.eventsByState(table)
	case "notes":
		return q.notesToRemove(table)
	case "docs":
		return q.documents(table)
	case "idRanges":
		return q.idRanges(table)
	}
	return q.queuePage(table)
}

// siteConditions: a site among q.Sites (all sites when nil) and none of
// q.ExcludeSites. A stored number never equals a text parameter in SQLite
// (no affinity applies to these expressions), so only string sites match,
// as a MongoDB equality on a string would.
func (q indexQuery) siteConditions() ([]string, []any) {
	var where []string
	var args []any
	switch {
	case q.Sites != nil && len(*q.Sites) == 1:
		// An equality, so an index on (site, …) also gives the order after it.
		where, args = append(where, field("site")+` = ?`), append(args, (*q.Sites)[0])
	case q.Sites != nil:
		// An extra NULL keeps "IN ()" valid for an empty list and matches nothing.
		args = append(args, nil)
		for _, s := range *q.Sites {
			args = append(args, s)
		}
		where = append(where, fmt.Sprintf(`%s IN (%s)`, field("site"), marks(len(*q.Sites)+1)))
	}
	if len(q.ExcludeSites) > 0 {
		for _, s := range q.ExcludeSites {
			args = append(args, s)
		}
		where = append(where, fmt.Sprintf(`%s NOT IN (%s)`, field("site"), marks(len(q.ExcludeSites))))
	}
	return where, args
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func (q indexQuery) queuePage(table string) preparedQuery {
	// The first two conditions are the queue-order index's leading columns,
	// written exactly as indexed so SQLite seeks on them.
	where := []string{field("status") + ` = ?`, field("createdAt") + ` <= ?`}
	args := []any{q.Status, q.BeforeMs}
	siteWhere, siteArgs := q.siteConditions()
	where, args = append(where, siteWhere...), append(args, siteArgs...)
	if q.After != nil {
		where = append(where, fmt.Sprintf(`(%[1]s > ? OR (%[1]s = ? AND %[2]s > ?))`, field("createdAt"), field("_id")))
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
	stmt := fmt.Sprintf(`SELECT %s FROM %q WHERE %s ORDER BY %s LIMIT ?`, field("_id"), table, strings.Join(where, " AND "), queueOrderTail)
	return preparedQuery{stmt, append(args, q.Limit), scanID}
}

// statusCounts counts the comments per (site, status) through the
// site-status index, for a table whose counts are not kept yet.
func (q indexQuery) statusCounts(table string) preparedQuery {
	// Only the site-status index's own expressions, so SQLite groups in the
	// index's order. The service stores site and status as strings and
	// ignores statuses it does not know.
	where, args := q.siteConditions()
	whereClause := ""
	if len(where) > 0 {
		whereClause = " WHERE " + strings.Join(where, " AND ")
	}
	stmt := fmt.Sprintf(`SELECT %s, %s, count(*) FROM %q%s GROUP BY 1, 2`, field("site"), field("status"), table, whereClause)
	return preparedQuery{stmt, args, scanCount}
}

// keptCounts reads the counts the table's triggers keep (counters.go).
func (q indexQuery) keptCounts(table string) preparedQuery {
	where := []string{`table_name = ?`, `n > 0`}
	args := []any{table}
	if q.Sites != nil {
		where = append(where, fmt.Sprintf(`site IN (%s)`, marks(len(*q.Sites)+1)))
		args = append(args, nil)
		for _, s := range *q.Sites {
			args = append(args, s)
		}
	}
	stmt := fmt.Sprintf(`SELECT site, status, n FROM %s WHERE %s ORDER BY 1, 2`, countsTable, strings.Join(where, " AND "))
	return preparedQuery{stmt, args, scanCount}
}

func scanCount(rows *sql.Rows) (any, error) {
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
}

// dueDeliveries: pending deliveries whose next attempt has come, earliest first.
func (q indexQuery) dueDeliveries(table string) preparedQuery {
	stmt := fmt.Sprintf(`SELECT %s, %s FROM %q WHERE %s = 'pending' AND %s <= ? ORDER BY %s LIMIT ?`,
		field("_id"), field("attempts"), table, field("state"), field("nextAttemptAt"), field("nextAttemptAt"))
	return preparedQuery{stmt, []any{q.BeforeMs, q.Limit}, func(rows *sql.Rows) (any, error) {
		var row struct {
			ID       string `json:"_id"`
			Attempts int64  `json:"attempts"`
		}
		err := rows.Scan(&row.ID, &row.Attempts)
		return row, err
	}}
}

// deliveryLog: a site's deliveries, newest first.
func (q indexQuery) deliveryLog(table string) preparedQuery {
	where := field("site") + ` = ?`
	args := []any{q.Site}
	if q.State != "" {
		where += ` AND ` + field("state") + ` = ?`
		args = append(args, q.State)
	}
	stmt := fmt.Sprintf(`SELECT %s FROM %q WHERE %s ORDER BY %s DESC LIMIT ?`, field("_id"), table, where, field("createdAt"))
	return preparedQuery{stmt, append(args, q.Limit), scanID}
}

// expired: documents created before the cutoff, oldest first (the retention
// job); on comments, optionally only those not anonymised yet.
func (q indexQuery) expired(table string) preparedQuery {
	where := []string{field("createdAt") + ` < ?`}
	args := []any{q.BeforeMs}
	if q.NotAnonymised {
		// "= 1": SQLite seeks on an expression index only for a comparison with the expression.
		where = append([]string{`(` + notAnonymisedExpr + `) = 1`}, where...)
	}
	siteWhere, siteArgs := q.siteConditions()
	where, args = append(where, siteWhere...), append(args, siteArgs...)
	stmt := fmt.Sprintf(`SELECT %s FROM %q WHERE %s ORDER BY %s LIMIT ?`, field("_id"), table, strings.Join(where, " AND "), field("createdAt"))
	return preparedQuery{stmt, append(args, q.Limit), scanID}
}

// eventsByState: audit events in one state, by time (repair settles the
// pending ones; the feedback export reads the applied ones).
func (q indexQuery) eventsByState(table string) preparedQuery {
	where := []string{field("state") + ` = ?`}
	args := []any{q.State}
	if q.FromMs != 0 {
		where, args = append(where, field("at")+` >= ?`), append(args, q.FromMs)
	}
	if q.BeforeMs != 0 {
		where, args = append(where, field("at")+` < ?`), append(args, q.BeforeMs)
	}
	stmt := fmt.Sprintf(`SELECT %s FROM %q WHERE %s ORDER BY %s LIMIT ?`, field("_id"), table, strings.Join(where, " AND "), field("at"))
	return preparedQuery{stmt, append(args, q.Limit), scanID}
}

// notesToRemove: audit events older than the cutoff that still carry a moderator's note.
func (q indexQuery) notesToRemove(table string) preparedQuery {
	where := []string{noteToRemoveExpr + ` = 1`, field("at") + ` < ?`}
	args := []any{q.BeforeMs}
	siteWhere, siteArgs := q.siteConditions()
	where, args = append(where, siteWhere...), append(args, siteArgs...)
	stmt := fmt.Sprintf(`SELECT %s FROM %q WHERE %s ORDER BY %s LIMIT ?`, field("_id"), table, strings.Join(where, " AND "), field("at"))
	return preparedQuery{stmt, append(args, q.Limit), scanID}
}

// documents: the stored documents (FerretDB's sjson: the values, with a
// "$s" schema that says which numbers are dates) with these ids, through the
// `_id` path index, written as FerretDB's own `_id` lookup is.
func (q indexQuery) documents(table string) preparedQuery {
	args := make([]any, 0, len(q.IDs)+1)
	args = append(args, nil) // keeps "IN ()" valid for no ids
	for _, id := range q.IDs {
		quoted, _ := json.Marshal(id)
		args = append(args, string(quoted))
	}
	stmt := fmt.Sprintf(`SELECT %s FROM %q WHERE %s->'$._id' IN (%s)`, doc, table, doc, marks(len(args)))
	return preparedQuery{stmt, args, scanDocument}
}

// idRanges: the documents of each _id range, greatest _id first, at most
// limit per range, through the `_id` path index (the bounds compared as the
// index holds _id: JSON text, whose order for the service's plain ASCII ids
// is the ids' own).
func (q indexQuery) idRanges(table string) preparedQuery {
	parts := make([]string, 0, len(q.Ranges))
	args := make([]any, 0, 3*len(q.Ranges))
	for _, r := range q.Ranges {
		from, _ := json.Marshal(r.From)
		to, _ := json.Marshal(r.To)
		parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT %[1]s FROM %[2]q WHERE %[1]s->'$._id' >= ? AND %[1]s->'$._id' < ? ORDER BY %[1]s->'$._id' DESC LIMIT ?)`, doc, table))
		args = append(args, string(from), string(to), q.Limit)
	}
	return preparedQuery{strings.Join(parts, " UNION ALL "), args, scanDocument}
}

func scanDocument(rows *sql.Rows) (any, error) {
	var text string
	err := rows.Scan(&text)
	return json.RawMessage(text), err
}

func scanID(rows *sql.Rows) (any, error) {
	var id string
	err := rows.Scan(&id)
	return id, err
}

// run answers the prepared query's rows.
func (p preparedQuery) run(ctx context.Context, db *sql.DB) ([]any, error) {
	rows, err := db.QueryContext(ctx, p.sql, p.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{}
	for rows.Next() {
		v, err := p.row(rows)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out = append(out, v)
		}
	}
	return out, rows.Err()
}

// plan answers SQLite's query plan for the prepared query, one step a line.
func (p preparedQuery) plan(ctx context.Context, db *sql.DB) ([]any, error) {
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+p.sql, p.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		out = append(out, detail)
	}
	return out, rows.Err()
}
