// Package demo is the content of `qinglian serve --demo`: a fictional
// Party committee with its departments and units, a login for every role,
// an open 2025 campaign and five example reports written by the project,
// taken through the store to every state the progress board shows. A new
// user sees the real thing at once: findings on a report with defects, a
// returned report with the reviewer's comments, a published one with two
// versions to compare.
//
// Everything is created through the store's public methods, so the audit
// chain records the demo like any other change.
package demo

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"strings"
	"time"

	"qinglian"
	"qinglian/input"
	"qinglian/store"
)

//go:embed reports/*.txt reports/README.md
var files embed.FS

// The embedded example reports, by file name; see reports/README.md.
const (
	CleanReport        = "01-clean.txt"         // concrete, no findings
	EmptyPhrasesReport = "02-empty-phrases.txt" // stock phrases, no facts
	DefectReport       = "03-defects.txt"       // the defect kinds of the seed
	MissingAreaReport  = "04-missing-area.txt"  // one required area left out
	ReusedReport       = "05-reused.txt"        // passages lifted from CleanReport
)

// ReportFiles returns the example reports (and their README) as a file
// system, for tests and tools that want the texts without a store.
func ReportFiles() fs.FS {
	sub, err := fs.Sub(files, "reports")
	if err != nil {
		panic(err) // the directory is embedded; it cannot be missing
	}
	return sub
}

// RootName is the name of the demo's committee; Loaded looks for it.
const RootName = "某市委（演示）"

// CampaignYear is the year of the demo's campaign; the reports are written
// for it.
const CampaignYear = 2025

// Login is one demo account, with its password in clear for printing once
// at start.
type Login struct {
	Login    string
	Password string
	Name     string
	Title    string
	Role     qinglian.Role
	Org      string // where the role is held
}

// Logins is what Load created: the accounts to print and the ids a caller
// may want to link to.
type Logins struct {
	Users      []Login
	RootID     int64
	CampaignID int64
}

// String lists the accounts as a table for the console.
func (l *Logins) String() string {
	var b strings.Builder
	b.WriteString("演示账号（仅用于演示，请勿在生产环境使用）demo logins:\n")
	for _, u := range l.Users {
		fmt.Fprintf(&b, "  %-12s %-14s %s（%s，%s）\n", u.Login, u.Password, u.Name, u.Role.Chinese(), u.Org)
	}
	return b.String()
}

// Loaded reports whether the demo is already in the store: its committee
// exists as a root organisation.
func Loaded(ctx context.Context, s *store.Store) (bool, error) {
	roots, err := s.ListChildOrganisations(ctx, 0)
	if err != nil {
		return false, err
	}
	for _, o := range roots {
		if o.Name == RootName {
			return true, nil
		}
	}
	return false, nil
}

// person is a demo account to create.
type person struct {
	login, name, title string
	role               qinglian.Role
	org                string // key in the organisation map
}

var people = []person{
	{"admin1", "示例管理员", "市委信息中心工程师", qinglian.RoleAdmin, RootName},
	{"organiser1", "示例组织干部", "市委组织部干部监督科科长", qinglian.RoleOrganiser, RootName},
	{"reviewer1", "示例审核员一", "市纪委监委党风政风监督室主任", qinglian.RoleReviewer, RootName},
	{"reviewer2", "示例审核员二", "市纪委监委派驻市水利局纪检监察组组长", qinglian.RoleReviewer, "市水利局"},
	{"cadre1", "示例干部一", "党组书记、局长", qinglian.RoleCadre, "市水利局"},
	{"cadre2", "示例干部二", "党组书记、局长", qinglian.RoleCadre, "市教育局"},
	{"cadre3", "示例干部三", "党组书记、主任", qinglian.RoleCadre, "市卫生健康委"},
	{"cadre4", "示例干部四", "党组成员、副局长", qinglian.RoleCadre, "市水利局"},
	{"cadre5", "示例干部五", "党组成员、副局长", qinglian.RoleCadre, "市教育局"},
	{"cadre6", "示例干部六", "党组成员、副主任", qinglian.RoleCadre, "市卫生健康委"},
	{"member1", "示例党员一", "办公室科员", qinglian.RoleMember, "市水利局"},
}

