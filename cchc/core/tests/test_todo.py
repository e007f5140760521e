import pytest

from cchc.core import todo


@pytest.fixture(autouse=True)
def only_these_providers(monkeypatch):
    """The apps' own providers read the database; these tests register their own and nothing else."""
    monkeypatch.setattr(todo, "_PROVIDERS", {})


def test_items_come_from_every_provider_in_page_order():
    todo.register("test-a", lambda user: [todo.Item("B", 2, "/b/", order=20), todo.Item("A", 1, "/a/", order=10)])
    todo.register("test-b", lambda user: [todo.Item("C", 0, "/c/", order=15, urgent=True)])
    try:
        labels = [item.label for item in todo.items_for(object()) if item.url in {"/a/", "/b/", "/c/"}]
        assert labels == ["A", "C", "B"]
    finally:
        todo._PROVIDERS.pop("test-a")
        todo._PROVIDERS.pop("test-b")


def test_a_failing_provider_is_left_out_and_the_others_still_count(caplog):
    def broken(user):
        raise RuntimeError("database gone")

    todo.register("test-broken", broken)
    todo.register("test-fine", lambda user: [todo.Item("Fine", 1, "/fine/")])
    try:
        assert [item.url for item in todo.items_for(object()) if item.url == "/fine/"] == ["/fine/"]
        assert "test-broken" in caplog.text
    finally:
        todo._PROVIDERS.pop("test-broken")
        todo._PROVIDERS.pop("test-fine")
