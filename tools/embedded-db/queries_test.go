package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func commentDoc(id, site, status string, createdAt int64, rules ...string) string {
	quoted := make([]string, len(rules))
	for i, r := range rules {
		quoted[i] = fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf(`{"$s":{"p":{"_id":{"t":"string"},"site":{"t":"string"},"status":{"t":"string"},"createdAt":{"t":"date"},"rules":{"t":"array"}},"$k":["_id","site","status","createdAt","rules"]},`+
		`"_id":%q,"site":%q,"status":%q,"createdAt":%d,"rules":[%s]}`, id, site, status, createdAt, strings.Join(quoted, ","))
}

// ask sends one query to a query server on the data directory, as the
// service does, and answers its rows as JSON values joined by spaces.
func ask(t *testing.T, dataDir, collection, query string) string {
	t.Helper()
	status, body := post(t, newQueryServer(dataDir), fmt.Sprintf(`{"database":"moderation","collection":%q,%s`, collection, strings.TrimPrefix(query, "{")))
	if status != http.StatusOK {
		t.Fatalf("%s: %d %s", query, status, body)
	}
	var answer struct{ Rows []json.RawMessage }
	if err := json.Unmarshal([]byte(body), &answer); err != nil {
		t.Fatal(err)
	}
	parts := make([]string, len(answer.Rows))
	for i, r := range answer.Rows {
		parts[i] = string(r)
	}
	return strings.Join(parts, " ")
}

func post(t *testing.T, s *queryServer, body string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body)))
	return rec.Code, strings.TrimSpace(rec.Body.String())
}

func moderationLines(t *testing.T, dataDir, query string) string {
	t.Helper()
	return ask(t, dataDir, "comments", query)
}

// indexed adds the embedded database's indexes to the file and opens a
// connection of its own: one opened before the indexes existed plans without them.
func indexed(t *testing.T, dataDir string) *sql.DB {
	t.Helper()
	if err := indexFile(context.Background(), dataDir+"/moderation.sqlite"); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+dataDir+"/moderation.sqlite")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestModerationQueueAndStats(t *testing.T) {
	dataDir, _ := fakeFerretDB(t, []string{
		commentDoc("h3", "news1", "hold", 3000, "profanity:profanity.mild"),
		commentDoc("h1", "news1", "hold", 1000, "links:links.bare", "classifier:classifier.spam"),
		commentDoc("h2b", "news2", "hold", 2000, "links:links.count"),
		commentDoc("h2a", "news1", "hold", 2000, "patterns:patterns.phone"),
		commentDoc("late", "news1", "hold", 9000, "links:links.bare"),
		commentDoc("ok", "news1", "approve", 1500),
		commentDoc("no", "news2", "reject", 2500, "profanity:profanity.slur"),
		commentDoc("uni", "news1", "hold", 4000, "ünï:ünï.rule"),
	})
	for _, withIndexes := range []bool{false, true} {
		if withIndexes {
			db := indexed(t, dataDir)
			queuePlan := queryPlan(t, db, `SELECT 1 FROM comments_1234 WHERE _ferretdb_sjson->>'$.status' = 'hold' AND _ferretdb_sjson->>'$.createdAt' <= 5 ORDER BY `+queueOrderTail)
			if !strings.Contains(queuePlan, "comments_1234__queue_order") || strings.Contains(queuePlan, "TEMP B-TREE") {
				t.Fatalf("the queue is not read through its index: %s", queuePlan)
			}
			statsPlan := queryPlan(t, db, `SELECT `+field("site")+`, `+field("status")+`, count(*) FROM comments_1234 GROUP BY 1, 2`)
			if !strings.Contains(statsPlan, "INDEX comments_1234__site_status") || strings.Contains(statsPlan, "TEMP B-TREE") {
				t.Fatalf("the stats are not counted in their index's order: %s", statsPlan)
			}
		}
		for _, tc := range []struct{ query, want string }{
			// (createdAt, _id) order, up to the horizon.
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":5000,"limit":10}`, `"h1" "h2a" "h2b" "h3" "uni"`},
			{`{"op":"queue","sites":["news1"],"status":"hold","beforeMs":9000,"limit":10}`, `"h1" "h2a" "h3" "uni" "late"`},
			{`{"op":"queue","sites":[],"status":"hold","beforeMs":9000,"limit":10}`, ``},
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":5000,"limit":2}`, `"h1" "h2a"`},
			// Strictly after a position: the same createdAt with a greater _id, then later ones.
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":5000,"limit":10,"after":{"ms":2000,"id":"h2a"}}`, `"h2b" "h3" "uni"`},
			{`{"op":"queue","sites":null,"status":"approve","beforeMs":5000,"limit":10}`, `"ok"`},
			// Rules: an element equal to, starting with or ending with the text.
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":9000,"limit":10,"ruleExact":"links:links.bare"}`, `"h1" "late"`},
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":9000,"limit":10,"rulePrefix":"links:"}`, `"h1" "h2b" "late"`},
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":9000,"limit":10,"ruleSuffix":":classifier.spam"}`, `"h1"`},
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":9000,"limit":10,"rulePrefix":"ünï:"}`, `"uni"`},
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":9000,"limit":10,"ruleSuffix":":ünï.rule"}`, `"uni"`},
			{`{"op":"queue","sites":null,"status":"hold","beforeMs":9000,"limit":10,"ruleSuffix":"xprofanity:profanity.mild"}`, ``},
			{`{"op":"stats","sites":["news2"]}`, `{"site":"news2","status":"hold","n":1} {"site":"news2","status":"reject","n":1}`},
			{`{"op":"stats","sites":[]}`, ``},
			{`{"op":"stats","sites":null}`, `{"site":"news1","status":"approve","n":1} {"site":"news1","status":"hold","n":5} {"site":"news2","status":"hold","n":1} {"site":"news2","status":"reject","n":1}`},
		} {
			if got := moderationLines(t, dataDir, tc.query); got != tc.want {
				t.Errorf("indexed=%v %s:\n got %s\nwant %s", withIndexes, tc.query, got, tc.want)
			}
		}
	}
}