// tree is the organisation tree below the committee: departments of the
// committee, then units with their offices.
var tree = []struct {
	name     string
	kind     qinglian.OrgKind
	children []string
}{
	{"市纪委监委", qinglian.OrgDepartment, nil},
	{"市委组织部", qinglian.OrgDepartment, nil},
	{"市水利局", qinglian.OrgUnit, []string{"办公室", "工程建设管理科", "农村水利科"}},
	{"市教育局", qinglian.OrgUnit, []string{"办公室", "基础教育科", "后勤基建科"}},
	{"市卫生健康委", qinglian.OrgUnit, []string{"办公室", "医政医管科", "综合监督科"}},
}

// loader carries what Load has created so far.
type loader struct {
	ctx   context.Context
	s     *store.Store
	orgs  map[string]*qinglian.Organisation
	users map[string]*qinglian.User // by login
}

// Load creates the demo in s: the organisation tree, the accounts (their
// passwords generated and hashed with hash), the 2025 campaign, open until
// 30 days after now, and the five reports in their states. It refuses with
// an ErrConflict error if the demo is already there (see Loaded) or one of
// its logins is taken. The store's calls are not one transaction: a Load
// that fails half-way leaves what it made, and a second Load refuses.
func Load(ctx context.Context, s *store.Store, now time.Time, hash func(password string) ([]byte, error)) (*Logins, error) {
	if ok, err := Loaded(ctx, s); err != nil {
		return nil, err
	} else if ok {
		return nil, qinglian.Errorf(qinglian.ErrConflict, "演示数据已经加载（已有组织“%s”）。", RootName)
	}
	for _, p := range people {
		_, err := s.FindUserByLogin(ctx, p.login)
		if err == nil {
			return nil, qinglian.Errorf(qinglian.ErrConflict, "无法加载演示数据：登录名“%s”已被使用。", p.login)
		}
		if !errors.Is(err, qinglian.ErrNotFound) {
			return nil, err
		}
	}
	l := &loader{ctx: ctx, s: s, orgs: map[string]*qinglian.Organisation{}, users: map[string]*qinglian.User{}}
	out := &Logins{}
	if err := l.organisations(); err != nil {
		return nil, fmt.Errorf("demo organisations: %w", err)
	}
	out.RootID = l.orgs[RootName].ID
	for _, p := range people {
		login, err := l.account(p, hash)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", p.login, err)
		}
		out.Users = append(out.Users, login)
	}
	c, err := l.campaign(now)
	if err != nil {
		return nil, fmt.Errorf("demo campaign: %w", err)
	}
	out.CampaignID = c.ID
	if err := l.reports(c); err != nil {
		return nil, fmt.Errorf("demo reports: %w", err)
	}
	return out, nil
}

// The system (actor 0) builds the tree and the accounts, as an
// administrator would; everything after is done by the person whose role
// it is, so the audit chain and the archive read as real ones.
const system = 0

func (l *loader) organisations() error {
	root := &qinglian.Organisation{Name: RootName, Kind: qinglian.OrgCommittee}
	if err := l.s.CreateOrganisation(l.ctx, system, root); err != nil {
		return err
	}
	l.orgs[RootName] = root
	for _, n := range tree {
		o := &qinglian.Organisation{ParentID: root.ID, Name: n.name, Kind: n.kind}
		if err := l.s.CreateOrganisation(l.ctx, system, o); err != nil {
			return err
		}
		l.orgs[n.name] = o
		for _, c := range n.children {
			sub := &qinglian.Organisation{ParentID: o.ID, Name: c, Kind: qinglian.OrgDepartment}
			if err := l.s.CreateOrganisation(l.ctx, system, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) account(p person, hash func(string) ([]byte, error)) (Login, error) {
	password, err := newPassword()
	if err != nil {
		return Login{}, err
	}
	h, err := hash(password)
	if err != nil {
		return Login{}, err
	}
	u := &qinglian.User{Login: p.login, Name: p.name, Title: p.title, PasswordHash: h}
	if err := l.s.CreateUser(l.ctx, system, u); err != nil {
		return Login{}, err
	}
	org := l.orgs[p.org]
	if err := l.s.GrantRole(l.ctx, system, &qinglian.Membership{UserID: u.ID, OrgID: org.ID, Role: p.role}); err != nil {
		return Login{}, err
	}
	l.users[p.login] = u
	return Login{Login: p.login, Password: password, Name: p.name, Title: p.title, Role: p.role, Org: org.Name}, nil
}

// passwordAlphabet leaves out characters that look alike (0/O, 1/l/I).
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newPassword returns 12 random characters: about 69 bits.
func newPassword() (string, error) {
	b := make([]byte, 12)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(passwordAlphabet))))
		if err != nil {
			return "", err
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b), nil
}

