"""The app tests' Voila server."""

from __future__ import annotations

import pytest

from tests.support.voila import VoilaServer


@pytest.fixture(scope="module")
def server(store_url: str, tmp_path_factory: pytest.TempPathFactory):
    """One real Voila server per app test module, on that module's own seeded ``store_url``
    (the module overrides ``store_url`` with a module-scoped fixture)."""
    with VoilaServer(store_url, tmp_path_factory.mktemp("voila") / "voila.log") as voila:
        yield voila