func TestQueryServerRefusesWhatItDoesNotKnow(t *testing.T) {
	for _, body := range []string{
		`{"database":"moderation","collection":"comments","op":"drop"}`,
		`{"database":"moderation","collection":"events","op":"queue"}`,
		`{"database":"../etc","collection":"comments","op":"stats"}`,
		`{"database":"moderation","collection":"comments","op":"stats","sorted":true}`,
		`{"database":`,
	} {
		if status, answer := post(t, newQueryServer(t.TempDir()), body); status != http.StatusBadRequest || !strings.Contains(answer, `"error"`) {
			t.Errorf("%s: %d %s", body, status, answer)
		}
	}
	if got := moderationLines(t, t.TempDir(), `{"op":"stats","sites":null}`); got != "" {
		t.Errorf("no database file: %q", got)
	}
}

func TestQueryServerSeesADatabaseDroppedAndMadeAgain(t *testing.T) {
	dataDir, db := fakeFerretDB(t, []string{commentDoc("first", "news1", "hold", 1000)})
	s := newQueryServer(dataDir)
	query := `{"database":"moderation","collection":"comments","op":"queue","status":"hold","beforeMs":5000,"limit":10}`
	if _, body := post(t, s, query); !strings.Contains(body, `"first"`) {
		t.Fatalf("before the drop: %s", body)
	}
	db.Close()
	if err := os.Remove(filepath.Join(dataDir, "moderation.sqlite")); err != nil {
		t.Fatal(err)
	}
	if _, body := post(t, s, query); body != `{"rows":[]}` {
		t.Fatalf("after the drop: %s", body)
	}
	fakeFerretDBIn(t, dataDir, []string{commentDoc("second", "news1", "hold", 1000)})
	if _, body := post(t, s, query); !strings.Contains(body, `"second"`) || strings.Contains(body, `"first"`) {
		t.Fatalf("after the database was made again: %s", body)
	}
}

