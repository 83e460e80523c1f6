"""The Timeline tab's lanes view (`v`), key by key, through Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from brief.chart import fit
from brief.tui.app import BriefApp
from brief.tui.screens.event import EventDetailScreen
from brief.tui.widgets.event_detail import EventDetail
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.lanes import PAN_STEP, LanesView, status_line
from tests.helpers import folder_with, settled, until
from tests.tui.conftest import drive
from tests.tui.test_flows import wait_for_rows
from tests.tui.test_live import NAME, NEW_TITLE, OLD_TITLE, save, titles, watching

SIZE = (120, 40)
SAMPLE = Path(__file__).resolve().parent.parent / "golden" / "chart" / "lanes-sample.yaml"


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A brief with every kind of mark (tests/golden/chart/lanes-sample.yaml)."""
    return folder_with(tmp_path / "lanes", SAMPLE)


def app_for(directory: Path) -> BriefApp:
    return BriefApp([str(directory)], watch=False, history=False)


async def wait_for_chart(pilot) -> LanesView:
    """The lanes are built in a worker: wait for it."""
    lanes = pilot.app.screen.query_one(LanesView)
    await until(pilot, lambda: lanes.chart is not None, "the lanes to be built")
    await settled(pilot)
    return lanes


async def open_lanes(pilot) -> LanesView:
    await pilot.press("t")
    await wait_for_rows(pilot)
    await pilot.press("v")
    return await wait_for_chart(pilot)


def screen_text(lanes: LanesView) -> str:
    return "\n".join(lanes.render_line(y).text for y in range(lanes.size.height))


