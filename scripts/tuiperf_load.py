"""Loads the measuring harness tuiperf.py (kept beside the project) as a module, for the scripts
that drive roadmap-tui in a pseudo-terminal with its screen emulator."""

import importlib.util
import sys


def load_tuiperf(path):
    spec = importlib.util.spec_from_file_location("tuiperf", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["tuiperf"] = module
    spec.loader.exec_module(module)
    return module
