"""pages/_background.py: a slow answer is computed beside the script run, which draws the rest,
waits for it at the end and reruns once to draw it; a second session reuses it."""

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import time

    import streamlit as st

    from pages._background import later, settle, start_run

    def slow(x: int) -> int:
        time.sleep(0.3)
        return x * x

    start_run()
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    st.write("before")
    answer = later("square-test", slow, 12)
    st.write("computing" if answer is None else f"answer {answer}")
    settle()


def test_the_answer_is_drawn_by_one_rerun_and_kept_for_the_next_session():
    at = AppTest.from_function(_page, default_timeout=30).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["before", "answer 144"]
    assert at.session_state["runs"] == 2  # drawn without it, then rerun once with it
    again = AppTest.from_function(_page, default_timeout=30).run()
    assert [m.value for m in again.markdown] == ["before", "answer 144"]
    assert again.session_state["runs"] == 1  # kept: no wait, no rerun
