package server

import (
	"context"
	"fmt"

	"qinglian"
	"qinglian/store"
)

// FirstStart prepares an empty database: it creates the root organisation
// named orgName and the administrator "admin" holding the administrator
// role there, with a one-time password that must be changed at first
// login. It returns that login and password for the operator to read once.
// On a database that has users already it does nothing and returns "".
func FirstStart(ctx context.Context, st *store.Store, orgName string) (login, password string, err error) {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", err
	}
	root := &qinglian.Organisation{Name: orgName, Kind: qinglian.OrgCommittee}
	if err := st.CreateOrganisation(ctx, 0, root); err != nil {
		return "", "", fmt.Errorf("first start: root organisation: %w", err)
	}
	password = OneTimePassword()
	hash, err := hashPassword(password, true)
	if err != nil {
		return "", "", err
	}
	admin := &qinglian.User{Login: "admin", Name: "系统管理员", PasswordHash: hash}
	if err := st.CreateUser(ctx, 0, admin); err != nil {
		return "", "", fmt.Errorf("first start: administrator: %w", err)
	}
	if err := st.GrantRole(ctx, 0, &qinglian.Membership{UserID: admin.ID, OrgID: root.ID, Role: qinglian.RoleAdmin}); err != nil {
		return "", "", fmt.Errorf("first start: administrator role: %w", err)
	}
	return admin.Login, password, nil
}

// HashPassword returns the stored form of a password as the server checks
// it (bcrypt, cost 10), for tools that create accounts such as the
// demonstration loader. once marks a one-time password.
func HashPassword(password string, once bool) ([]byte, error) { return hashPassword(password, once) }
