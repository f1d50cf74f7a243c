# Debian package (cpack -G DEB in the build directory): binary, example config, systemd unit and
# the service account.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/sfcollector.sysusers
        DESTINATION lib/sysusers.d RENAME sfcollector.conf)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME sfcollector)
set(CPACK_PACKAGE_VENDOR "sfcollector")
set(CPACK_PACKAGE_CONTACT "sfcollector maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Salesforce security event logs to your SIEM")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/postinst)
# Configure with -DCMAKE_INSTALL_PREFIX=/usr for a package; the unit's paths follow the prefix.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
include(CPack)