func TestRetentionRepairAndExportQueries(t *testing.T) {
	dataDir, db := fakeFerretDB(t, []string{
		commentDoc("c-old", "news1", "approve", 1000),
		commentDoc("c-new", "news1", "approve", 9000),
		commentDoc("c-old-own", "own", "hold", 2000),
		`{"$s":{"p":{"_id":{"t":"string"},"site":{"t":"string"},"status":{"t":"string"},"createdAt":{"t":"date"},"anonymisedAt":{"t":"date"}},"$k":["_id","site","status","createdAt","anonymisedAt"]},"_id":"c-done","site":"news1","status":"approve","createdAt":500,"anonymisedAt":600}`,
	})
	event := func(id, state string, at int64, note string) string {
		n := "null"
		if note != "" {
			n = fmt.Sprintf("%q", note)
		}
		return fmt.Sprintf(`{"$s":{"p":{"_id":{"t":"string"},"site":{"t":"string"},"state":{"t":"string"},"at":{"t":"date"},"note":{"t":"string"}},"$k":["_id","site","state","at","note"]},"_id":%q,"site":"news1","state":%q,"at":%d,"note":%s}`, id, state, at, n)
	}
	for _, q := range []string{
		`INSERT INTO _ferretdb_collections VALUES ('events', 'events_7', '{}')`,
		`CREATE TABLE events_7 (_ferretdb_sjson TEXT NOT NULL) STRICT`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range []string{
		event("e-pending-late", "pending", 3000, ""),
		event("e-pending", "pending", 1000, "note"),
		event("e-applied", "applied", 2000, "[removed]"),
		event("e-applied-noted", "applied", 2500, "keep me private"),
	} {
		if _, err := db.Exec(`INSERT INTO events_7 VALUES (?)`, e); err != nil {
			t.Fatal(err)
		}
	}
	indexed(t, dataDir)
	for _, tc := range []struct{ collection, query, want string }{
		{"comments", `{"op":"expired","beforeMs":5000,"limit":10}`, `"c-done" "c-old" "c-old-own"`},
		{"comments", `{"op":"expired","beforeMs":5000,"limit":10,"notAnonymised":true,"excludeSites":["own"]}`, `"c-old"`},
		{"comments", `{"op":"expired","beforeMs":5000,"limit":10,"sites":["own"]}`, `"c-old-own"`},
		{"events", `{"op":"events","state":"pending","limit":10}`, `"e-pending" "e-pending-late"`},
		{"events", `{"op":"events","state":"pending","beforeMs":2000,"limit":10}`, `"e-pending"`},
		{"events", `{"op":"events","state":"applied","fromMs":2100,"limit":10}`, `"e-applied-noted"`},
		{"events", `{"op":"notes","beforeMs":9000,"limit":10}`, `"e-pending" "e-applied-noted"`},
	} {
		if got := ask(t, dataDir, tc.collection, tc.query); got != tc.want {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.collection, tc.query, got, tc.want)
		}
	}
}

func TestModerationQueryMatchesOnlyStrings(t *testing.T) {
	dataDir, _ := fakeFerretDB(t, []string{
		commentDoc("s", "7", "hold", 1000),
		`{"$s":{"p":{"_id":{"t":"string"},"site":{"t":"int"},"status":{"t":"string"},"createdAt":{"t":"date"}},"$k":["_id","site","status","createdAt"]},"_id":"n","site":7,"status":"hold","createdAt":1000}`,
	})
	if got := moderationLines(t, dataDir, `{"op":"queue","sites":["7"],"status":"hold","beforeMs":5000,"limit":10}`); got != `"s"` {
		t.Errorf("site \"7\" matched %s", got)
	}
}

