# Turns text files into a C++ source defining
#   std::span<const wakala::EmbeddedFile> wakala::embedded::<namespace>::Files()
# so the binary carries its migrations and its OpenAPI document with no file lookups.
function(wakala_embed_files output namespace_name)
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} "-Dfiles=${ARGN}" "-Dnamespace_name=${namespace_name}"
            "-Doutput=${output}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    DEPENDS ${ARGN} "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    COMMENT "Embedding ${namespace_name}"
    VERBATIM)
endfunction()
