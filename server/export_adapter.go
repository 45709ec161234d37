package server

// ADAPTER — temporary. Package qinglian/export is being written alongside
// this server; until it has WriteProgressXLSX this file stands in for it.
// Replace the body of writeProgressXLSX with a call to
// export.WriteProgressXLSX and delete this comment when it lands.

import (
	"io"
	"net/http"
	"time"

	"qinglian"
)

func writeProgressXLSX(w io.Writer, c *qinglian.Campaign, org *qinglian.Organisation, ps []*qinglian.Participant, now time.Time) error {
	return &httpError{status: http.StatusServiceUnavailable,
		err: qinglian.Errorf(qinglian.ErrInvalid, "进度表导出功能尚未就绪。")}
}
