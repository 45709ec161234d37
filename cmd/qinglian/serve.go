package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	qdemo "qinglian/demo"
	"qinglian/server"
	"qinglian/store"
)

const serveHelp = `用法 usage: qinglian serve [选项 options]

启动述责述廉平台网站。首次启动时创建管理员账号并打印一次性密码（首次登录须修改）；
--demo 载入演示组织、各角色账号、进行中的活动和示例报告（只载入一次），并打印登录名与密码。
Starts the web platform. The first start creates the administrator and prints a one-time password;
--demo loads a demonstration organisation (once) and prints its logins.

每个选项也可用环境变量设置（选项优先）Each option can also be set by environment variable (flags win):
  QINGLIAN_ADDR  QINGLIAN_DATA  QINGLIAN_DB  QINGLIAN_DEMO=1  QINGLIAN_SECURE_COOKIES=1

选项 options:
`

// storeFlags are the flags every command that opens the database shares:
// --data DIR (the SQLite file lives there) or --db URL.
type storeFlags struct {
	data, db *string
}

func addStoreFlags(fs interface {
	String(name, value, usage string) *string
}) storeFlags {
	return storeFlags{
		data: fs.String("data", envOr("QINGLIAN_DATA", "qinglian-data"), "数据目录（SQLite 数据库文件）data directory (the SQLite file) [QINGLIAN_DATA]"),
		db:   fs.String("db", os.Getenv("QINGLIAN_DB"), "数据库地址，如 postgres://user@host/db；不填则用数据目录中的 SQLite database URL, e.g. postgres://… (default: SQLite in --data) [QINGLIAN_DB]"),
	}
}

// url is the database to open: --db if given, else the SQLite file in --data.
func (f storeFlags) url() string {
	if *f.db != "" {
		return *f.db
	}
	return "sqlite:" + filepath.Join(*f.data, "qinglian.db")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", serveHelp, stderr)
	addr := fs.String("addr", envOr("QINGLIAN_ADDR", "127.0.0.1:8080"), "监听地址 listen address [QINGLIAN_ADDR]")
	sf := addStoreFlags(fs)
	demo := fs.Bool("demo", envBool("QINGLIAN_DEMO"), "载入演示数据（只载入一次）load the demonstration data (once) [QINGLIAN_DEMO]")
	secure := fs.Bool("secure-cookies", envBool("QINGLIAN_SECURE_COOKIES"), "Cookie 一律加 Secure（在 TLS 反向代理之后时使用）mark cookies Secure behind a TLS proxy [QINGLIAN_SECURE_COOKIES]")
	orgName := fs.String("org", envOr("QINGLIAN_ORG", "本级党委"), "首次启动时根组织的名称 name of the root organisation created at first start [QINGLIAN_ORG]")
	logJSON := fs.Bool("log-json", envBool("QINGLIAN_LOG_JSON"), "日志输出为 JSON structured logs as JSON [QINGLIAN_LOG_JSON]")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usageError("serve: 多余的参数 unexpected argument %q", fs.Arg(0))
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if *logJSON {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(handler)

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := store.Open(ctx, sf.url())
	if err != nil {
		return fmt.Errorf("serve: 无法打开数据库 cannot open database: %w", err)
	}
	defer st.Close()
	log.Info("database open", "dialect", st.Dialect())

	if err := prepareDatabase(ctx, st, *demo, *orgName, stdout); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// The copied-passage index is kept beside the database so a restart
	// reads it instead of rebuilding it from every report; with --db it is
	// a local cache in --data.
	if err := os.MkdirAll(*sf.data, 0o755); err != nil {
		return fmt.Errorf("serve: 无法创建数据目录 cannot create data directory: %w", err)
	}
	srv, err := server.New(server.Config{Store: st, Logger: log, SecureCookies: *secure,
		CopyIndexFile: filepath.Join(*sf.data, "copies.idx")})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: 无法监听 cannot listen on %s: %w", *addr, err)
	}
	fmt.Fprintf(stdout, "qinglian 已启动 listening on http://%s\n", ln.Addr())
	log.Info("listening", "addr", ln.Addr().String(), "version", Version)
	if err := srv.Serve(ctx, ln); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// prepareDatabase loads the demonstration data with --demo (once), and
// otherwise fills an empty database with the root organisation and the
// administrator. It prints the passwords once; they are stored nowhere in
// clear.
func prepareDatabase(ctx context.Context, st *store.Store, demo bool, orgName string, stdout io.Writer) error {
	if demo {
		loaded, err := qdemo.Loaded(ctx, st)
		if err != nil {
			return err
		}
		if loaded {
			fmt.Fprintln(stdout, "演示数据已在数据库中，未重复载入（密码只在首次载入时显示）。 The demo is already loaded; its passwords were shown when it was.")
			return nil
		}
		logins, err := qdemo.Load(ctx, st, time.Now(), func(pw string) ([]byte, error) { return server.HashPassword(pw, false) })
		if err != nil {
			return fmt.Errorf("演示数据 demo: %w", err)
		}
		fmt.Fprint(stdout, logins.String())
		return nil
	}
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	login, password, err := server.FirstStart(ctx, st, orgName)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "首次启动：已创建管理员账号。 First start: administrator created.\n  登录名 login:    %s\n  一次性密码 one-time password: %s\n  （只显示这一次，首次登录后必须修改 shown once; must be changed at first login）\n", login, password)
	return nil
}
