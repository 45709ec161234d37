package store

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"qinglian"
)

// world is a small organisation with one person per role and an open
// campaign in which two cadres of different units take part.
type world struct {
	root, unitA, unitB                      *qinglian.Organisation
	organiser, reviewerA, reviewerB, member *qinglian.User
	cadreA, cadreB                          *qinglian.User
	campaign                                *qinglian.Campaign
	partA, partB                            *qinglian.Participant
}

func newWorld(t testing.TB, s *Store) *world {
	t.Helper()
	w := &world{}
	org := func(parent int64, name string, kind qinglian.OrgKind) *qinglian.Organisation {
		o := &qinglian.Organisation{ParentID: parent, Name: name, Kind: kind}
		must(t, s.CreateOrganisation(ctx, 0, o))
		return o
	}
	user := func(login, name string, org int64, role qinglian.Role) *qinglian.User {
		u := &qinglian.User{Login: login, Name: name}
		must(t, s.CreateUser(ctx, 0, u))
		must(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: u.ID, OrgID: org, Role: role}))
		return u
	}
	w.root = org(0, "某县委", qinglian.OrgCommittee)
	w.unitA = org(w.root.ID, "县教育局", qinglian.OrgUnit)
	w.unitB = org(w.root.ID, "县卫健局", qinglian.OrgUnit)
	w.organiser = user("org", "组织部干部", w.root.ID, qinglian.RoleOrganiser)
	w.reviewerA = user("revA", "纪检组甲", w.unitA.ID, qinglian.RoleReviewer)
	w.reviewerB = user("revB", "纪检组乙", w.unitB.ID, qinglian.RoleReviewer)
	w.member = user("member", "党员甲", w.unitA.ID, qinglian.RoleMember)
	w.cadreA = user("cadreA", "赵局长", w.unitA.ID, qinglian.RoleCadre)
	w.cadreB = user("cadreB", "钱局长", w.unitB.ID, qinglian.RoleCadre)
	w.campaign = &qinglian.Campaign{OrgID: w.root.ID, Year: 2025, Title: "2025年度述责述廉", Template: "default",
		State: qinglian.CampaignOpen, Units: []int64{w.unitA.ID, w.unitB.ID}, Deadline: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}
	must(t, s.CreateCampaign(ctx, w.organiser.ID, w.campaign))
	w.partA = &qinglian.Participant{CampaignID: w.campaign.ID, UserID: w.cadreA.ID, OrgID: w.unitA.ID}
	must(t, s.AddParticipant(ctx, w.organiser.ID, w.partA))
	w.partB = &qinglian.Participant{CampaignID: w.campaign.ID, UserID: w.cadreB.ID, OrgID: w.unitB.ID}
	must(t, s.AddParticipant(ctx, w.organiser.ID, w.partB))
	return w
}

