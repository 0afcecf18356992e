package main

// The replay reader: stored comments, oldest first, as one JSON object per
// line on stdout, read straight from FerretDB's SQLite file.
//
// Why not through FerretDB: FerretDB v1 decodes every stored document from
// its "sjson" text (document plus a type schema) with encoding/json and
// reflection, and builds, filters, sorts (in memory, all of them before the
// first) and re-encodes it in Go. Profiled on a stored comment (about 70
// values, 2 KB of sjson) that costs about 300 us of CPU per comment whatever
// the batch size, projection or sort, so no replay through it can pass about
// 3,000 comments/s on two cores. SQLite itself extracts the few fields a
// replay needs and sorts on (createdAt, _id) in a few microseconds per row.
//
// This reads FerretDB v1's storage layout (see internal/backends/sqlite in
// FerretDB 1.24): one SQLite file per database, a table per collection named in
// _ferretdb_collections, one `_ferretdb_sjson` TEXT column holding the
// document, where dates are milliseconds since the epoch and strings, numbers,
// booleans, arrays and objects are plain JSON. It only reads (query_only), so
// it is safe beside a running FerretDB on the same files (WAL journal).

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

type exportParams struct {
	dataDir    string
	database   string
	collection string
	site       string
	sinceMs    int64
	hasSince   bool
	limit      int64
	countOnly  bool
}

func exportComments(ctx context.Context, p exportParams, out io.Writer) error {
	db, table, err := openCollection(ctx, p.dataDir, p.database, p.collection)
	if err != nil {
		return err
	}
	if db == nil {
		// No database or collection yet: no comments.
		if p.countOnly {
			_, err = fmt.Fprintln(out, 0)
			return err
		}
		return nil
	}
	defer db.Close()

	var where []string
	var args []any
	if p.site != "" {
		// Only a string site matches, as a MongoDB equality on a string would.
		where = append(where, doc+`->>'$.site' = ? AND json_type(`+doc+`, '$.site') = 'text'`)
		args = append(args, p.site)
	}
	if p.hasSince {
		// Dates are stored as integer milliseconds; the schema says which values are dates.
		where = append(where, doc+`->>'$.createdAt' >= ?`)
		args = append(args, p.sinceMs)
	}
	whereClause := ""
	if len(where) > 0 {
		whereClause = " WHERE " + strings.Join(where, " AND ")
	}

	if p.countOnly {
		q := fmt.Sprintf(`SELECT count(*) FROM %q%s`, table, whereClause)
		var n int64
		if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			return err
		}
		if p.limit > 0 && n > p.limit {
			n = p.limit
		}
		_, err = fmt.Fprintln(out, n)
		return err
	}

	// The whole stored document, with its type schema cut off (stripSchema):
	// having SQLite pick the fields out costs more CPU (about 50 us a row) than
	// the reader's JSON.parse of the rest (about 5 us).
	// The order MongoDB gives {createdAt: 1, _id: 1}: dates by time, then string
	// ids bytewise. replayOrderIndex (idindex.go) makes it an index scan: rows
	// stream in order in constant memory. Without that index SQLite sorts first.
	q := fmt.Sprintf(`SELECT %s FROM %q%s ORDER BY %s`, doc, table, whereClause, queueOrderTail)
	if p.limit > 0 {
		q += ` LIMIT ?`
		args = append(args, p.limit)
	}

	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()

	w := bufio.NewWriterSize(out, 64<<10)
	var line sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if rest, ok := afterSchema(line); ok {
			w.WriteByte('{')
			w.Write(rest)
		} else {
			w.Write(line)
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return w.Flush()
}

// openCollection opens a FerretDB database file read-only and finds the
// table of one collection. A nil db (and no error) means the database or the
// collection does not exist yet.
func openCollection(ctx context.Context, dataDir, database, collection string) (*sql.DB, string, error) {
	file := filepath.Join(dataDir, database+".sqlite")
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return nil, "", nil
	}
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		return nil, "", err
	}
	db.SetMaxOpenConns(1)
	var table string
	err = db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		db.Close()
		return nil, "", nil
	}
	if err != nil {
		db.Close()
		return nil, "", err
	}
	return db, table, nil
}

// afterSchema finds the end of the sjson document's leading "$s" member
// (FerretDB writes the schema first: {"$s":{...},"_id":...}), which is more
// than half of its bytes and of no use to the reader, and returns what follows
// its comma. ok is false for anything unexpected: the line is then written
// whole, and the reader ignores "$s" either way.
func afterSchema(line []byte) (rest []byte, ok bool) {
	const prefix = `{"$s":`
	if len(line) < len(prefix) || string(line[:len(prefix)]) != prefix {
		return nil, false
	}
	depth := 0
	inString := false
	for i := len(prefix); i < len(line); i++ {
		c := line[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				// line[i] closes the schema; a document always has an _id after it.
				if i+1 < len(line) && line[i+1] == ',' {
					return line[i+2:], true
				}
				return nil, false
			}
		}
	}
	return nil, false
}
