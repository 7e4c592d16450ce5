# Validates the built-in devolution dataset (geodata/devolution). The checks against real ONS
# files read DEVOMAP_TEST_DATA, else the shared geodata folder beside the checkout, and print
# "SKIPPED: ..." when those files are absent; the self-contained checks and self-tests always run.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME "dataset: devolution dataset is valid"
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/validate_dataset.py
                   --dataset ${DEVOMAP_SOURCE_DIR}/geodata/devolution
                   --real-data-default ${DEVOMAP_DEFAULT_TEST_DATA})
  set_tests_properties("dataset: devolution dataset is valid" PROPERTIES LABELS dataset)
else()
  message(WARNING "python3 not found: the devolution dataset validator is not registered")
endif()
