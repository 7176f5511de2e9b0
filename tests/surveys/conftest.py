"""Survey tests need the compiled Chinese catalog (as the dialog tests do)."""

from tests.dialogs.conftest import compiled_catalogs  # noqa: F401