func TestCampaigns(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		got, err := s.FindCampaignByID(ctx, w.campaign.ID)
		must(t, err)
		if got.Title != w.campaign.Title || fmt.Sprint(got.Units) != fmt.Sprint(w.campaign.Units) ||
			!got.Deadline.Equal(w.campaign.Deadline) || got.Revision != 1 || got.CreatedBy != w.organiser.ID {
			t.Errorf("find campaign: %+v", got)
		}
		_, err = s.FindCampaignByID(ctx, 9999)
		mustKind(t, err, qinglian.ErrNotFound)

		// Contract errors on create.
		mustKind(t, s.CreateCampaign(ctx, w.organiser.ID, &qinglian.Campaign{OrgID: w.root.ID, Year: 2025, Title: "重复"}), qinglian.ErrConflict)
		mustKind(t, s.CreateCampaign(ctx, w.cadreA.ID, &qinglian.Campaign{OrgID: w.root.ID, Year: 2026, Title: "越权"}), qinglian.ErrForbidden)
		mustKind(t, s.CreateCampaign(ctx, w.organiser.ID, &qinglian.Campaign{OrgID: 9999, Year: 2026, Title: "无主"}), qinglian.ErrNotFound)
		mustKind(t, s.CreateCampaign(ctx, w.organiser.ID, &qinglian.Campaign{OrgID: w.root.ID, Year: 26, Title: "两位年份"}), qinglian.ErrInvalid)
		mustKind(t, s.CreateCampaign(ctx, w.organiser.ID, &qinglian.Campaign{OrgID: w.root.ID, Year: 2026, Title: "错单位", Units: []int64{9999}}), qinglian.ErrNotFound)

		// Optimistic concurrency on update: the second writer of revision 1 loses.
		first, second := *got, *got
		first.Title = "2025年度述责述廉（修订）"
		must(t, s.UpdateCampaign(ctx, w.organiser.ID, &first))
		if first.Revision != 2 {
			t.Errorf("revision after update: %d", first.Revision)
		}
		second.State = qinglian.CampaignClosed
		mustKind(t, s.UpdateCampaign(ctx, w.organiser.ID, &second), qinglian.ErrConflict)
		mustKind(t, s.UpdateCampaign(ctx, w.reviewerA.ID, &first), qinglian.ErrForbidden)
		list, err := s.ListCampaigns(ctx, qinglian.CampaignFilter{OrgID: w.root.ID, State: qinglian.CampaignOpen})
		must(t, err)
		if len(list) != 1 || list[0].Title != first.Title {
			t.Errorf("list campaigns: %+v", list)
		}

		// Participants.
		mustKind(t, s.AddParticipant(ctx, w.organiser.ID, &qinglian.Participant{CampaignID: w.campaign.ID, UserID: w.cadreA.ID, OrgID: w.unitA.ID}), qinglian.ErrConflict)
		mustKind(t, s.AddParticipant(ctx, w.reviewerA.ID, &qinglian.Participant{CampaignID: w.campaign.ID, UserID: w.member.ID, OrgID: w.unitA.ID}), qinglian.ErrForbidden)
		mustKind(t, s.AddParticipant(ctx, w.organiser.ID, &qinglian.Participant{CampaignID: w.campaign.ID, UserID: 9999, OrgID: w.unitA.ID}), qinglian.ErrNotFound)
		other := &qinglian.Organisation{Name: "另一县委", Kind: qinglian.OrgCommittee}
		must(t, s.CreateOrganisation(ctx, 0, other))
		mustKind(t, s.AddParticipant(ctx, w.organiser.ID, &qinglian.Participant{CampaignID: w.campaign.ID, UserID: w.member.ID, OrgID: other.ID}), qinglian.ErrInvalid)
		ps, err := s.ListParticipants(ctx, qinglian.ParticipantFilter{CampaignID: w.campaign.ID, OrgID: w.unitA.ID})
		must(t, err)
		if len(ps) != 1 || ps[0].UserName != "赵局长" || ps[0].OrgName != "县教育局" || ps[0].State != qinglian.StateNotStarted {
			t.Errorf("participants of unit A: %+v", ps)
		}
		ps, err = s.ListParticipants(ctx, qinglian.ParticipantFilter{CampaignID: w.campaign.ID, OrgID: w.root.ID})
		must(t, err)
		if len(ps) != 2 {
			t.Errorf("participants below root: %d", len(ps))
		}
		_, err = s.FindParticipantByID(ctx, 9999)
		mustKind(t, err, qinglian.ErrNotFound)
	})
}

