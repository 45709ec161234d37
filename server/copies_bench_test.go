package server

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qinglian"
	"qinglian/store"
)

// benchPhrases are the pieces the generated reports are made of, so that
// reports share some passages and differ in most.
var benchPhrases = []string{
	"严格落实中央八项规定精神", "带头转变工作作风", "深入基层调研", "协调解决群众急难愁盼问题", "坚持民主集中制",
	"认真履行一岗双责", "定期听取党风廉政建设情况汇报", "对苗头性倾向性问题早发现早提醒", "严格执行个人有关事项报告制度",
	"主动接受组织和群众监督", "加强理论学习", "召开警示教育大会", "督促班子成员对照检查", "形成问题清单并逐项整改",
	"推动全面从严治党向纵深发展", "落实意识形态工作责任制", "规范权力运行", "健全内控制度", "开展廉政谈话", "抓好巡察整改",
}

// benchReport writes a report of about 2,500 characters: 20 paragraphs of
// phrases with numbers, in an order of its own.
func benchReport(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString("述责述廉报告\n")
	for range 20 {
		for range 8 {
			fmt.Fprintf(&b, "%s%d次，", benchPhrases[rng.IntN(len(benchPhrases))], rng.IntN(50)+1)
		}
		b.WriteString("取得实效。\n")
	}
	return b.String()
}

// benchStore fills a fresh SQLite store with n saved reports.
func benchStore(b *testing.B, n int) *store.Store {
	b.Helper()
	st, err := store.Open(ctx, dbURL(b, "sqlite"))
	must(b, err)
	b.Cleanup(func() { st.Close() })
	root := &qinglian.Organisation{Name: "市委", Kind: qinglian.OrgCommittee}
	must(b, st.CreateOrganisation(ctx, 0, root))
	unit := &qinglian.Organisation{ParentID: root.ID, Name: "甲局", Kind: qinglian.OrgUnit}
	must(b, st.CreateOrganisation(ctx, 0, unit))
	org := &qinglian.User{Login: "org", Name: "组织部"}
	must(b, st.CreateUser(ctx, 0, org))
	must(b, st.GrantRole(ctx, 0, &qinglian.Membership{UserID: org.ID, OrgID: root.ID, Role: qinglian.RoleOrganiser}))
	c := &qinglian.Campaign{OrgID: root.ID, Year: 2025, Title: "2025年度", State: qinglian.CampaignOpen, Units: []int64{unit.ID}}
	must(b, st.CreateCampaign(ctx, org.ID, c))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		u := &qinglian.User{Login: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("干部%d", i)}
		must(b, st.CreateUser(ctx, 0, u))
		p := &qinglian.Participant{CampaignID: c.ID, UserID: u.ID, OrgID: unit.ID}
		must(b, st.AddParticipant(ctx, org.ID, p))
		_, err := st.SaveVersion(ctx, u.ID, p.ID, &qinglian.Version{Body: benchReport(rng)})
		must(b, err)
	}
	return st
}

// BenchmarkCopyIndexStart measures how soon the copied-passage index is
// ready after a start, for QINGLIAN_BENCH_REPORTS reports (default 1,000):
// built from the database (no file), and read from the file in the data
// directory.
func BenchmarkCopyIndexStart(b *testing.B) {
	n := 1000
	if v := os.Getenv("QINGLIAN_BENCH_REPORTS"); v != "" {
		fmt.Sscan(v, &n)
	}
	st := benchStore(b, n)
	file := filepath.Join(b.TempDir(), "copies.idx")
	start := func(b *testing.B, path string) {
		srv, err := New(Config{Store: st, Engine: engine(), CopyIndexFile: path})
		must(b, err)
		if _, err := srv.copies.get(ctx); err != nil {
			b.Fatal(err)
		}
		srv.copies.flush()
		if got := len(srv.copies.heldIDs()); got != n {
			b.Fatalf("indexed %d, want %d", got, n)
		}
	}
	b.Run(fmt.Sprintf("database/%d", n), func(b *testing.B) {
		for b.Loop() {
			start(b, "")
		}
	})
	start(b, file) // writes the file
	b.Run(fmt.Sprintf("file/%d", n), func(b *testing.B) {
		for b.Loop() {
			start(b, file)
		}
	})
}
