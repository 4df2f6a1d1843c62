# Header scopes: a target sees only the headers of the targets it links.
#
# Every header is included by its path from the repository root
# ("engine/container/store.hpp"), which says where it comes from. Were the repository root
# an include directory, any file could include any header and a wrong include would
# still build. Instead each folder is published on its own: a directory in the build tree
# holds one symbolic link, <folder> -> the source folder, and is added as the owning
# target's PUBLIC include directory. A file then finds a header only if its target links
# (directly) the target that publishes it, so an include that reaches up a layer, or into
# an area not declared as a dependency, fails with "No such file or directory".

set(TUG_HEADER_SCOPES ${CMAKE_BINARY_DIR}/header-scopes)

# tug_publish_headers(TARGET FOLDER): TARGET's sources and those that link it include
# FOLDER's headers as "FOLDER/name.hpp" (FOLDER relative to the repository root).
function(tug_publish_headers target folder)
  string(REPLACE "/" "+" scope ${folder})
  set(root ${TUG_HEADER_SCOPES}/${scope})
  get_filename_component(parent ${root}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${folder} ${root}/${folder} SYMBOLIC)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE ${root})
  else()
    target_include_directories(${target} PUBLIC ${root})
  endif()
endfunction()
