# Compiler settings as an INTERFACE target that every first-party target links PRIVATE.
add_library(sfc_options INTERFACE)
target_compile_options(sfc_options INTERFACE -Wall -Wextra -Wpedantic)
if(SFC_WERROR)
    target_compile_options(sfc_options INTERFACE -Werror)
endif()
if(SFC_SANITIZE)
    string(REPLACE ";" "," sanitizers "${SFC_SANITIZE}")
    # Sanitizers must reach every object and the link, including the Asio/Beast unit.
    add_compile_options(-fsanitize=${sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${sanitizers})
endif()