// TestReportLifecycle walks the whole path: save, submit, return with a
// comment, fix, resubmit, accept, publish, read, archive.
func TestReportLifecycle(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		pid := w.partA.ID

		// Only the cadre writes their report.
		_, err := s.SaveVersion(ctx, w.cadreB.ID, pid, &qinglian.Version{Body: "别人的报告"})
		mustKind(t, err, qinglian.ErrForbidden)
		_, err = s.SaveVersion(ctx, w.cadreA.ID, pid, &qinglian.Version{Body: "  \n "})
		mustKind(t, err, qinglian.ErrInvalid)
		_, err = s.SaveVersion(ctx, w.cadreA.ID, 9999, &qinglian.Version{Body: "x"})
		mustKind(t, err, qinglian.ErrNotFound)
		_, err = s.SubmitReport(ctx, w.cadreA.ID, pid, 1)
		mustKind(t, err, qinglian.ErrConflict) // nothing saved yet

		v1 := &qinglian.Version{Body: "述责述廉报告\n一、坚持自已的原则。。", FileName: "报告.docx", Format: "docx", Content: []byte("PK\x03\x04 docx bytes")}
		rev, err := s.SaveVersion(ctx, w.cadreA.ID, pid, v1)
		must(t, err)
		if rev != 2 || v1.Number != 1 || v1.ID == 0 || v1.ReportID == 0 {
			t.Errorf("first save: revision %d, version %+v", rev, v1)
		}
		c.Add(time.Minute)
		rev, err = s.SaveVersion(ctx, w.cadreA.ID, pid, &qinglian.Version{Body: "述责述廉报告\n一、坚持自己的原则。", Note: "改错字"})
		must(t, err)
		p, _ := s.FindParticipantByID(ctx, pid)
		if p.State != qinglian.StateDraft || p.Revision != rev || p.ReportID == 0 {
			t.Fatalf("after saves: %+v (revision %d)", p, rev)
		}
		got, err := s.FindVersion(ctx, p.ReportID, 1)
		must(t, err)
		if got.Body != v1.Body || string(got.Content) != string(v1.Content) || got.FileName != "报告.docx" || got.AuthorID != w.cadreA.ID {
			t.Errorf("version 1: %+v", got)
		}
		_, err = s.FindVersion(ctx, p.ReportID, 3)
		mustKind(t, err, qinglian.ErrNotFound)
		vs, err := s.ListVersions(ctx, p.ReportID)
		must(t, err)
		if len(vs) != 2 || vs[1].Number != 2 || vs[1].Body != "" || vs[1].Note != "改错字" {
			t.Errorf("versions: %+v", vs)
		}

		_, err = s.SubmitReport(ctx, w.cadreA.ID, pid, rev-1)
		mustKind(t, err, qinglian.ErrConflict) // stale: a save happened since
		rev, err = s.SubmitReport(ctx, w.cadreA.ID, pid, rev)
		must(t, err)
		_, err = s.SubmitReport(ctx, w.cadreA.ID, pid, rev)
		mustKind(t, err, qinglian.ErrConflict) // double submission
		_, err = s.SaveVersion(ctx, w.cadreA.ID, pid, &qinglian.Version{Body: "提交后再改"})
		mustKind(t, err, qinglian.ErrConflict)

		// One unit's reviewer cannot act on another unit's report.
		_, err = s.ReviewReport(ctx, w.reviewerB.ID, pid, rev, &qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted})
		mustKind(t, err, qinglian.ErrForbidden)
		_, err = s.ReviewReport(ctx, w.cadreA.ID, pid, rev, &qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted})
		mustKind(t, err, qinglian.ErrForbidden) // not one's own report either
		_, err = s.ReviewReport(ctx, w.reviewerA.ID, pid, rev, &qinglian.ReviewDecision{Outcome: qinglian.OutcomeReturned})
		mustKind(t, err, qinglian.ErrInvalid) // a return must say why
		_, err = s.ReviewReport(ctx, w.reviewerA.ID, pid, rev, &qinglian.ReviewDecision{Outcome: "maybe"})
		mustKind(t, err, qinglian.ErrInvalid)

		ret := &qinglian.ReviewDecision{Outcome: qinglian.OutcomeReturned, Note: "请补充具体事例。",
			Comments: []*qinglian.Comment{{Paragraph: 2, Quote: "一、坚持自己的原则。", Body: "此处缺少实绩"}}}
		rev, err = s.ReviewReport(ctx, w.reviewerA.ID, pid, rev, ret)
		must(t, err)
		if p, _ := s.FindParticipantByID(ctx, pid); p.State != qinglian.StateReturned || p.Revision != rev {
			t.Errorf("after return: %s revision %d, method said %d", p.State, p.Revision, rev)
		}
		if ret.Version != 2 || ret.Comments[0].DecisionID != ret.ID || ret.Comments[0].AuthorID != w.reviewerA.ID {
			t.Errorf("return decision: %+v %+v", ret, ret.Comments[0])
		}
		// The cadre answers, then fixes and resubmits.
		mustKind(t, s.AddComment(ctx, w.cadreB.ID, &qinglian.Comment{ReportID: p.ReportID, Body: "插话"}), qinglian.ErrForbidden)
		mustKind(t, s.AddComment(ctx, w.cadreA.ID, &qinglian.Comment{ReportID: p.ReportID, Version: 7, Body: "答复"}), qinglian.ErrNotFound)
		mustKind(t, s.AddComment(ctx, w.cadreA.ID, &qinglian.Comment{ReportID: 9999, Body: "答复"}), qinglian.ErrNotFound)
		must(t, s.AddComment(ctx, w.cadreA.ID, &qinglian.Comment{ReportID: p.ReportID, Paragraph: 2, Body: "已补充三个事例"}))
		c.Add(time.Minute)
		rev, err = s.SaveVersion(ctx, w.cadreA.ID, pid, &qinglian.Version{Body: "述责述廉报告\n一、坚持原则，查处问题3件。"})
		must(t, err)
		if p, _ := s.FindParticipantByID(ctx, pid); p.State != qinglian.StateReturned {
			t.Errorf("saving a returned report keeps it returned until resubmitted, got %s", p.State)
		}
		rev, err = s.SubmitReport(ctx, w.cadreA.ID, pid, rev)
		must(t, err)
		acc := &qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted}
		rev, err = s.ReviewReport(ctx, w.reviewerA.ID, pid, rev, acc)
		must(t, err)
		if acc.Version != 3 {
			t.Errorf("accepted version %d, want 3", acc.Version)
		}

		// Publication: organisers only, accepted reports only.
		_, err = s.PublishReport(ctx, w.reviewerA.ID, pid, rev, &qinglian.Publication{Scope: qinglian.ScopePublic})
		mustKind(t, err, qinglian.ErrForbidden)
		_, err = s.PublishReport(ctx, w.organiser.ID, pid, rev, &qinglian.Publication{Scope: "world"})
		mustKind(t, err, qinglian.ErrInvalid)
		_, err = s.PublishReport(ctx, w.organiser.ID, w.partB.ID, w.partB.Revision, &qinglian.Publication{Scope: qinglian.ScopePublic})
		mustKind(t, err, qinglian.ErrConflict) // not started, nothing to publish
		pub := &qinglian.Publication{Scope: qinglian.ScopeUnit}
		rev, err = s.PublishReport(ctx, w.organiser.ID, pid, rev, pub)
		must(t, err)
		if pub.Version != 3 || pub.OrgID != w.unitA.ID || pub.UserName != "赵局长" || pub.Year != 2025 {
			t.Errorf("publication: %+v", pub)
		}
		_, err = s.PublishReport(ctx, w.organiser.ID, pid, rev, &qinglian.Publication{Scope: qinglian.ScopePublic})
		mustKind(t, err, qinglian.ErrConflict)

		// Who sees a unit-scoped publication.
		for _, tt := range []struct {
			who  string
			user int64
			want int
		}{
			{"anonymous", 0, 0},
			{"member of the unit", w.member.ID, 1},
			{"reviewer of another unit", w.reviewerB.ID, 0},
			{"organiser above", w.organiser.ID, 1},
		} {
			var vis []int64
			if tt.user != 0 {
				vis, err = s.VisibleOrganisations(ctx, tt.user)
				must(t, err)
			}
			list, err := s.ListPublications(ctx, qinglian.PublicationFilter{Visible: vis})
			must(t, err)
			if len(list) != tt.want {
				t.Errorf("%s sees %d publications, want %d", tt.who, len(list), tt.want)
			}
		}
		got2, err := s.FindPublicationByID(ctx, pub.ID)
		must(t, err)
		if got2.UnitName != "县教育局" || got2.Scope != qinglian.ScopeUnit {
			t.Errorf("find publication: %+v", got2)
		}
		_, err = s.FindPublicationByID(ctx, 9999)
		mustKind(t, err, qinglian.ErrNotFound)
		vis, _ := s.VisibleOrganisations(ctx, w.member.ID)
		for _, tt := range []struct {
			f    qinglian.PublicationFilter
			want int
		}{
			{qinglian.PublicationFilter{Visible: vis, Name: "赵"}, 1},
			{qinglian.PublicationFilter{Visible: vis, Name: "教育"}, 1},
			{qinglian.PublicationFilter{Visible: vis, Name: "%"}, 0}, // a LIKE wildcard is literal
			{qinglian.PublicationFilter{Visible: vis, Year: 2024}, 0},
			{qinglian.PublicationFilter{Visible: vis, UnitID: w.unitB.ID}, 0},
			{qinglian.PublicationFilter{Visible: vis, Offset: 1}, 0},
		} {
			list, err := s.ListPublications(ctx, tt.f)
			must(t, err)
			if len(list) != tt.want {
				t.Errorf("filter %+v: %d publications, want %d", tt.f, len(list), tt.want)
			}
		}

		// The archive has everything, in order.
		arch, err := s.Archive(ctx, w.cadreA.ID)
		must(t, err)
		var kinds []string
		for _, e := range arch {
			kinds = append(kinds, e.Kind)
		}
		want := "version version decision comment comment version decision publication"
		if strings.Join(kinds, " ") != want {
			t.Errorf("archive:\n got %s\nwant %s", strings.Join(kinds, " "), want)
		}
		ds, err := s.ListReviewDecisions(ctx, p.ReportID)
		must(t, err)
		if len(ds) != 2 || len(ds[0].Comments) != 1 || len(ds[1].Comments) != 0 {
			t.Errorf("decisions: %+v", ds)
		}
		cs, err := s.ListComments(ctx, p.ReportID)
		must(t, err)
		if len(cs) != 2 || cs[1].AuthorID != w.cadreA.ID || cs[1].Version != 2 {
			t.Errorf("comments: %+v", cs)
		}
		parts, err := s.ListParticipationsByUser(ctx, w.cadreA.ID)
		must(t, err)
		if len(parts) != 1 || parts[0].State != qinglian.StatePublished {
			t.Errorf("participations: %+v", parts)
		}
		// A closed campaign takes no more saves.
		camp, _ := s.FindCampaignByID(ctx, w.campaign.ID)
		camp.State = qinglian.CampaignClosed
		must(t, s.UpdateCampaign(ctx, w.organiser.ID, camp))
		_, err = s.SaveVersion(ctx, w.cadreB.ID, w.partB.ID, &qinglian.Version{Body: "迟到的报告"})
		mustKind(t, err, qinglian.ErrConflict)

		ok, broken, err := s.VerifyAudit(ctx)
		must(t, err)
		if !ok {
			t.Errorf("audit chain broken at %d after a clean run", broken)
		}
	})
}

