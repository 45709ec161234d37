package qinglian

// This file holds the domain types of the platform (`qinglian serve`): the
// organisation tree, people and their roles, the annual campaign, reports with
// their versions, review and publication, and the audit log. The storage
// layer (package store) implements the contracts written on each type; the
// web layer maps the errors below to HTTP statuses in one place.

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Error kinds. Every error the platform returns on purpose wraps exactly one
// of these, so callers classify errors with errors.Is and never by text.
// Any other error is an internal failure: log it, show the user only
// ErrorMessage's generic text.
var (
	ErrNotFound  = errors.New("not found") // the object does not exist (or the caller may not know it exists)
	ErrConflict  = errors.New("conflict")  // a duplicate, or the object changed since the caller read it
	ErrInvalid   = errors.New("invalid")   // the input breaks a rule; the message says which
	ErrForbidden = errors.New("forbidden") // the actor lacks the role the action needs
)

// UserError is an error meant for a person (the root package's Error is
// a Severity, hence the name): Kind is one of ErrNotFound,
// ErrConflict, ErrInvalid, ErrForbidden; Message is safe to show to the user,
// in Chinese; Cause is what went wrong underneath, for the logs only.
type UserError struct {
	Kind    error
	Message string
	Cause   error
}

// Errorf returns a *UserError of the given kind whose user message is formatted
// from format and args.
func Errorf(kind error, format string, args ...any) *UserError {
	return &UserError{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns a *UserError of the given kind with a user message that
// keeps cause for the logs.
func WrapError(kind error, message string, cause error) *UserError {
	return &UserError{Kind: kind, Message: message, Cause: cause}
}

// Error returns kind, message and cause together: it is the log line, not
// the text for the user (use ErrorMessage).
func (e *UserError) Error() string {
	s := "qinglian: "
	if e.Kind != nil {
		s += e.Kind.Error() + ": "
	}
	s += e.Message
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap lets errors.Is see both the kind and the cause.
func (e *UserError) Unwrap() []error {
	var out []error
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Cause != nil {
		out = append(out, e.Cause)
	}
	return out
}

// ErrorMessage returns the text to show the user for err: the Message of
// the first *UserError in its chain, a generic message for a bare kind, and for
// anything else a message that reveals nothing of the cause.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *UserError
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return "要查找的内容不存在。"
	case errors.Is(err, ErrConflict):
		return "内容已被他人修改或已存在，请刷新后重试。"
	case errors.Is(err, ErrInvalid):
		return "输入的内容不符合要求。"
	case errors.Is(err, ErrForbidden):
		return "您没有执行此操作的权限。"
	}
	return "系统内部错误，请稍后重试；如问题持续，请联系管理员。"
}

// OrgKind tells what an organisation in the tree is.
type OrgKind string

const (
	OrgCommittee  OrgKind = "committee"  // 党委（党组）: the root that runs campaigns
	OrgDepartment OrgKind = "department" // 部门: 组织部、纪委监委等
	OrgUnit       OrgKind = "unit"       // 单位: where reporting cadres serve
)

// Organisation is a node of the organisation tree. ParentID is 0 for a root.
type Organisation struct {
	ID        int64     `json:"id"`
	ParentID  int64     `json:"parent_id,omitempty"`
	Name      string    `json:"name"`
	Kind      OrgKind   `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// OrganisationService is the organisation tree.
type OrganisationService interface {
	// CreateOrganisation stores o, filling ID and CreatedAt. ErrInvalid if the
	// name is empty or the kind unknown; ErrNotFound if ParentID is set and
	// names no organisation; ErrConflict if the parent already has a child of
	// that name.
	CreateOrganisation(ctx context.Context, actor int64, o *Organisation) error
	// FindOrganisationByID returns the organisation, or ErrNotFound.
	FindOrganisationByID(ctx context.Context, id int64) (*Organisation, error)
	// ListChildOrganisations returns the direct children of parentID by name;
	// parentID 0 lists the roots. An unknown parent gives an empty list.
	ListChildOrganisations(ctx context.Context, parentID int64) ([]*Organisation, error)
	// OrganisationAncestors returns the path from the root down to and
	// including id. ErrNotFound if id names no organisation.
	OrganisationAncestors(ctx context.Context, id int64) ([]*Organisation, error)
	// OrganisationSubtree returns id and every organisation below it, parents
	// before children. ErrNotFound if id names no organisation.
	OrganisationSubtree(ctx context.Context, id int64) ([]*Organisation, error)
}

// User is a person who can log in. PasswordHash is produced by the server
// (argon2id or bcrypt); the store only keeps the bytes and never shows them.
type User struct {
	ID           int64     `json:"id"`
	Login        string    `json:"login"`
	Name         string    `json:"name"`  // 姓名
	Title        string    `json:"title"` // 职务, e.g. 党委书记
	PasswordHash []byte    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// UserService keeps accounts.
type UserService interface {
	// CreateUser stores u, filling ID, CreatedAt and UpdatedAt. ErrInvalid if
	// Login or Name is empty; ErrConflict if the login is taken.
	CreateUser(ctx context.Context, actor int64, u *User) error
	// FindUserByID returns the user, or ErrNotFound.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByLogin returns the user with that login, or ErrNotFound.
	FindUserByLogin(ctx context.Context, login string) (*User, error)
	// ListUsers returns every user by login.
	ListUsers(ctx context.Context) ([]*User, error)
	// CountUsers returns how many users exist (0 on first start).
	CountUsers(ctx context.Context) (int, error)
	// SetUserPassword replaces the password hash. ErrNotFound if no such user.
	SetUserPassword(ctx context.Context, actor, userID int64, hash []byte) error
	// SetUserDisabled blocks or unblocks a login and, when blocking, deletes
	// the user's sessions. ErrNotFound if no such user.
	SetUserDisabled(ctx context.Context, actor, userID int64, disabled bool) error
}

// Role is what a user may do within an organisation and everything below it.
type Role string

const (
	RoleAdmin     Role = "admin"     // 管理员: organisation tree, accounts, backups
	RoleOrganiser Role = "organiser" // 组织部门: campaigns, participants, publication
	RoleReviewer  Role = "reviewer"  // 纪检监察机构: review, return, accept
	RoleCadre     Role = "cadre"     // 述责人: writes and submits own report
	RoleMember    Role = "member"    // 党员、干部: reads what is published to them
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleOrganiser, RoleReviewer, RoleCadre, RoleMember}

// Chinese returns the role's name for the Chinese UI.
func (r Role) Chinese() string {
	switch r {
	case RoleAdmin:
		return "管理员"
	case RoleOrganiser:
		return "组织部门"
	case RoleReviewer:
		return "纪检监察审核"
	case RoleCadre:
		return "述责人"
	case RoleMember:
		return "党员干部"
	}
	return string(r)
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Membership says that a user holds a role in an organisation. A role held
// at an organisation applies to its whole subtree.
type Membership struct {
	UserID    int64     `json:"user_id"`
	OrgID     int64     `json:"org_id"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// MembershipService keeps roles.
type MembershipService interface {
	// GrantRole gives m.Role at m.OrgID to m.UserID, filling CreatedAt. It is
	// idempotent: granting a role already held changes nothing. ErrInvalid for
	// an unknown role; ErrNotFound if the user or organisation is missing.
	GrantRole(ctx context.Context, actor int64, m *Membership) error
	// RevokeRole removes the role. ErrNotFound if it was not held.
	RevokeRole(ctx context.Context, actor int64, m Membership) error
	// ListMembershipsByUser returns the user's roles.
	ListMembershipsByUser(ctx context.Context, userID int64) ([]*Membership, error)
	// ListMembershipsByOrganisation returns the roles held exactly at orgID.
	ListMembershipsByOrganisation(ctx context.Context, orgID int64) ([]*Membership, error)
	// HasRole reports whether the user holds any of roles at orgID or at one
	// of its ancestors; RoleAdmin held there always counts. Disabled users
	// hold no roles.
	HasRole(ctx context.Context, userID, orgID int64, roles ...Role) (bool, error)
	// VisibleOrganisations returns the organisations whose unit- and
	// organisation-scoped publications the user may read: every ancestor of
	// an organisation where the user holds any role (a unit's member reads
	// what is published to the unit and to the whole organisation), plus the
	// subtree below every organisation where the user is administrator,
	// organiser or reviewer.
	VisibleOrganisations(ctx context.Context, userID int64) ([]int64, error)
}

// Session is a login. ID is what the server derives from the cookie (store a
// hash of the cookie value, never the value, so a copied database cannot log
// anyone in); CSRF is the token every state-changing form must echo.
type Session struct {
	ID        string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CSRF      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SessionService keeps logins.
type SessionService interface {
	// CreateSession stores s, filling CreatedAt. ErrInvalid if ID is empty or
	// ExpiresAt is not in the future; ErrNotFound if the user is missing;
	// ErrForbidden if the user is disabled; ErrConflict if ID is taken.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the session with its user. ErrNotFound if it is
	// missing, expired, or its user is disabled.
	FindSession(ctx context.Context, id string) (*Session, *User, error)
	// DeleteSession logs out. ErrNotFound if there was no such session.
	DeleteSession(ctx context.Context, id string) error
	// DeleteExpiredSessions removes expired sessions and says how many.
	DeleteExpiredSessions(ctx context.Context) (int64, error)
}

// CampaignState is where an annual campaign stands.
type CampaignState string

const (
	CampaignDraft  CampaignState = "draft"  // being set up; cadres do not see it yet
	CampaignOpen   CampaignState = "open"   // cadres write and submit
	CampaignClosed CampaignState = "closed" // no more submissions
)

// Campaign is one annual 述责述廉 round run by an organisation: who reports
// (participants), for which units, against which required-content template,
// by when. Revision counts changes, for optimistic concurrency.
type Campaign struct {
	ID        int64         `json:"id"`
	OrgID     int64         `json:"org_id"` // the organising committee
	Year      int           `json:"year"`
	Title     string        `json:"title"`
	Template  string        `json:"template"` // id of the review engine's required-content template
	Deadline  time.Time     `json:"deadline"` // zero: none
	State     CampaignState `json:"state"`
	Units     []int64       `json:"units"` // organisations in scope, in the order given
	Revision  int64         `json:"revision"`
	CreatedBy int64         `json:"created_by"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// CampaignFilter selects campaigns; zero fields do not filter.
type CampaignFilter struct {
	OrgID int64
	Year  int
	State CampaignState
}

// ParticipantState is where one cadre stands in a campaign. The progress
// board shows it; only the transitions below exist:
//
//	not_started → draft (first save)
//	draft, returned → submitted (submit)
//	submitted → returned | accepted (review)
//	accepted → published (publish)
type ParticipantState string

const (
	StateNotStarted ParticipantState = "not_started" // 未开始
	StateDraft      ParticipantState = "draft"       // 草稿
	StateSubmitted  ParticipantState = "submitted"   // 已提交
	StateReturned   ParticipantState = "returned"    // 已退回
	StateAccepted   ParticipantState = "accepted"    // 已通过
	StatePublished  ParticipantState = "published"   // 已公开
)

// ParticipantStates lists the states in board order.
var ParticipantStates = []ParticipantState{StateNotStarted, StateDraft, StateSubmitted, StateReturned, StateAccepted, StatePublished}

// Chinese returns the state's name for the Chinese UI.
func (s ParticipantState) Chinese() string {
	switch s {
	case StateNotStarted:
		return "未开始"
	case StateDraft:
		return "草稿"
	case StateSubmitted:
		return "已提交"
	case StateReturned:
		return "已退回"
	case StateAccepted:
		return "已通过"
	case StatePublished:
		return "已公开"
	}
	return string(s)
}

// Participant is a cadre who must report in a campaign, for one unit.
// Revision grows with every change (save, submit, review, publish): an
// action names the revision it was decided on, and the store refuses it with
// ErrConflict if the participant moved on meanwhile, so two reviewers acting
// at once cannot both win.
type Participant struct {
	ID         int64            `json:"id"`
	CampaignID int64            `json:"campaign_id"`
	UserID     int64            `json:"user_id"`
	OrgID      int64            `json:"org_id"` // the unit reported for
	State      ParticipantState `json:"state"`
	Revision   int64            `json:"revision"`
	ReportID   int64            `json:"report_id,omitempty"` // 0 until the first save
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`

	// Filled on reads for the progress board; ignored on writes.
	UserName string `json:"user_name,omitempty"`
	OrgName  string `json:"org_name,omitempty"`
}

// ParticipantFilter selects participants of one campaign; zero fields other
// than CampaignID do not filter. OrgID matches the unit and its subtree.
type ParticipantFilter struct {
	CampaignID int64
	OrgID      int64
	State      ParticipantState
	UserID     int64
}

// CampaignService runs annual campaigns.
type CampaignService interface {
	// CreateCampaign stores c (State defaults to draft), filling ID,
	// Revision, CreatedBy and times. ErrInvalid for a bad year, empty title or
	// unknown state; ErrNotFound if the organisation or a unit is missing;
	// ErrForbidden unless actor is organiser or administrator at c.OrgID;
	// ErrConflict if the organisation already has a campaign that year.
	CreateCampaign(ctx context.Context, actor int64, c *Campaign) error
	// FindCampaignByID returns the campaign with its units, or ErrNotFound.
	FindCampaignByID(ctx context.Context, id int64) (*Campaign, error)
	// ListCampaigns returns matching campaigns, newest year first.
	ListCampaigns(ctx context.Context, f CampaignFilter) ([]*Campaign, error)
	// UpdateCampaign saves title, template, deadline, state and units of c,
	// provided c.Revision is still current; on success c.Revision and
	// UpdatedAt are the new values. ErrNotFound, ErrForbidden as for create,
	// ErrConflict if the campaign changed since c was read.
	UpdateCampaign(ctx context.Context, actor int64, c *Campaign) error
	// AddParticipant enrols p.UserID for unit p.OrgID, filling ID, State
	// (not_started), Revision and times. ErrNotFound if campaign, user or
	// unit is missing; ErrForbidden unless actor is organiser or administrator
	// at the campaign's organisation; ErrConflict if already enrolled.
	AddParticipant(ctx context.Context, actor int64, p *Participant) error
	// FindParticipantByID returns the participant, or ErrNotFound.
	FindParticipantByID(ctx context.Context, id int64) (*Participant, error)
	// ListParticipants returns matching participants by unit, then name.
	ListParticipants(ctx context.Context, f ParticipantFilter) ([]*Participant, error)
	// ListParticipationsByUser returns every campaign participation of a
	// user, newest campaign first.
	ListParticipationsByUser(ctx context.Context, userID int64) ([]*Participant, error)
}

// Report is a participant's report in a campaign: the chain of its versions.
// It exists from the first save; Latest is the newest version's number.
type Report struct {
	ID            int64     `json:"id"`
	ParticipantID int64     `json:"participant_id"`
	CampaignID    int64     `json:"campaign_id"`
	UserID        int64     `json:"user_id"`
	OrgID         int64     `json:"org_id"`
	Year          int       `json:"year"`
	Latest        int       `json:"latest"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Version is one save of a report. Body is the text the review engine reads
// (paragraphs joined by "\n"); Content is the uploaded file as received, nil
// when written in the browser. Versions are never changed or deleted.
type Version struct {
	ID        int64     `json:"id"`
	ReportID  int64     `json:"report_id"`
	Number    int       `json:"number"` // 1, 2, 3… within the report
	AuthorID  int64     `json:"author_id"`
	Body      string    `json:"body"`
	FileName  string    `json:"file_name,omitempty"`
	Format    string    `json:"format"` // "text", "markdown", "docx", "web"
	Content   []byte    `json:"-"`
	Note      string    `json:"note,omitempty"` // the writer's note on what changed
	CreatedAt time.Time `json:"created_at"`
}

// ReviewOutcome is a reviewer's decision.
type ReviewOutcome string

const (
	OutcomeReturned ReviewOutcome = "returned" // 退回修改
	OutcomeAccepted ReviewOutcome = "accepted" // 审核通过
)

// Chinese returns the outcome's name for the Chinese UI.
func (o ReviewOutcome) Chinese() string {
	switch o {
	case OutcomeReturned:
		return "退回修改"
	case OutcomeAccepted:
		return "审核通过"
	}
	return string(o)
}

// ReviewDecision is a reviewer's verdict on one version, with the comments
// made with it.
type ReviewDecision struct {
	ID         int64         `json:"id"`
	ReportID   int64         `json:"report_id"`
	Version    int           `json:"version"` // the number of the version judged
	ReviewerID int64         `json:"reviewer_id"`
	Outcome    ReviewOutcome `json:"outcome"`
	Note       string        `json:"note,omitempty"`
	Comments   []*Comment    `json:"comments,omitempty"`
	CreatedAt  time.Time     `json:"created_at"`
}

// Comment is a remark anchored to a paragraph of one version. Quote keeps
// the paragraph's text as it was, so the remark stays readable after the
// writer changes the text.
type Comment struct {
	ID         int64     `json:"id"`
	ReportID   int64     `json:"report_id"`
	Version    int       `json:"version"`
	Paragraph  int       `json:"paragraph"` // 1-based, as in Finding.Paragraph; 0 for the report as a whole
	Quote      string    `json:"quote,omitempty"`
	AuthorID   int64     `json:"author_id"`
	DecisionID int64     `json:"decision_id,omitempty"` // the decision it came with, 0 if none
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Scope is how far a publication reaches.
type Scope string

const (
	ScopeUnit         Scope = "unit"         // 本单位: members of the cadre's unit
	ScopeOrganisation Scope = "organisation" // 本系统: members of the organising committee's tree
	ScopePublic       Scope = "public"       // 社会公开: anyone, without login
)

// Chinese returns the scope's name for the Chinese UI.
func (s Scope) Chinese() string {
	switch s {
	case ScopeUnit:
		return "本单位内公开"
	case ScopeOrganisation:
		return "本系统内公开"
	case ScopePublic:
		return "向社会公开"
	}
	return string(s)
}

// Publication is the release of one accepted version within a scope. OrgID
// is the organisation the scope refers to: the cadre's unit for ScopeUnit,
// the campaign's organisation otherwise. Filled on reads for lists: the
// cadre's name and title, the unit's name, the campaign year.
type Publication struct {
	ID          int64     `json:"id"`
	ReportID    int64     `json:"report_id"`
	Version     int       `json:"version"`
	Scope       Scope     `json:"scope"`
	OrgID       int64     `json:"org_id"`
	PublishedBy int64     `json:"published_by"`
	PublishedAt time.Time `json:"published_at"`

	UserID    int64  `json:"user_id,omitempty"`
	UserName  string `json:"user_name,omitempty"`
	UserTitle string `json:"user_title,omitempty"`
	UnitID    int64  `json:"unit_id,omitempty"`
	UnitName  string `json:"unit_name,omitempty"`
	Year      int    `json:"year,omitempty"`
}

// PublicationFilter selects publications. Visible lists the organisations
// whose unit- and organisation-scoped publications the reader may see (from
// VisibleOrganisations); public ones are always included. Name matches part
// of the cadre's or the unit's name. Zero fields do not filter.
type PublicationFilter struct {
	Visible []int64
	UnitID  int64
	Year    int
	Name    string
	Limit   int // 0: 100
	Offset  int
}

// ReportService is the report lifecycle. Every method that changes state
// takes the participant's Revision as read by the actor.
type ReportService interface {
	// SaveVersion appends v to the participant's report (creating the report
	// on the first save), filling ID, ReportID, Number, AuthorID and Created;
	// it moves not_started to draft and returns the new revision. Saves do
	// not check the revision: every save is kept. ErrNotFound if the
	// participant is missing; ErrForbidden unless actor is the participant;
	// ErrConflict once the report is submitted, accepted or published or the
	// campaign is not open; ErrInvalid for an empty body.
	SaveVersion(ctx context.Context, actor, participantID int64, v *Version) (revision int64, err error)
	// FindReportByID returns the report, or ErrNotFound.
	FindReportByID(ctx context.Context, id int64) (*Report, error)
	// FindVersion returns version number of the report with Body and
	// Content, or ErrNotFound.
	FindVersion(ctx context.Context, reportID int64, number int) (*Version, error)
	// ListVersions returns the report's versions, oldest first, without
	// Body and Content.
	ListVersions(ctx context.Context, reportID int64) ([]*Version, error)
	// SubmitReport moves draft or returned to submitted. ErrNotFound,
	// ErrForbidden unless actor is the participant, ErrConflict on a stale
	// revision, a state that cannot be submitted, a campaign not open, or no
	// saved version yet.
	SubmitReport(ctx context.Context, actor, participantID, revision int64) (int64, error)
	// ReviewReport records d on the latest version (with its comments) and
	// moves submitted to returned or accepted, filling d's IDs, ReportID,
	// Version, ReviewerID and times. ErrInvalid for an unknown outcome or a
	// return without note or comment; ErrForbidden unless actor is reviewer,
	// organiser or administrator at the participant's unit; ErrConflict on a
	// stale revision or a state other than submitted.
	ReviewReport(ctx context.Context, actor, participantID, revision int64, d *ReviewDecision) (int64, error)
	// AddComment stores c on an existing version, filling ID, AuthorID and
	// CreatedAt. ErrNotFound for a missing report or version; ErrForbidden
	// unless actor is the report's author or a reviewer, organiser or
	// administrator at its unit; ErrInvalid for an empty body.
	AddComment(ctx context.Context, actor int64, c *Comment) error
	// ListComments returns the report's comments, oldest first.
	ListComments(ctx context.Context, reportID int64) ([]*Comment, error)
	// ListReviewDecisions returns the report's decisions with their
	// comments, oldest first.
	ListReviewDecisions(ctx context.Context, reportID int64) ([]*ReviewDecision, error)
	// PublishReport publishes the latest (accepted) version within p.Scope
	// and moves accepted to published, filling p. ErrInvalid for an unknown
	// scope; ErrForbidden unless actor is organiser or administrator at the
	// campaign's organisation; ErrConflict on a stale revision or a state
	// other than accepted.
	PublishReport(ctx context.Context, actor, participantID, revision int64, p *Publication) (int64, error)
	// FindPublicationByID returns the publication with its list fields, or
	// ErrNotFound. The caller checks the reader may see its scope.
	FindPublicationByID(ctx context.Context, id int64) (*Publication, error)
	// ListPublications returns matching publications, newest first.
	ListPublications(ctx context.Context, f PublicationFilter) ([]*Publication, error)
	// Archive returns a person's integrity archive (廉政档案): every version,
	// decision, comment and publication of their reports, across years,
	// oldest first.
	Archive(ctx context.Context, userID int64) ([]*ArchiveEvent, error)
}

// ArchiveEvent is one line of a person's integrity archive.
type ArchiveEvent struct {
	At         time.Time `json:"at"`
	Kind       string    `json:"kind"` // "version", "decision", "comment", "publication", "appraisal"
	Year       int       `json:"year"`
	CampaignID int64     `json:"campaign_id"`
	ReportID   int64     `json:"report_id"`
	Version    int       `json:"version"`
	ActorID    int64     `json:"actor_id"`
	Summary    string    `json:"summary"` // outcome, scope, or the first words of a comment
}

// AuditEntry is one link of the append-only audit chain. BeforeDigest and
// AfterDigest are SHA-256 (hex) of the object's JSON before and after the
// change, empty when there was none; Hash is SHA-256 over a canonical
// encoding of every other field including PrevHash, so editing, deleting or
// reordering an entry breaks the chain from that entry on.
type AuditEntry struct {
	Seq          int64     `json:"seq"`
	At           time.Time `json:"at"`
	ActorID      int64     `json:"actor_id"` // 0: the system
	Action       string    `json:"action"`   // e.g. "report.submit"
	ObjectType   string    `json:"object_type"`
	ObjectID     int64     `json:"object_id"`
	BeforeDigest string    `json:"before_digest,omitempty"`
	AfterDigest  string    `json:"after_digest,omitempty"`
	Detail       string    `json:"detail,omitempty"`
	PrevHash     string    `json:"prev_hash"`
	Hash         string    `json:"hash"`
}

// AuditService reads and checks the audit chain. Entries are written by the
// store itself, in the same transaction as the change they record.
type AuditService interface {
	// ListAudit returns up to limit entries with Seq > after, in order.
	ListAudit(ctx context.Context, after int64, limit int) ([]*AuditEntry, error)
	// VerifyAudit recomputes the chain. ok is false if an entry was edited,
	// deleted, inserted or reordered; firstBroken is then the Seq of the
	// first entry that does not check out (for a missing last entry, its Seq).
	VerifyAudit(ctx context.Context) (ok bool, firstBroken int64, err error)
}
