package store

import (
	"errors"
	"testing"

	"qinglian"
)

// ListLatestVersions gives each report's latest version once, with its
// writer, unit and year, and leaves bodies out when asked.
func TestListLatestVersions(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *Store, _ *clock) {
		w := newWorld(t, s)
		for _, body := range []string{"第一版正文", "第二版正文"} {
			_, err := s.SaveVersion(ctx, w.cadreA.ID, w.partA.ID, &qinglian.Version{Body: body})
			must(t, err)
		}
		_, err := s.SaveVersion(ctx, w.cadreB.ID, w.partB.ID, &qinglian.Version{Body: "乙的正文"})
		must(t, err)
		vs, err := s.ListLatestVersions(ctx, true)
		must(t, err)
		if len(vs) != 2 || vs[0].Number != 2 || vs[0].Body != "第二版正文" || vs[0].UserID != w.cadreA.ID ||
			vs[0].OrgID != w.unitA.ID || vs[0].Year != 2025 || vs[1].Body != "乙的正文" {
			t.Fatalf("latest versions %+v", vs)
		}
		bare, err := s.ListLatestVersions(ctx, false)
		must(t, err)
		if len(bare) != 2 || bare[0].Body != "" || bare[0].Number != 2 {
			t.Errorf("without bodies %+v", bare)
		}
	})
}

// Templates are added all or none, listed, deleted; only organisers and
// administrators keep them.
func TestSimilarTemplates(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *Store, _ *clock) {
		w := newWorld(t, s)
		ts := []*SimilarTemplate{{Name: "甲.txt", Body: "范文甲", Size: 9}, {Name: "乙.docx", Body: "范文乙", Size: 900}}
		must(t, s.AddSimilarTemplates(ctx, w.organiser.ID, ts))
		if ts[0].ID == 0 || ts[1].ID == 0 || ts[0].CreatedBy != w.organiser.ID {
			t.Fatalf("not filled: %+v", ts[0])
		}
		// Hostile: one bad template in a batch stores none of it.
		for _, bad := range [][]*SimilarTemplate{
			{{Name: "丙.txt", Body: "范文丙"}, {Name: "丁.txt", Body: "  \n"}},
			{{Name: "", Body: "无名"}},
			{{Name: string(make([]rune, MaxTemplateName+1)), Body: "过长"}},
		} {
			if err := s.AddSimilarTemplates(ctx, w.organiser.ID, bad); !errors.Is(err, qinglian.ErrInvalid) {
				t.Errorf("bad batch: %v, want ErrInvalid", err)
			}
		}
		for _, who := range []*qinglian.User{w.cadreA, w.reviewerA, w.member} {
			if err := s.AddSimilarTemplates(ctx, who.ID, []*SimilarTemplate{{Name: "戊.txt", Body: "范文戊"}}); !errors.Is(err, qinglian.ErrForbidden) {
				t.Errorf("%s adds: %v, want ErrForbidden", who.Login, err)
			}
			if err := s.DeleteSimilarTemplate(ctx, who.ID, ts[0].ID); !errors.Is(err, qinglian.ErrForbidden) {
				t.Errorf("%s deletes: %v, want ErrForbidden", who.Login, err)
			}
		}
		list, err := s.ListSimilarTemplates(ctx, true)
		must(t, err)
		if len(list) != 2 || list[0].Body != "范文甲" || list[1].Name != "乙.docx" || list[1].Size != 900 {
			t.Fatalf("listed %+v", list)
		}
		must(t, s.DeleteSimilarTemplate(ctx, w.organiser.ID, ts[0].ID))
		if err := s.DeleteSimilarTemplate(ctx, w.organiser.ID, ts[0].ID); !errors.Is(err, qinglian.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		list, err = s.ListSimilarTemplates(ctx, false)
		must(t, err)
		if len(list) != 1 || list[0].Body != "" {
			t.Errorf("after delete %+v", list)
		}
	})
}