// TestConcurrentReview: two reviewers decide on the same submitted report
// at once; exactly one wins, the other gets ErrConflict, and the loser
// leaves nothing behind.
func TestConcurrentReview(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		second := &qinglian.User{Login: "revA2", Name: "纪检组甲二"}
		must(t, s.CreateUser(ctx, 0, second))
		must(t, s.GrantRole(ctx, 0, &qinglian.Membership{UserID: second.ID, OrgID: w.unitA.ID, Role: qinglian.RoleReviewer}))
		for round := 0; round < 5; round++ {
			rev, err := s.SaveVersion(ctx, w.cadreA.ID, w.partA.ID, &qinglian.Version{Body: fmt.Sprintf("第%d稿", round+1)})
			must(t, err)
			rev, err = s.SubmitReport(ctx, w.cadreA.ID, w.partA.ID, rev)
			must(t, err)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, reviewer := range []int64{w.reviewerA.ID, second.ID} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = s.ReviewReport(ctx, reviewer, w.partA.ID, rev, &qinglian.ReviewDecision{
						Outcome: qinglian.OutcomeReturned, Note: fmt.Sprintf("意见%d", i)})
				}()
			}
			wg.Wait()
			wins := 0
			for _, err := range errs {
				switch {
				case err == nil:
					wins++
				case errors.Is(err, qinglian.ErrConflict):
				default:
					t.Fatalf("round %d: unexpected error %v", round, err)
				}
			}
			if wins != 1 {
				t.Fatalf("round %d: %d reviewers won (errors %v)", round, wins, errs)
			}
		}
		p, _ := s.FindParticipantByID(ctx, w.partA.ID)
		ds, err := s.ListReviewDecisions(ctx, p.ReportID)
		must(t, err)
		if len(ds) != 5 {
			t.Errorf("%d decisions stored, want 5 (one per round)", len(ds))
		}
	})
}

