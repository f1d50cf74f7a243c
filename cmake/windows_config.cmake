# The example config as the Windows installer ships it: the same file with Windows paths, so one
# commented example is maintained. Run by CMake at configure time on a WIN32 build:
#   sfc_windows_config(<input yaml> <output yaml>)
function(sfc_windows_config input output)
    file(READ ${input} text)
    string(REPLACE "Copy this file to /etc/sfcollector/sfcollector.yaml and fill in"
                   "The installer put this file in C:\\ProgramData\\sfcollector; fill in" text "${text}")
    string(REPLACE "readable only by\n  # the sfcollector user (chmod 600)"
                   "readable only by\n  # SYSTEM and Administrators (icacls FILE /inheritance:r /grant:r SYSTEM:F Administrators:F)"
                   text "${text}")
    string(REPLACE "/var/lib/sfcollector/dead-letter.jsonl"
                   "C:/ProgramData/sfcollector/state/dead-letter.jsonl" text "${text}")
    string(REPLACE "/var/lib/sfcollector" "C:/ProgramData/sfcollector/state" text "${text}")
    string(REPLACE "/var/log/sfcollector/events.jsonl"
                   "C:/ProgramData/sfcollector/events/events.jsonl" text "${text}")
    string(REPLACE "/var/log/sfcollector/" "C:/ProgramData/sfcollector/logs/" text "${text}")
    string(REPLACE "/etc/sfcollector/" "C:/ProgramData/sfcollector/" text "${text}")
    string(REPLACE "(journald under systemd)" "(the console when run by hand)" text "${text}")
    file(WRITE ${output} "${text}")
endfunction()