func TestDueDeliveriesAndLog(t *testing.T) {
	dataDir, db := fakeFerretDB(t, nil)
	// Created in the order listed, one second apart; "second" on news2, the rest on news1.
	created := int64(0)
	delivery := func(id, state string, next int64, attempts int) string {
		created += 1000
		site := "news1"
		if id == "second" {
			site = "news2"
		}
		return fmt.Sprintf(`{"$s":{"p":{"_id":{"t":"string"},"site":{"t":"string"},"state":{"t":"string"},"nextAttemptAt":{"t":"date"},"createdAt":{"t":"date"},"attempts":{"t":"int"}},"$k":["_id","site","state","nextAttemptAt","createdAt","attempts"]},`+
			`"_id":%q,"site":%q,"state":%q,"nextAttemptAt":%d,"createdAt":%d,"attempts":%d}`, id, site, state, next, created, attempts)
	}
	for _, q := range []string{
		`INSERT INTO _ferretdb_collections VALUES ('deliveries', 'deliveries_99', '{}')`,
		`CREATE TABLE deliveries_99 (_ferretdb_sjson TEXT NOT NULL) STRICT`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{
		delivery("later", "pending", 9000, 0),
		delivery("second", "pending", 2000, 3),
		delivery("done", "delivered", 500, 1),
		delivery("first", "pending", 1000, 1),
		delivery("gave-up", "failed", 100, 15),
	} {
		if _, err := db.Exec(`INSERT INTO deliveries_99 VALUES (?)`, d); err != nil {
			t.Fatal(err)
		}
	}
	ask := func(query string) string { return ask(t, dataDir, "deliveries", query) }
	for _, withIndexes := range []bool{false, true} {
		if withIndexes {
			plan := queryPlan(t, indexed(t, dataDir), `SELECT 1 FROM deliveries_99 WHERE _ferretdb_sjson->>'$.state' = 'pending' AND _ferretdb_sjson->>'$.nextAttemptAt' <= 5 ORDER BY _ferretdb_sjson->>'$.nextAttemptAt'`)
			if !strings.Contains(plan, "deliveries_99__due") || strings.Contains(plan, "TEMP B-TREE") {
				t.Fatalf("due deliveries are not read through their index: %s", plan)
			}
			logPlan := queryPlan(t, indexed(t, dataDir), `SELECT 1 FROM deliveries_99 WHERE _ferretdb_sjson->>'$.site' = 'news1' ORDER BY _ferretdb_sjson->>'$.createdAt' DESC`)
			if !strings.Contains(logPlan, "deliveries_99__site_created") || strings.Contains(logPlan, "TEMP B-TREE") {
				t.Fatalf("the delivery log is not read through its index: %s", logPlan)
			}
		}
		if got := ask(`{"op":"due","beforeMs":5000,"limit":10}`); got != `{"_id":"first","attempts":1} {"_id":"second","attempts":3}` {
			t.Errorf("indexed=%v: due %s", withIndexes, got)
		}
		if got := ask(`{"op":"due","beforeMs":9000,"limit":1}`); got != `{"_id":"first","attempts":1}` {
			t.Errorf("indexed=%v: limit %s", withIndexes, got)
		}
		// A site's log, newest first, by state when asked.
		if got := ask(`{"op":"log","site":"news1","limit":10}`); got != `"gave-up" "first" "done" "later"` {
			t.Errorf("indexed=%v: log %s", withIndexes, got)
		}
		if got := ask(`{"op":"log","site":"news1","state":"pending","limit":1}`); got != `"first"` {
			t.Errorf("indexed=%v: log by state %s", withIndexes, got)
		}
	}
}

func TestCountsKeptByTriggersMatchTheScan(t *testing.T) {
	dataDir, db := fakeFerretDB(t, []string{
		commentDoc("a", "news1", "hold", 1000),
		commentDoc("b", "news1", "hold", 2000),
		commentDoc("c", "news2", "approve", 3000),
	})
	stats := `{"op":"stats","sites":null}`
	scanned := moderationLines(t, dataDir, stats)
	indexed(t, dataDir) // adds the indexes and the counters, and recounts
	if got := moderationLines(t, dataDir, stats); got != scanned {
		t.Fatalf("recounted %s, scanned %s", got, scanned)
	}
	// Writes as FerretDB makes them: insert, update by _id, delete by _id.
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO comments_1234 VALUES (?)`, []any{commentDoc("d", "news2", "hold", 4000)}},
		{`UPDATE comments_1234 SET _ferretdb_sjson = ? WHERE _ferretdb_sjson->'$._id' = ?`, []any{commentDoc("a", "news1", "reject", 1000), `"a"`}},
		{`UPDATE comments_1234 SET _ferretdb_sjson = ? WHERE _ferretdb_sjson->'$._id' = ?`, []any{commentDoc("b", "news1", "hold", 2500), `"b"`}},
		{`DELETE FROM comments_1234 WHERE _ferretdb_sjson->'$._id' IN (?)`, []any{`"c"`}},
	} {
		if _, err := db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	want := `{"site":"news1","status":"hold","n":1} {"site":"news1","status":"reject","n":1} {"site":"news2","status":"hold","n":1}`
	if got := moderationLines(t, dataDir, stats); got != want {
		t.Errorf("kept counts %s, want %s", got, want)
	}
	if got := moderationLines(t, dataDir, `{"op":"stats","sites":["news2"]}`); got != `{"site":"news2","status":"hold","n":1}` {
		t.Errorf("one site: %s", got)
	}
	plan := queryPlan(t, db, `SELECT site, status, n FROM `+countsTable+` WHERE table_name = 'comments_1234'`)
	if strings.Contains(plan, "comments_1234 ") {
		t.Errorf("the counts read the comments: %s", plan)
	}
}

func TestDocumentsByID(t *testing.T) {
	dataDir, _ := fakeFerretDB(t, []string{
		commentDoc("a", "news1", "hold", 1000),
		commentDoc("b\"q", "news1", "hold", 2000),
		commentDoc("c", "news2", "approve", 3000),
	})
	indexed(t, dataDir)
	got := ask(t, dataDir, "comments", `{"op":"docs","ids":["c","b\"q","missing"]}`)
	if !strings.Contains(got, `"_id":"c"`) || !strings.Contains(got, `"_id":"b\"q"`) || strings.Contains(got, `"_id":"a"`) || strings.Count(got, `"$s"`) != 2 {
		t.Errorf("docs: %s", got)
	}
	if got := ask(t, dataDir, "comments", `{"op":"docs","ids":[]}`); got != "" {
		t.Errorf("no ids: %s", got)
	}
	many := `{"database":"moderation","collection":"comments","op":"docs","ids":[` + strings.TrimSuffix(strings.Repeat(`"x",`, maxDocIDs+1), ",") + `]}`
	if status, _ := post(t, newQueryServer(dataDir), many); status != http.StatusBadRequest {
		t.Errorf("too many ids answered %d", status)
	}
}

func TestIDRanges(t *testing.T) {
	dataDir, db := fakeFerretDB(t, nil)
	for _, q := range []string{
		`INSERT INTO _ferretdb_collections VALUES ('history_events', 'history_events_5', '{}')`,
		`CREATE TABLE history_events_5 (_ferretdb_sjson TEXT NOT NULL) STRICT`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	event := func(id string) string {
		return fmt.Sprintf(`{"$s":{"p":{"_id":{"t":"string"}},"$k":["_id"]},"_id":%q}`, id)
	}
	for _, id := range []string{"aa|001|x", "aa|002|y", "aa|003|z", "ab|001|w", "a|009|v"} {
		if _, err := db.Exec(`INSERT INTO history_events_5 VALUES (?)`, event(id)); err != nil {
			t.Fatal(err)
		}
	}
	indexed(t, dataDir)
	ids := func(q string) string {
		var out []string
		for _, part := range strings.Split(ask(t, dataDir, "history_events", q), " ") {
			if m := strings.Index(part, `"_id":"`); m >= 0 {
				out = append(out, strings.SplitN(part[m+7:], `"`, 2)[0])
			}
		}
		return strings.Join(out, " ")
	}
	if got := ids(`{"op":"idRanges","ranges":[{"from":"aa|002","to":"aa|~"}],"limit":10}`); got != "aa|003|z aa|002|y" {
		t.Errorf("one range: %q", got)
	}
	if got := ids(`{"op":"idRanges","ranges":[{"from":"aa|","to":"aa|~"},{"from":"ab|","to":"ab|~"}],"limit":2}`); got != "aa|003|z aa|002|y ab|001|w" {
		t.Errorf("two ranges, limit 2: %q", got)
	}
	plan := queryPlan(t, indexed(t, dataDir), `SELECT 1 FROM history_events_5 WHERE _ferretdb_sjson->'$._id' >= '"aa|"' AND _ferretdb_sjson->'$._id' < '"aa|~"' ORDER BY _ferretdb_sjson->'$._id' DESC`)
	if !strings.Contains(plan, "history_events_5__id_path") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("not through the _id path index: %s", plan)
	}
}