// TestConcurrentSaves: 200 saves at once (50 cadres, 4 saves each) all
// succeed, none meets "database is locked", and every one is stored.
func TestConcurrentSaves(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *Store, c *clock) {
		w := newWorld(t, s)
		const cadres, saves = 50, 4
		parts := make([]*qinglian.Participant, cadres)
		for i := range parts {
			u := &qinglian.User{Login: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("干部%d", i)}
			must(t, s.CreateUser(ctx, 0, u))
			parts[i] = &qinglian.Participant{CampaignID: w.campaign.ID, UserID: u.ID, OrgID: w.unitA.ID}
			must(t, s.AddParticipant(ctx, w.organiser.ID, parts[i]))
		}
		var wg sync.WaitGroup
		errs := make(chan error, cadres*saves)
		for i := range cadres * saves {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := parts[i%cadres]
				_, err := s.SaveVersion(ctx, p.UserID, p.ID, &qinglian.Version{Body: fmt.Sprintf("报告正文 %d", i)})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent save: %v", err)
			}
		}
		total := 0
		for _, p := range parts {
			p, err := s.FindParticipantByID(ctx, p.ID)
			must(t, err)
			vs, err := s.ListVersions(ctx, p.ReportID)
			must(t, err)
			for i, v := range vs {
				if v.Number != i+1 {
					t.Fatalf("participant %d: version numbers %v", p.ID, vs)
				}
			}
			if len(vs) != saves || p.Revision != 1+saves {
				t.Errorf("participant %d: %d versions, revision %d", p.ID, len(vs), p.Revision)
			}
			total += len(vs)
		}
		if total != cadres*saves {
			t.Errorf("%d versions stored, want %d", total, cadres*saves)
		}
		if ok, broken, err := s.VerifyAudit(ctx); err != nil || !ok {
			t.Errorf("audit after concurrent saves: ok=%v broken=%d err=%v", ok, broken, err)
		}
	})
}