func (l *loader) campaign(now time.Time) (*qinglian.Campaign, error) {
	due := now.AddDate(0, 0, 30)
	c := &qinglian.Campaign{
		OrgID:    l.orgs[RootName].ID,
		Year:     CampaignYear,
		Title:    fmt.Sprintf("%d年度领导干部述责述廉", CampaignYear),
		Template: "default",
		Deadline: time.Date(due.Year(), due.Month(), due.Day(), 18, 0, 0, 0, due.Location()),
		State:    qinglian.CampaignOpen,
		Units:    []int64{l.orgs["市水利局"].ID, l.orgs["市教育局"].ID, l.orgs["市卫生健康委"].ID},
	}
	if err := l.s.CreateCampaign(l.ctx, l.users["organiser1"].ID, c); err != nil {
		return nil, err
	}
	return c, nil
}

// participant enrols a cadre for the unit of their role.
func (l *loader) participant(c *qinglian.Campaign, login string) (*qinglian.Participant, error) {
	var unit string
	for _, p := range people {
		if p.login == login {
			unit = p.org
		}
	}
	p := &qinglian.Participant{CampaignID: c.ID, UserID: l.users[login].ID, OrgID: l.orgs[unit].ID}
	return p, l.s.AddParticipant(l.ctx, l.users["organiser1"].ID, p)
}

// report reads an embedded report as the server reads an upload.
func report(name string) (body string, data []byte, err error) {
	data, err = files.ReadFile("reports/" + name)
	if err != nil {
		return "", nil, err
	}
	doc, err := input.Read(name, data)
	if err != nil {
		return "", nil, err
	}
	return doc.Text(), data, nil
}

// fileName is the name a cadre's upload carries.
func fileName(name string) string { return name + "-述责述廉报告.txt" }

// firstDraft is the clean report as first submitted: the same text before
// the reviewer asked for the rectification figures, so the published
// report has two versions to compare.
var firstDraft = []struct{ final, draft string }{
	{"11项任务已完成10项。", "各项任务正在有序推进。"},
	{"目前已整改完成10个，剩余1个涉及历史遗留工程结算，正在按计划推进。", "目前正在抓紧整改。"},
	{"春节期间一家施工企业负责人托人送来购物卡2张，当即退回并向派驻纪检监察组作了报告。", ""},
}

// paragraphStarting returns the 1-based number of the first paragraph of
// body that starts with prefix, and its text.
func paragraphStarting(body, prefix string) (int, string, error) {
	for i, p := range strings.Split(body, "\n") {
		if strings.HasPrefix(p, prefix) {
			return i + 1, p, nil
		}
	}
	return 0, "", fmt.Errorf("no paragraph starts with %q", prefix)
}

