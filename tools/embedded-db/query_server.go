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
// Database files are opened read-only (query_only) once and kept open; SQLite
// in WAL mode lets them read beside FerretDB's writes. A file that was
// dropped (a test dropping its database) or replaced is noticed by its inode
// and opened again.

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
	"sync"
	"time"
)

const (
	queryTimeout   = 15 * time.Second
	maxQueryBytes  = 64 << 10
	readersPerFile = 4
)

// FerretDB database names are letters, digits, "_" and "-"; nothing else can name a file here.
var databaseName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,63}$`)

type openFile struct {
	db   *sql.DB
	info os.FileInfo
}

type queryServer struct {
	dataDir string
	mu      sync.Mutex
	files   map[string]*openFile
}

func newQueryServer(dataDir string) *queryServer {
	return &queryServer{dataDir: dataDir, files: map[string]*openFile{}}
}

// database answers the open handle of a database's file, or nil when the file does not exist.
func (s *queryServer) database(name string) (*sql.DB, error) {
	path := filepath.Join(s.dataDir, name+".sqlite")
	info, err := os.Stat(path)
	s.mu.Lock()
	defer s.mu.Unlock()
	known := s.files[name]
	if known != nil && (err != nil || !os.SameFile(known.info, info)) {
		known.db.Close()
		delete(s.files, name)
		known = nil
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if known != nil {
		return known.db, nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(readersPerFile)
	s.files[name] = &openFile{db: db, info: info}
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

// answer runs one query: its rows, or its plan when asked to explain.
func (s *queryServer) answer(ctx context.Context, q indexQuery) ([]any, error) {
	db, err := s.database(q.Database)
	if err != nil || db == nil {
		return []any{}, err // no database yet: nothing matches
	}
	t, err := table(ctx, db, q.Collection)
	if err != nil || t == "" {
		return []any{}, err
	}
	prepared := q.prepare(t)
	if q.Explain {
		return prepared.plan(ctx, db)
	}
	return prepared.run(ctx, db)
}

func (s *queryServer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, f := range s.files {
		f.db.Close()
		delete(s.files, name)
	}
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
