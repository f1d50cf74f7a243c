# RPM %preun: on erase ($1 = 0), stop and disable the collector (SIGTERM saves its cursors);
# an upgrade restarts it in %postun instead.
if [ "$1" -eq 0 ]; then
    if [ -d /run/systemd/system ]; then
        systemctl stop sfcollector.service >/dev/null 2>&1 || :
    fi
    systemctl --no-reload disable sfcollector.service >/dev/null 2>&1 || :
fi
