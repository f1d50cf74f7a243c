# RPM %pre: the account must exist before the files are laid down, since the config and its
# directory carry its group (%attr in the file list). Same definition as sysusers.d.
if command -v systemd-sysusers >/dev/null 2>&1; then
    echo 'u sfcollector - "sfcollector daemon" /var/lib/sfcollector' |
        systemd-sysusers --replace=/usr/lib/sysusers.d/sfcollector.conf - || :
else
    getent group sfcollector >/dev/null || groupadd -r sfcollector
    getent passwd sfcollector >/dev/null ||
        useradd -r -g sfcollector -d /var/lib/sfcollector -M -s /sbin/nologin \
            -c "sfcollector daemon" sfcollector
fi