def test_v_toggles_list_and_lanes_on_the_same_rows_and_cursor(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t")
        event_list = await wait_for_rows(pilot)
        await pilot.press("down", "down")
        await pilot.press("v")
        lanes = await wait_for_chart(pilot)
        assert lanes.display and not event_list.display
        assert pilot.app.focused is lanes
        assert lanes.chart is not None
        assert len(lanes.chart.events) == len(event_list.rows)
        assert lanes.index == event_list.cursor == 2
        assert event_list.current is not None
        assert event_list.current.title in screen_text(lanes)  # under the chart
        await pilot.press("v")
        assert event_list.display and not lanes.display
        assert pilot.app.focused is event_list

    drive(app_for(sample_dir), SIZE, steps)


def test_the_query_filters_the_lanes_too(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        await pilot.press("slash", *"strike", "enter")
        event_list = await wait_for_rows(pilot)
        lanes = await wait_for_chart(pilot)
        assert pilot.app.focused is lanes  # enter in the query box goes to the lanes
        assert lanes.chart is not None
        assert [e.title for e in lanes.chart.events] == [r.title for r in event_list.rows]
        assert all("strike" in e.title.lower() for e in lanes.chart.events)

    drive(app_for(sample_dir), SIZE, steps)


def test_right_and_left_move_through_the_lane_and_the_list_follows(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        event_list = pilot.app.screen.query_one(EventList)
        assert lanes.chart is not None and lanes.cursor is not None
        lane, start = lanes.cursor
        members = lanes.chart.lanes[lane].members
        await pilot.press("right")
        assert lanes.cursor == (lane, members[members.index(start) + 1])
        assert event_list.cursor == lanes.cursor[1]
        title = lanes.chart.events[lanes.cursor[1]].title
        assert title in screen_text(lanes)
        detail = str(pilot.app.screen.query_one("#detail-body").render())
        assert title in detail  # the side panel follows the cursor
        await pilot.press("left")
        assert lanes.cursor == (lane, start)

    drive(app_for(sample_dir), SIZE, steps)


@pytest.mark.parametrize(("down", "up"), [("down", "up"), ("j", "k")])
def test_down_and_up_change_lane(sample_dir: Path, down: str, up: str) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        assert lanes.chart is not None and lanes.cursor is not None
        first = lanes.cursor[0]
        await pilot.press(down)
        assert lanes.cursor[0] == first + 1
        assert lanes.cursor[1] in lanes.chart.lanes[first + 1].members
        await pilot.press(up)
        assert lanes.cursor[0] == first

    drive(app_for(sample_dir), SIZE, steps)


@pytest.mark.parametrize("key", ["plus", "equals_sign"])
def test_plus_zooms_in_around_the_selected_event_and_minus_out(sample_dir: Path, key) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        assert lanes.chart is not None and lanes.cursor is not None
        before = lanes.window
        assert before is not None
        first, last = lanes.chart.span(lanes.cursor[1])
        anchor = (first + last + 1) / 2
        share = (anchor - before.start) / before.days
        await pilot.press(key)
        after = lanes.window
        assert after is not None and after.days == pytest.approx(before.days / 2)
        assert (anchor - after.start) / after.days == pytest.approx(share)
        await pilot.press("minus")
        assert lanes.window is not None
        assert lanes.window.days == pytest.approx(before.days)

    drive(app_for(sample_dir), SIZE, steps)


@pytest.mark.parametrize(("back", "forward"), [("h", "l"), ("shift+left", "shift+right")])
def test_h_and_l_pan(sample_dir: Path, back: str, forward: str) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        await pilot.press("plus", "plus")
        before = lanes.window
        assert before is not None
        await pilot.press(forward)
        assert lanes.window is not None
        assert lanes.window.start == pytest.approx(before.start + PAN_STEP * before.days)
        await pilot.press(back, back)
        assert lanes.window.start == pytest.approx(before.start - PAN_STEP * before.days)
        assert lanes.window.days == before.days

    drive(app_for(sample_dir), SIZE, steps)


def test_panning_goes_past_the_selected_event_and_a_step_brings_it_back(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        event_list = pilot.app.screen.query_one(EventList)
        await pilot.press("plus", "plus", "plus")
        await settled(pilot)
        before, selected = lanes.window, lanes.index
        assert before is not None and lanes.chart is not None and selected is not None
        await pilot.press(*"llllll")
        await settled(pilot)
        window = lanes.window
        assert window is not None
        assert window.start == pytest.approx(before.start + 6 * PAN_STEP * before.days)
        first, last = lanes.chart.span(selected)
        assert last < window.start  # out of sight, and still selected, here and in the list
        assert lanes.index == event_list.cursor == selected
        assert lanes.chart.events[selected].title in screen_text(lanes)  # under the chart
        await pilot.press("right")  # the next event in the lane: the window follows it
        await settled(pilot)
        assert lanes.index != selected and lanes.index is not None and lanes.window is not None
        first, last = lanes.chart.span(lanes.index)
        assert last >= lanes.window.start and first < lanes.window.end

    drive(app_for(sample_dir), SIZE, steps)


def test_0_fits_everything(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        fitted = lanes.window
        await pilot.press("plus", "plus", "plus", "l")
        assert lanes.window != fitted
        await pilot.press("0")
        await pilot.app.workers.wait_for_complete()  # windows are laid out in a worker
        await pilot.pause()
        assert lanes.chart is not None and lanes._layout is not None
        assert lanes.window == fit(lanes.chart, lanes._layout.plot_width) == fitted

    drive(app_for(sample_dir), SIZE, steps)


def test_capital_l_cycles_lanes_by_section_actor_and_tag(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        event_list = pilot.app.screen.query_one(EventList)
        await pilot.press("right")
        selected = lanes.index
        labels = {}
        for by in ("actor", "tag", "section"):
            await pilot.press("L")
            assert lanes.lanes_by == by
            await wait_for_chart(pilot)
            assert lanes.chart is not None
            labels[by] = [lane.label for lane in lanes.chart.lanes]
            assert lanes.index == selected == event_list.cursor  # the selection stays
        assert labels["section"][:3] == ["Ports", "Labour", "Talks"]
        assert "Union" in labels["actor"] and "#strike" in labels["tag"]

    drive(app_for(sample_dir), SIZE, steps)


def test_enter_opens_the_event_beside_or_in_a_modal(sample_dir: Path) -> None:
    async def wide(pilot) -> None:
        lanes = await open_lanes(pilot)
        await pilot.press("right", "enter")
        assert isinstance(pilot.app.focused, EventDetail)
        await pilot.press("escape")  # back to the lanes, not to the hidden list
        assert pilot.app.focused is lanes

    async def narrow(pilot) -> None:
        lanes = await open_lanes(pilot)
        await pilot.press("right")
        assert lanes.chart is not None and lanes.index is not None
        title = lanes.chart.events[lanes.index].title
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, EventDetailScreen)
        assert pilot.app.screen.event.title == title

    drive(app_for(sample_dir), SIZE, wide)
    drive(app_for(sample_dir), (80, 24), narrow)


def test_a_click_selects_the_event_under_it(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        event_list = pilot.app.screen.query_one(EventList)
        laid = lanes._laid_out()
        assert laid is not None and lanes.chart is not None
        # The last event of the first lane, clicked where it is drawn.
        lane = lanes.chart.lanes[0]
        target = lane.members[-1]
        column = lanes.visible_columns(target)
        assert column is not None
        x = lanes.styles.padding.left + laid.label_width + 1 + column[0]
        await pilot.click(LanesView, offset=(x, 0))
        assert lanes.cursor == (0, target)
        assert event_list.cursor == target

    drive(app_for(sample_dir), SIZE, steps)


def test_lanes_draw_the_bundled_brief_at_80x24(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        text = screen_text(lanes)
        assert lanes.chart is not None and lanes.cursor is not None
        label = lanes.chart.lanes[lanes.cursor[0]].label
        assert label[:10] in text and "as of" in text  # scrolled to the selected event's lane
        assert f"↑{lanes.top} " in text  # the rows scrolled out of view are counted
        assert all(len(line) <= lanes.size.width for line in text.splitlines())

    drive(app_for(brief_dir), (80, 24), steps)


def test_a_live_reload_keeps_the_lanes_their_kind_and_window(brief_dir: Path) -> None:
    path = brief_dir / NAME
    good = path.read_text(encoding="utf-8")

    def lanes_of(pilot, by: str) -> LanesView | None:
        """The lanes by `by`, once built and laid out (the watcher never settles: no `settled`)."""
        lanes = pilot.app.screen.query_one(LanesView)
        laid = lanes.chart is not None and lanes.chart.by == by and lanes._layout is not None
        return lanes if laid else None

    async def steps(pilot) -> None:
        await watching(pilot)
        await pilot.press("t")
        await wait_for_rows(pilot)
        await pilot.press("v", "L")
        lanes = await until(pilot, lambda: lanes_of(pilot, "actor"), "lanes by actor")
        fitted = lanes.window
        await pilot.press("right", "plus")
        await until(pilot, lambda: lanes.window != fitted, "the zoom")
        window, selected = lanes.window, lanes.index
        assert lanes.chart is not None and selected is not None
        title = lanes.chart.events[selected].title

        save(path, good.replace(OLD_TITLE, NEW_TITLE))
        await until(pilot, lambda: NEW_TITLE in titles(pilot), what="the saved brief")
        lanes = await until(pilot, lambda: lanes_of(pilot, "actor"), "lanes by actor again")
        assert lanes.display and not pilot.app.screen.query_one(EventList).display
        await until(pilot, lambda: pilot.app.focused is lanes, "the focus back on the lanes")
        assert lanes.window == window
        assert lanes.chart is not None and lanes.index == selected
        shown = lanes.chart.events[selected].title
        assert shown == (NEW_TITLE if title == OLD_TITLE else title)
        assert NEW_TITLE in [event.title for event in lanes.chart.events]

    drive(BriefApp([str(brief_dir)], watch=True, history=False), SIZE, steps)


CROWDED = """\
format: 1
id: crowded
title: Crowded
as_of: 2025-03-03
sources:
  - id: s
    title: Generated for the lanes tests
sections:
  - id: talks
    title: Talks
timeline:
"""


def test_a_crowded_cell_too_narrow_for_its_count_still_tells_it(tmp_path: Path) -> None:
    # Three events the day before and the day after, twelve on the day: a day per cell, the
    # day's "+10" has no room between its neighbours, so it is a bare "+".
    days = ["2025-03-01"] * 3 + ["2025-03-02"] * 12 + ["2025-03-03"] * 3
    items = "".join(
        f"  - {{id: e{n}, date: {day}, title: Meeting {n}, section: talks}}\n"
        for n, day in enumerate(days)
    )
    (tmp_path / "crowded.yaml").write_text(CROWDED + items, encoding="utf-8")

    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        laid = lanes._layout
        assert laid is not None and lanes.chart is not None
        [more] = laid.grid(0).more
        assert more.hidden == 10 and more.first == more.last
        assert "●+●" in screen_text(lanes)  # not "+1", a cut "+10"
        assert "more here" not in screen_text(lanes)  # the cursor is the day before
        await pilot.press("right", "right", "right")  # onto the crowded day
        assert lanes.chart.events[lanes.index or 0].date.day == 2
        assert "+10 more here" in screen_text(lanes)
        x = lanes.styles.padding.left + laid.label_width + 1 + more.first
        await pilot.hover(LanesView, offset=(x, 2))
        assert lanes.tooltip == "10 more events here: + zooms in to separate them"
        await pilot.hover(LanesView, offset=(x - 1, 2))
        assert lanes.tooltip is None

    drive(app_for(tmp_path), SIZE, steps)


def test_the_cursor_shows_the_focus_and_the_marks_follow_the_theme(sample_dir: Path) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        laid = lanes._layout
        assert laid is not None and lanes.cursor is not None

        def style_at(y: int, column: int):
            """The style drawn at a cell of the plot (`column` from its left edge)."""
            x = laid.label_width + 1 + column
            [segment] = list(lanes.render_line(y).crop(x, x + 1))
            return segment.style

        row = laid.lane_row(lanes.cursor[0]) - lanes.top
        columns = lanes.visible_columns(lanes.cursor[1])
        assert columns is not None
        focused = style_at(row, max(columns[0], 0))
        await pilot.press("slash")  # the focus goes to the query box
        await until(pilot, lambda: pilot.app.focused is not lanes, "the focus to leave")
        await settled(pilot)
        assert style_at(row, max(columns[0], 0)) != focused
        await pilot.press("enter")  # back to the lanes
        await until(pilot, lambda: pilot.app.focused is lanes, "the focus back")
        await settled(pilot)
        assert style_at(row, max(columns[0], 0)) == focused
        axis = lanes.render_line(lanes.size.height - 1)
        pilot.app.theme = "textual-light" if pilot.app.current_theme.dark else "textual-dark"
        await settled(pilot)
        assert style_at(row, max(columns[0], 0)) != focused
        assert lanes.render_line(lanes.size.height - 1) != axis  # the legend too

    drive(app_for(sample_dir), SIZE, steps)


LONG_NAMES = """\
format: 1
id: long-lanes
title: Long lane names
as_of: 2025-03-03
sources:
  - id: s
    title: Generated for the lanes tests
sections:
  - id: talks
    title: Talks between the two foreign ministries on visas, trade and the rest of it all
  - id: wide
    title: 漢字の会談 and a section whose title is written in wide characters 漢字の会談
actors:
  - id: a
    name: The Ministry of Foreign Affairs of a Country With a Very Long Official Name
  - id: b
    name: B
timeline:
"""


def _long_names_brief(directory: Path) -> Path:
    """Long section titles, actor names and tags, long event titles, and a crowded day (the
    status line then counts "+N more here")."""
    days = ["2025-03-01"] * 2 + ["2025-03-02"] * 12 + ["2025-03-03"] * 2
    title = "A meeting whose title goes on and on about visas, trade and the weather there"
    items = "".join(
        f"  - {{id: e{n}, date: {day}, title: '{title} {n}', section: {('talks', 'wide')[n % 2]},"
        f" actors: [{'ab'[n % 2]}], tags: [a-tag-that-is-long-enough-to-be-cut-{n % 2}]}}\n"
        for n, day in enumerate(days)
    )
    directory.mkdir()
    (directory / "long.yaml").write_text(LONG_NAMES + items, encoding="utf-8")
    return directory


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_the_status_line_always_shows_the_lane(tmp_path: Path, size: tuple[int, int]) -> None:
    async def steps(pilot) -> None:
        lanes = await open_lanes(pilot)
        for by, next_by in (("section", "actor"), ("actor", "tag"), ("tag", "section")):
            await until(pilot, lambda by=by: lanes.chart is not None and lanes.chart.by == by, by)
            assert lanes.chart is not None
            for key in ("right",) * 4 + ("down", "right", "right"):
                await pilot.press(key)
                await settled(pilot)
                assert lanes.cursor is not None
                label = lanes.chart.lanes[lanes.cursor[0]].label
                lines = [lanes.render_line(y).text for y in range(lanes.size.height)]
                assert all(cell_len(line) <= lanes.size.width for line in lines)
                laid = lanes._layout
                assert laid is not None
                status = lines[min(lanes.lane_rows, laid.rows - lanes.top) + 2]  # see _line
                lane = f"· {label}"
                if cell_len(lane) <= lanes.size.width:
                    assert status.rstrip().endswith(lane), (by, status)
                else:
                    assert status.rstrip().endswith("…") and status.startswith(lane[:10])
            assert lanes.lanes_by == by
            await pilot.press("L")
            assert lanes.lanes_by == next_by

    drive(app_for(_long_names_brief(tmp_path / "long")), size, steps)


@settings(max_examples=300)
@given(
    date=st.sampled_from(["", "23 Aug 2025", "c. 23 Aug 2025 – 24 Aug 2025"]),
    hidden=st.one_of(st.none(), st.integers(1, 10_000)),
    title=st.text(st.sampled_from("ab 漢字é"), max_size=120),
    lane=st.text(st.sampled_from("Lane 漢"), min_size=1, max_size=100),
    width=st.integers(1, 200),
)
def test_a_status_line_fits_and_ends_with_its_lane(
    date: str, hidden: int | None, title: str, lane: str, width: int
) -> None:
    line = status_line(date, hidden, title, lane, width)
    text = "".join(part for part, _ in line)
    assert cell_len(text) <= width
    assert text.endswith(f"· {lane}") if cell_len(f"· {lane}") <= width else text.endswith("…")
    # All of it when it all fits: the line as it always was.
    count = [(f"  +{hidden} more here", "more")] if hidden is not None else []
    whole = [(date, "status"), *count, ("  ", None), (title, None), (f"  · {lane}", "axis")]
    if date and title and cell_len("".join(part for part, _ in whole)) <= width:
        assert line == whole
    # The date goes last: it is there whenever it fits beside the lane.
    if date and cell_len(f"{date}  · {lane}") <= width:
        assert text.startswith(date)
    # A title is cut only once the count is bare.
    if title and title not in text and "…" in text[: -len(lane)]:
        assert "more here" not in text
