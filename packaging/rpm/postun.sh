# RPM %postun: after an upgrade ($1 >= 1), restart a running collector on the new binary. On
# erase, RPM keeps an edited config as .rpmsave; cursors and events stay in /var/lib/sfcollector
# and /var/log/sfcollector (RPM has no purge), as does the account.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -ge 1 ]; then
        systemctl try-restart sfcollector.service >/dev/null 2>&1 || :
    fi
fi
