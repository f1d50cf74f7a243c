# RPM %post: the directories (tmpfiles.d), then the unit as %systemd_post would: on a first
# install ($1 = 1) the distribution's preset decides whether it is enabled. Never started here:
# the example config still holds placeholders.
if command -v systemd-tmpfiles >/dev/null 2>&1; then
    systemd-tmpfiles --create sfcollector.conf || :
fi
if [ "$1" -eq 1 ]; then
    systemctl --no-reload preset sfcollector.service >/dev/null 2>&1 || :
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