// reports takes each participant to its state:
//
//	cadre1 clean report      saved, returned for figures, fixed, accepted, published (public)
//	cadre2 stock phrases     submitted, returned with comments
//	cadre3 seed's defects    submitted, waiting for review
//	cadre4 missing area      draft
//	cadre5 reused passages   submitted, accepted
//	cadre6                   not started
func (l *loader) reports(c *qinglian.Campaign) error {
	ps := map[string]*qinglian.Participant{}
	for _, login := range []string{"cadre1", "cadre2", "cadre3", "cadre4", "cadre5", "cadre6"} {
		p, err := l.participant(c, login)
		if err != nil {
			return fmt.Errorf("enrol %s: %w", login, err)
		}
		ps[login] = p
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{CleanReport, func() error { return l.published(ps["cadre1"]) }},
		{EmptyPhrasesReport, func() error { return l.returned(ps["cadre2"]) }},
		{DefectReport, func() error {
			_, err := l.submit(ps["cadre3"], DefectReport, "", true)
			return err
		}},
		{MissingAreaReport, func() error {
			_, err := l.save(ps["cadre4"], MissingAreaReport, "", false)
			return err
		}},
		{ReusedReport, func() error {
			rev, err := l.submit(ps["cadre5"], ReusedReport, "", true)
			if err != nil {
				return err
			}
			_, err = l.s.ReviewReport(l.ctx, l.users["reviewer1"].ID, ps["cadre5"].ID, rev,
				&qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted, Note: "同意。"})
			return err
		}},
	}
	for _, st := range steps {
		if err := st.fn(); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

// save stores an embedded report (or body, if not empty) as the next
// version; upload says whether it came as a file or was typed in the
// browser.
func (l *loader) save(p *qinglian.Participant, name, body string, upload bool) (int64, error) {
	text, data, err := report(name)
	if err != nil {
		return 0, err
	}
	v := &qinglian.Version{Body: text, Format: "web"}
	if body != "" {
		v.Body = body
	}
	if upload && body == "" {
		v.Format, v.FileName, v.Content = "text", fileName(p.UserName), data
	}
	return l.s.SaveVersion(l.ctx, p.UserID, p.ID, v)
}

func (l *loader) submit(p *qinglian.Participant, name, body string, upload bool) (int64, error) {
	rev, err := l.save(p, name, body, upload)
	if err != nil {
		return 0, err
	}
	return l.s.SubmitReport(l.ctx, p.UserID, p.ID, rev)
}

// published: a first draft returned by the unit's own reviewer for the
// rectification figures, the final text accepted and published publicly.
func (l *loader) published(p *qinglian.Participant) error {
	final, _, err := report(CleanReport)
	if err != nil {
		return err
	}
	draft := final
	for _, r := range firstDraft {
		if !strings.Contains(draft, r.final) {
			return fmt.Errorf("first draft: %q is not in the report", r.final)
		}
		draft = strings.Replace(draft, r.final, r.draft, 1)
	}
	rev, err := l.submit(p, CleanReport, draft, false)
	if err != nil {
		return err
	}
	n, quote, err := paragraphStarting(draft, "三是支持派驻纪检监察组")
	if err != nil {
		return err
	}
	reviewer := l.users["reviewer2"].ID
	// A save takes no revision, so the one the return gives is not needed.
	_, err = l.s.ReviewReport(l.ctx, reviewer, p.ID, rev, &qinglian.ReviewDecision{
		Outcome: qinglian.OutcomeReturned,
		Note:    "报告整体具体扎实，请补充巡察反馈问题的整改进度后再提交。",
		Comments: []*qinglian.Comment{{Paragraph: n, Quote: quote,
			Body: "“正在抓紧整改”不够具体，请写明已整改完成几个、未完成的原因和计划。"}},
	})
	if err != nil {
		return err
	}
	v := &qinglian.Version{Body: final, Format: "web", Note: "按审核意见补充巡察整改进度和防洪排涝任务完成情况"}
	if rev, err = l.s.SaveVersion(l.ctx, p.UserID, p.ID, v); err != nil {
		return err
	}
	if rev, err = l.s.SubmitReport(l.ctx, p.UserID, p.ID, rev); err != nil {
		return err
	}
	if rev, err = l.s.ReviewReport(l.ctx, reviewer, p.ID, rev,
		&qinglian.ReviewDecision{Outcome: qinglian.OutcomeAccepted, Note: "已按意见修改，同意。"}); err != nil {
		return err
	}
	_, err = l.s.PublishReport(l.ctx, l.users["organiser1"].ID, p.ID, rev, &qinglian.Publication{Scope: qinglian.ScopePublic})
	return err
}

// returned: the stock-phrase report sent back with a note and comments
// anchored to two of its paragraphs.
func (l *loader) returned(p *qinglian.Participant) error {
	rev, err := l.submit(p, EmptyPhrasesReport, "", true)
	if err != nil {
		return err
	}
	body, _, err := report(EmptyPhrasesReport)
	if err != nil {
		return err
	}
	var comments []*qinglian.Comment
	for _, c := range []struct{ prefix, body string }{
		{"始终把政治建设摆在首位", "本段全是原则性表述，请写明全年学习、请示报告、集体决策的具体次数和事例。"},
		{"回顾一年来的工作", "不足要具体到事、到数，不能只写“有待进一步加强”。"},
	} {
		n, quote, err := paragraphStarting(body, c.prefix)
		if err != nil {
			return err
		}
		comments = append(comments, &qinglian.Comment{Paragraph: n, Quote: quote, Body: c.body})
	}
	_, err = l.s.ReviewReport(l.ctx, l.users["reviewer1"].ID, p.ID, rev, &qinglian.ReviewDecision{
		Outcome:  qinglian.OutcomeReturned,
		Note:     "报告通篇缺少具体事实和数据，四个方面都需要用本年度的实际工作来说明，请修改后重新提交。",
		Comments: comments,
	})
	return err
}
