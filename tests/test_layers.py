"""The import rules of ``tests/layers.py``: apps one way, and no import cycles."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings

from tests import layers

ROOT = Path(settings.BASE_DIR)
SHARED_TOOL = ROOT.parent / "shared" / "tools" / "layers.py"


def test_apps_import_only_apps_below_them():
    problems = layers.layer_violations(ROOT)
    assert not problems, "Imports against the layer order:\n" + "\n".join(problems)


def test_no_modules_import_each_other():
    cycles = layers.import_cycles(ROOT)
    assert not cycles, "Modules that import each other:\n" + "\n".join(
        " <-> ".join(group) for group in cycles)


@pytest.mark.skipif(not SHARED_TOOL.exists(), reason="../shared/tools/layers.py is not there")
def test_the_order_is_the_shared_tools():
    spec = importlib.util.spec_from_file_location("shared_layers", SHARED_TOOL)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    assert layers.ORDER == shared.ORDER


def test_the_check_sees_lazy_imports(tmp_path):
    """An import inside a function that goes up the order is caught like any other."""
    for app in ("lib", "programs"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "lib" / "helper.py").write_text("def f():\n    from programs import x\n")
    (tmp_path / "programs" / "x.py").write_text("import lib.helper\n")
    assert layers.layer_violations(tmp_path) == ["lib/helper.py:2: lib imports programs"]
    assert layers.import_cycles(tmp_path) == [["lib.helper", "programs.x"]]
