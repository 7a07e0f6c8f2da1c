"""A non-editable install in a fresh virtual environment finds the bundled packs."""
from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        check=True,
    )
    (built,) = out.glob("buyerlint-*.whl")
    return built


def test_wheel_ships_every_pack_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in sorted((REPO / "rules").glob("*.yaml")):
        assert f"buyerlint/packs/{pack.name}" in names
    assert "buyerlint/data/confusables.txt" in names
    assert "buyerlint/py.typed" in names


def test_installed_command_uses_the_installed_packs(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", "--no-deps", str(wheel)],
                   check=True)
    where = subprocess.run([str(py), "-c", "import buyerlint.packs as p; print(p.bundled_dir())"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout.strip()
    assert where.startswith(str(env_dir))
    draft = tmp_path / "draft.txt"
    draft.write_text("Order 112-1234567-1234567: we can refund you by PayPal.\n", encoding="utf-8")
    run = subprocess.run([str(env_dir / "bin" / "buyerlint"), "check", "--format", "concise", str(draft)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "payment-outside-amazon" in run.stdout or "[payment." in run.stdout
