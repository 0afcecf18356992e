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
	for _, indexed := range []bool{false, true} {
		if indexed {
			if err := indexIDPaths(context.Background(), dataDir+"/moderation.sqlite"); err != nil {
				t.Fatal(err)
			}
			// A connection of its own: one opened before the indexes existed plans without them.
			db, err := sql.Open("sqlite", "file:"+dataDir+"/moderation.sqlite")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
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
				t.Errorf("indexed=%v %s:\n got %s\nwant %s", indexed, tc.query, got, tc.want)
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
