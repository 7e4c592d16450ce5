# Hostile inputs: a corpus of damaged shapefiles, GeoPackages, zips, tables, map specs,
# manifests and special files, made by make_corpus.py at test time (nothing downloaded), run
# through info, render, classify, join and fetch --from by run_hostile.py; and exports killed
# mid-write by kill_export.py.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(_hostile_dir ${CMAKE_CURRENT_BINARY_DIR}/hostile)

add_test(NAME "hostile: corpus through info, render, classify, join and fetch --from"
         COMMAND sh -c "'${Python3_EXECUTABLE}' '${CMAKE_CURRENT_LIST_DIR}/make_corpus.py' '${_hostile_dir}/corpus' && \
exec '${Python3_EXECUTABLE}' '${CMAKE_CURRENT_LIST_DIR}/run_hostile.py' '$<TARGET_FILE:devomap>' '${_hostile_dir}/corpus'")
set_tests_properties("hostile: corpus through info, render, classify, join and fetch --from"
  PROPERTIES LABELS hostile TIMEOUT 900 RESOURCE_LOCK hostile-corpus)

add_test(NAME "hostile: exports killed mid-write leave nothing behind"
         COMMAND sh -c "'${Python3_EXECUTABLE}' '${CMAKE_CURRENT_LIST_DIR}/make_corpus.py' '${_hostile_dir}/kill-corpus' >/dev/null && \
exec '${Python3_EXECUTABLE}' '${CMAKE_CURRENT_LIST_DIR}/kill_export.py' '$<TARGET_FILE:devomap>' \
\"\${DEVOMAP_TEST_DATA:-${DEVOMAP_DEFAULT_TEST_DATA}}/lad_2024_uk_bgc.gpkg\" '${_hostile_dir}/kill-corpus/good/districts.shp'")
set_tests_properties("hostile: exports killed mid-write leave nothing behind"
  PROPERTIES LABELS hostile TIMEOUT 600)

add_test(NAME "hostile: imports beside renders on one data folder keep everything"
         COMMAND sh -c "exec '${Python3_EXECUTABLE}' '${CMAKE_CURRENT_LIST_DIR}/concurrent_data_dir.py' \
'$<TARGET_FILE:devomap>' \"\${DEVOMAP_TEST_DATA:-${DEVOMAP_DEFAULT_TEST_DATA}}\"")
set_tests_properties("hostile: imports beside renders on one data folder keep everything"
  PROPERTIES LABELS hostile TIMEOUT 900 SKIP_REGULAR_EXPRESSION "SKIPPED:")
