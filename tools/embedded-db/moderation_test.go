package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
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

func moderationLines(t *testing.T, dataDir, query string) string {
	t.Helper()
	var out bytes.Buffer
	if err := runModerationQuery(context.Background(), dataDir, "moderation", "comments", query, &out); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(strings.ReplaceAll(out.String(), "\n", " "))
}

// indexed adds the embedded database's indexes to the file and opens a
// connection of its own: one opened before the indexes existed plans without them.
func indexed(t *testing.T, dataDir string) *sql.DB {
	t.Helper()
	if err := indexIDPaths(context.Background(), dataDir+"/moderation.sqlite"); err != nil {
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
			statsPlan := queryPlan(t, db, `SELECT `+siteStatusExpr+`, count(*) FROM comments_1234 GROUP BY 1, 2`)
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

func TestModerationQueryRefusesAnUnknownOp(t *testing.T) {
	var out bytes.Buffer
	if err := runModerationQuery(context.Background(), t.TempDir(), "moderation", "comments", `{"op":"drop"}`, &out); err == nil {
		t.Fatal("an unknown op was accepted")
	}
	if got := moderationLines(t, t.TempDir(), `{"op":"stats","sites":null}`); got != "" {
		t.Errorf("no database file: %q", got)
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
	ask := func(query string) string {
		var out bytes.Buffer
		if err := runModerationQuery(context.Background(), dataDir, "moderation", "deliveries", query, &out); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(strings.ReplaceAll(out.String(), "\n", " "))
	}
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
