# Linux packages (cpack -G DEB, cpack -G RPM in the build directory; scripts/bootstrap package):
# the stripped binary, the systemd unit, the service account (sysusers.d), its directories
# (tmpfiles.d) and the example config as /etc/sfcollector/sfcollector.yaml, a conffile.
# Configure the package build with -DCMAKE_INSTALL_PREFIX=/usr: the unit's paths follow the prefix.
if(WIN32)
    return()
endif()

install(FILES ${PROJECT_SOURCE_DIR}/packaging/sfcollector.sysusers
        DESTINATION lib/sysusers.d RENAME sfcollector.conf)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/sfcollector.tmpfiles
        DESTINATION lib/tmpfiles.d RENAME sfcollector.conf)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The config only goes into the packages (CPACK_INSTALL_CMAKE_PROJECTS below): a plain
# `cmake --install` must never overwrite an operator's /etc/sfcollector/sfcollector.yaml with the
# placeholders. 0640 so it is never world-readable; the postinst gives it the service's group.
install(FILES ${PROJECT_SOURCE_DIR}/config/sfcollector.yaml
        DESTINATION /etc/sfcollector
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
        COMPONENT conffiles EXCLUDE_FROM_ALL)

set(CPACK_PACKAGE_NAME sfcollector)
set(CPACK_PACKAGE_VENDOR "sfcollector")
set(CPACK_PACKAGE_CONTACT "sfcollector maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Salesforce security event logs to your SIEM")
set(CPACK_PACKAGE_DESCRIPTION
    "sfcollector collects Salesforce security event logs (EventLogFile and the security objects)
from one or more orgs and forwards them as JSON events to syslog, Elasticsearch, Splunk HEC,
HTTP endpoints or files. It runs as the sfcollector.service systemd unit under its own account.")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
# Everything that is installed by default, plus the conffile component.
set(CPACK_INSTALL_CMAKE_PROJECTS
    "${CMAKE_BINARY_DIR};sfcollector;ALL;/"
    "${CMAKE_BINARY_DIR};sfcollector;conffiles;/")
# Directories in the packages are 0755 whatever the umask of the build.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# Debian: libraries found by dpkg-shlibdeps, maintainer scripts in packaging/deb/.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The postinst creates the account with systemd-sysusers, or adduser without systemd.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd | adduser")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/deb/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/deb/postinst
    ${PROJECT_SOURCE_DIR}/packaging/deb/prerm
    ${PROJECT_SOURCE_DIR}/packaging/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# RPM (rpmbuild from Debian's rpm package works too): the same files. RPM can give the config
# its group directly, since %pre creates the account before the files are laid down.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_PACKAGE_RELEASE 1)
# Not relocatable: the unit names /usr/bin/sfcollector.
set(CPACK_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_USER_FILELIST
    "%dir %attr(0750,root,sfcollector) /etc/sfcollector"
    "%config(noreplace) %attr(0640,root,sfcollector) /etc/sfcollector/sfcollector.yaml")
# Directories the distribution's filesystem and systemd packages own.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /etc /usr/lib/systemd /usr/lib/systemd/system /usr/lib/sysusers.d /usr/lib/tmpfiles.d)
set(CPACK_RPM_PRE_INSTALL_SCRIPT_FILE ${PROJECT_SOURCE_DIR}/packaging/rpm/pre.sh)
set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE ${PROJECT_SOURCE_DIR}/packaging/rpm/post.sh)
set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE ${PROJECT_SOURCE_DIR}/packaging/rpm/preun.sh)
set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE ${PROJECT_SOURCE_DIR}/packaging/rpm/postun.sh)
include(CPack)
