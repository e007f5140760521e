from cchc.core import todo


def test_items_come_from_every_provider_in_page_order():
    todo.register("test-a", lambda user: [todo.Item("B", 2, "/b/", order=20), todo.Item("A", 1, "/a/", order=10)])
    todo.register("test-b", lambda user: [todo.Item("C", 0, "/c/", order=15, urgent=True)])
    try:
        labels = [item.label for item in todo.items_for(object()) if item.url in {"/a/", "/b/", "/c/"}]
        assert labels == ["A", "C", "B"]
    finally:
        todo._PROVIDERS.pop("test-a")
        todo._PROVIDERS.pop("test-b")
