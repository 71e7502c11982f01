# Shared by the deploy scripts (sourced, not run): the paths of the layout, each overridable by
# an environment variable so a test can install into its own folders, and small helpers.
# The names of the service account and the groups are fixed: sshd and sudo match on them.

: "${PT_HOME:=/var/lib/pupil-tracker}"                  # the service account's home: DB, key, logs
: "${PT_APP:=/opt/pupil-tracker/bin/pupil-tracker}"     # the app, in its own venv
: "${PT_SERVICE:=/usr/local/bin/pupil-tracker-service}" # the wrapper sudo runs
: "${PT_DB_URL:=sqlite:///$PT_HOME/tracker.db}"
: "${PT_FILES:=/srv/pupil-tracker/files}"               # the files root (SFTP, exports)
: "${PT_SSHD_DIR:=/etc/ssh/sshd_config.d}"
: "${PT_SUDOERS:=/etc/sudoers.d/pupil-tracker}"
: "${PT_KEYS:=/etc/ssh/authorized_keys}"                # authorized keys, one file per account
: "${PT_PEOPLE_HOMES:=/home}"                           # where app users' homes are made

DEPLOY_DIR=$(cd "$(dirname "$0")" && pwd)
umask 022

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

require_root() {
    [ "$(id -u)" = 0 ] || die "run this as root"
}

ensure_group() {
    getent group "$1" >/dev/null || groupadd --system "$1"
}

# Add a user to a supplementary group (quietly, whether or not they are in it already).
add_to_group() {
    gpasswd -a "$1" "$2" >/dev/null
}

valid_account_name() {
    printf '%s\n' "$1" | grep -Eqx '[a-z_][a-z0-9_.-]{0,31}' \
        || die "not a valid account name: $1 (lower-case letters, digits, . _ -)"
}

valid_school_number() {
    printf '%s\n' "$1" | grep -Eqx '[0-9]{4,8}' || die "not an establishment number: $1"
}

# One public key, checked by ssh-keygen, installed where sshd looks for this account's keys
# (root-owned and outside any chroot, so the account cannot change it).
install_key() {
    name=$1
    key=$2
    [ -f "$key" ] || die "no such key file: $key"
    ssh-keygen -l -f "$key" >/dev/null 2>&1 || die "not a public key: $key"
    install -d -o root -g root -m 0755 "$PT_KEYS"
    install -o root -g root -m 0644 "$key" "$PT_KEYS/$name"
}

# Every member of a group, as sshd sees them (supplementary members).
group_members() {
    getent group "$1" | cut -d: -f4 | tr ',' ' '
}

in_group() {
    id -nG "$1" 2>/dev/null | tr ' ' '\n' | grep -qx "$2"
}
