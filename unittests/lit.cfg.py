# -*- Python -*-
# lit policy for the gtest unit tests: every Rasp<X>Tests binary under the
# build's unittests/ directory is a GoogleTest suite.
import os

import lit.formats

config.name = "RASP-Unit"
config.suffixes = []  # tests are found by GoogleTest(), not by suffix
config.test_source_root = os.path.join(config.rasp_obj_root, "unittests")
config.test_exec_root = config.test_source_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
