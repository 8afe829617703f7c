"""The command tests use the fixtures of the domains they drive."""

from tests.images.conftest import home_with_models  # noqa: F401  (fixtures used by name)
from tests.models.conftest import tfidf_model  # noqa: F401
