# The window (src/ui): Catch2 tests of its logic (arguments, formatting, the open form), and
# whole-program GUI tests driven under Xvfb with xdotool
# and ImageMagick by gui_driver.py (screenshots are kept in <build>/gui-screenshots).
devomap_catch_tests(gui devomap_ui)

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(_gui_driver ${CMAKE_CURRENT_LIST_DIR}/gui_driver.py)
  set(_gui_out ${CMAKE_BINARY_DIR}/gui-screenshots)
  foreach(_scenario hover-select first-run error default-map region-card data-panel histogram-drag cvd-preview
                    map-spec funding-year session-parity responsive outcome-card moving-map
                    report-export present labels-deck
                    never-lose-work compare)
    add_test(NAME "gui: window ${_scenario}"
             COMMAND ${Python3_EXECUTABLE} ${_gui_driver} --devomap $<TARGET_FILE:devomap>
                     --out ${_gui_out} --scenario ${_scenario})
    # 77: the driver printed SKIPPED (no real data, or no Xvfb/xdotool/ImageMagick).
    set_tests_properties("gui: window ${_scenario}" PROPERTIES
                         SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS gui
                         ENVIRONMENT "${DEVOMAP_TEST_ENV}")
  endforeach()
endif()
