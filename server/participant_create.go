package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"qinglian"
)

// participantCreate enrols cadres in a campaign: one chosen person for one
// unit, or (all=1) every holder of the 述责人 role at the units in scope
// not yet enrolled.
func (s *Server) participantCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.loadCampaign(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.requireOrganiser(r, c); err != nil {
		s.fail(w, r, err)
		return
	}
	actor := viewerOf(r).user.ID
	to := "/campaigns/" + strconv.FormatInt(c.ID, 10)
	if r.PostFormValue("all") == "1" {
		added := 0
		for _, unit := range c.Units {
			ms, err := s.store.ListMembershipsByOrganisation(ctx, unit)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			for _, m := range ms {
				if m.Role != qinglian.RoleCadre {
					continue
				}
				err := s.store.AddParticipant(ctx, actor, &qinglian.Participant{CampaignID: c.ID, UserID: m.UserID, OrgID: unit})
				switch {
				case err == nil:
					added++
				case errors.Is(err, qinglian.ErrConflict): // already enrolled
				default:
					s.fail(w, r, err)
					return
				}
			}
		}
		s.redirectWith(w, r, to, fmt.Sprintf("已按单位名单添加 %d 名述责人。", added))
		return
	}
	user, _ := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	unit, _ := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	if user <= 0 || unit <= 0 {
		s.renderBoard(w, r, http.StatusUnprocessableEntity, c, 0, "请选择述责人和所在单位。")
		return
	}
	p := &qinglian.Participant{CampaignID: c.ID, UserID: user, OrgID: unit}
	if err := s.store.AddParticipant(ctx, actor, p); err != nil {
		if formError(err) {
			s.renderBoard(w, r, statusOf(err), c, 0, qinglian.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectWith(w, r, to, "已添加述责人："+p.UserName+"。")
}
