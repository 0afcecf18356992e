package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A database laid out as FerretDB 1.24 lays it out: the collections table and
// one table per collection with the document in _ferretdb_sjson.
func fakeFerretDB(t *testing.T, docs []string) (dataDir string, db *sql.DB) {
	t.Helper()
	dataDir = t.TempDir()
	return dataDir, fakeFerretDBIn(t, dataDir, docs)
}

// fakeFerretDBIn lays the database out in an existing directory.
func fakeFerretDBIn(t *testing.T, dataDir string, docs []string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dataDir, "moderation.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE TABLE _ferretdb_collections (name TEXT, table_name TEXT, settings TEXT)`,
		`INSERT INTO _ferretdb_collections VALUES ('comments', 'comments_1234', '{}')`,
		`CREATE TABLE comments_1234 (_ferretdb_sjson TEXT NOT NULL) STRICT`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs {
		if _, err := db.Exec(`INSERT INTO comments_1234 VALUES (?)`, d); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// queryPlan is SQLite's plan for a query, its steps joined.
func queryPlan(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN " + query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "; "
	}
	return plan
}

func sjsonDoc(id, site string, createdAt int64) string {
	return fmt.Sprintf(`{"$s":{"p":{"_id":{"t":"string"},"site":{"t":"string"},"createdAt":{"t":"date"},"text":{"t":"string"}},"$k":["_id","site","createdAt","text"]},`+
		`"_id":%q,"site":%q,"createdAt":%d,"text":"a \"quoted\" {brace} [x] \\ text"}`, id, site, createdAt)
}

func export(t *testing.T, p exportParams) []string {
	t.Helper()
	var out bytes.Buffer
	if err := exportComments(context.Background(), p, &out); err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
}

func ids(t *testing.T, lines []string) string {
	t.Helper()
	var got []string
	for _, l := range lines {
		if strings.Contains(l, `"$s"`) {
			t.Fatalf("schema not cut off: %s", l)
		}
		i := strings.Index(l, `"_id":"`)
		got = append(got, l[i+7:i+7+strings.Index(l[i+7:], `"`)])
	}
	return strings.Join(got, " ")
}

func TestExportOrderFiltersAndIndex(t *testing.T) {
	dataDir, db := fakeFerretDB(t, []string{
		sjsonDoc("c", "news1", 1735689600000),
		sjsonDoc("b", "news2", 1735689600000),
		sjsonDoc("old", "news1", 915148800000), // 1999: fewer digits, earlier
		sjsonDoc("neg", "news2", -86400000),    // 1969
		sjsonDoc("a", "news1", 1735689600001),
	})
	p := exportParams{dataDir: dataDir, database: "moderation", collection: "comments"}

	for _, withIndexes := range []bool{false, true} {
		if withIndexes {
			db = indexed(t, dataDir)
			plan := queryPlan(t, db, `SELECT _ferretdb_sjson FROM comments_1234 ORDER BY `+queueOrderTail)
			if !strings.Contains(plan, "comments_1234__replay_order") || strings.Contains(plan, "TEMP B-TREE") {
				t.Fatalf("replay order is not read through the index: %s", plan)
			}
		}
		if got := ids(t, export(t, p)); got != "neg old b c a" {
			t.Errorf("indexed=%v: order %q", withIndexes, got)
		}
		site := p
		site.site = "news1"
		if got := ids(t, export(t, site)); got != "old c a" {
			t.Errorf("indexed=%v: site filter %q", withIndexes, got)
		}
		since := p
		since.sinceMs, since.hasSince = 1735689600000, true
		since.limit = 2
		if got := ids(t, export(t, since)); got != "b c" {
			t.Errorf("indexed=%v: since and limit %q", withIndexes, got)
		}
		count := site
		count.countOnly = true
		if got := export(t, count); len(got) != 1 || got[0] != "3" {
			t.Errorf("indexed=%v: count %q", withIndexes, got)
		}
	}
}

func TestExportWithoutDatabaseOrCollection(t *testing.T) {
	p := exportParams{dataDir: t.TempDir(), database: "moderation", collection: "comments"}
	if got := export(t, p); len(got) != 1 || got[0] != "" {
		t.Errorf("no database file: %q", got)
	}
	dataDir, _ := fakeFerretDB(t, nil)
	p = exportParams{dataDir: dataDir, database: "moderation", collection: "other", countOnly: true}
	if got := export(t, p); len(got) != 1 || got[0] != "0" {
		t.Errorf("no such collection: %q", got)
	}
}

func TestAfterSchema(t *testing.T) {
	for _, tc := range []struct{ in, rest string }{
		{`{"$s":{"p":{"_id":{"t":"string"}},"$k":["_id"]},"_id":"x"}`, `"_id":"x"}`},
		{`{"$s":{"p":{"a\"}":{"t":"string"}},"$k":["a\"}"]},"a\"}":"}","_id":1}`, `"a\"}":"}","_id":1}`},
		{`{"_id":"x"}`, ""},
		{`{"$s":{"p":{}}}`, ""},
		{`{"$s":{"p":`, ""},
	} {
		rest, ok := afterSchema([]byte(tc.in))
		if string(rest) != tc.rest || ok != (tc.rest != "") {
			t.Errorf("afterSchema(%s) = %q, %v; want %q", tc.in, rest, ok, tc.rest)
		}
	}
}
