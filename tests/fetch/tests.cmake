# Whole-program checks of `devomap fetch` (the library paths are covered by devomap_data_tests).
# Nothing here reaches the internet: the offline test points --mirror at a closed loopback port.
set(_fetch_dir ${CMAKE_CURRENT_BINARY_DIR}/fetch-cli)

add_test(NAME "fetch: cli lists the manifest"
         COMMAND $<TARGET_FILE:devomap> --data-dir ${_fetch_dir}/list fetch --list)
set_tests_properties("fetch: cli lists the manifest" PROPERTIES
  PASS_REGULAR_EXPRESSION "lad_2024_buc +Local Authority Districts \\(December 2024\\) Boundaries UK BUC.*URL unverified"
  LABELS fetch)

add_test(NAME "fetch: cli offline points to fetch --from"
         COMMAND $<TARGET_FILE:devomap> --data-dir ${_fetch_dir}/offline
                 fetch --mirror http://127.0.0.1:1 --only lad_2024_buc,population_mid2022)
set_tests_properties("fetch: cli offline points to fetch --from" PROPERTIES
  PASS_REGULAR_EXPRESSION "devomap: 2 of 2 downloads failed: the download servers cannot be reached \\(offline\\?\\).*devomap fetch --from DIR"
  LABELS fetch)

add_test(NAME "fetch: cli --from a missing folder"
         COMMAND $<TARGET_FILE:devomap> --data-dir ${_fetch_dir}/missing
                 fetch --from ${_fetch_dir}/no-such-folder)
set_tests_properties("fetch: cli --from a missing folder" PROPERTIES
  PASS_REGULAR_EXPRESSION "devomap: --from .*no-such-folder does not exist"
  LABELS fetch)

# The real ONS files (DEVOMAP_TEST_DATA, else ../shared/geodata): skipped when absent.
add_test(NAME "fetch: cli --from imports the real ONS files"
         COMMAND sh -c "d=\"\${DEVOMAP_TEST_DATA:-${DEVOMAP_DEFAULT_TEST_DATA}}\"; \
if [ ! -d \"$d\" ]; then echo \"SKIPPED: no real ONS data at $d\"; exit 0; fi; \
rm -rf '${_fetch_dir}/real' && exec '$<TARGET_FILE:devomap>' --data-dir '${_fetch_dir}/real' fetch --from \"$d\"")
set_tests_properties("fetch: cli --from imports the real ONS files" PROPERTIES
  PASS_REGULAR_EXPRESSION "LAD_2024_UK_BUC.shp: local authority districts by LAD24CD.*mye22final.xlsx: population figures for 361 district codes.*wd_2022_uk_bsc.gpkg: not recognised: code field LAD22CD has repeats.*imported [0-9]+ of [0-9]+ files into"
  SKIP_REGULAR_EXPRESSION "SKIPPED: no real ONS data"
  LABELS fetch)
