package main

// The query server: the service asks the queries of queries.go over HTTP on
// a loopback port (-query-listen) of this same long-lived process, so no
// query starts a process and the supervisor that restarts the database
// restarts this with it.
//
// POST /query with one indexQuery as JSON answers {"rows": [...]} (or
// {"plan": [...]} with explain); a malformed query answers 400, a database
// error 500, both as {"error": "..."}.
//
// Each query opens its database file read-only (query_only) and closes it
// when done, as FerretDB's own pool may drop a database at any time: SQLite
// must never see a file unlinked and made again at the same path while a
// connection of ours still holds the old one open, or the new file's
// connections would pick up the old one's WAL. Opening costs a file open and
// a schema read per query (bench/moderation-queue.js times whole queries).

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

const (
	queryTimeout  = 15 * time.Second
	maxQueryBytes = 64 << 10
)

// FerretDB database names are letters, digits, "_" and "-"; nothing else can name a file here.
var databaseName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,63}$`)

type queryServer struct {
	dataDir string
}

func newQueryServer(dataDir string) *queryServer {
	return &queryServer{dataDir: dataDir}
}

// open opens a database's file for one query, or answers nil when the file does not exist.
func (s *queryServer) open(name string) (*sql.DB, error) {
	path := filepath.Join(s.dataDir, name+".sqlite")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// table answers the SQLite table of a collection, or "" when it does not exist yet.
func table(ctx context.Context, db *sql.DB, collection string) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		return "", nil
	}
	return name, err
}

// answer runs one query, again after a pause while SQLite says the file is
// busy: a reader that opens a WAL database while FerretDB creates it, runs a
// checkpoint or recovers the WAL can be refused at once, without the busy
// timeout being waited out.
func (s *queryServer) answer(ctx context.Context, q indexQuery) ([]any, error) {
	pause := 5 * time.Millisecond
	for {
		rows, err := s.answerOnce(ctx, q)
		if err == nil || !isBusy(err) {
			return rows, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(pause):
		}
		pause = min(2*pause, 200*time.Millisecond)
	}
}

func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// answerOnce runs one query: its rows, or its plan when asked to explain.
func (s *queryServer) answerOnce(ctx context.Context, q indexQuery) ([]any, error) {
	if q.Explain {
		// The plan a query will have once its table is indexed: the indexer
		// reaches a table created a moment ago only on its next round.
		file := filepath.Join(s.dataDir, q.Database+".sqlite")
		if _, err := os.Stat(file); err == nil {
			if err := indexFile(ctx, file); err != nil {
				return nil, err
			}
		}
	}
	db, err := s.open(q.Database)
	if err != nil || db == nil {
		return []any{}, err // no database yet: nothing matches
	}
	defer db.Close()
	t, err := table(ctx, db, q.Collection)
	if err != nil || t == "" {
		return []any{}, err
	}
	counted := false
	if q.Op == "stats" {
		if counted, err = countsKept(ctx, db, t); err != nil {
			return nil, err
		}
	}
	prepared := q.prepare(t, counted)
	if q.Explain {
		return prepared.plan(ctx, db)
	}
	return prepared.run(ctx, db)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (s *queryServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/query" || r.Method != http.MethodPost {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "POST /query only"})
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxQueryBytes))
	// A field this side does not know means the two sides disagree: refuse it rather than ignore it.
	dec.DisallowUnknownFields()
	var q indexQuery
	if err := dec.Decode(&q); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("query: %v", err)})
		return
	}
	if !databaseName.MatchString(q.Database) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("query: bad database name %q", q.Database)})
		return
	}
	if err := q.validate(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "query: " + err.Error()})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), queryTimeout)
	defer cancel()
	rows, err := s.answer(ctx, q)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	if q.Explain {
		writeJSON(w, http.StatusOK, map[string]any{"plan": rows})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rows": rows})
}
