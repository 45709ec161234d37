package store

import (
	"strings"
	"testing"

	"qinglian"
)

// BenchmarkPublishedReportRead measures the store's share of serving a
// published report page on SQLite: the publication and its version's text.
//
//	go test ./store -run '^$' -bench PublishedReportRead -cpu 2
func BenchmarkPublishedReportRead(b *testing.B) {
	s, _ := open(b, newURL(b, "sqlite"))
	w := newWorld(b, s)
	body := strings.Repeat("一是坚持以习近平新时代中国特色社会主义思想为指导，查处问题3件。\n", 150)
	rev, err := s.SaveVersion(ctx, w.cadreA.ID, w.partA.ID, &qinglian.Version{Body: body})
	if err == nil {
		rev, err = s.SubmitReport(ctx, w.cadreA.ID, w.partA.ID, rev)
	}
	if err == nil {
		rev, err = s.ReviewReport(ctx, w.reviewerA.ID, w.partA.ID, rev, &qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted})
	}
	pub := &qinglian.Publication{Scope: qinglian.ScopePublic}
	if err == nil {
		_, err = s.PublishReport(ctx, w.organiser.ID, w.partA.ID, rev, pub)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p, err := s.FindPublicationByID(ctx, pub.ID)
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := s.FindVersion(ctx, p.ReportID, p.Version); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
