"""mark_disputed: points whose cited sentences carry a disputed figure."""


def test_points_citing_a_disputed_figure_are_marked():
    from summarizer.conflicts import mark_disputed
    from summarizer.types import Citation, Claim, Conflict, Point

    cited = Citation("a", 10, 40, "About 300 families left their homes.")
    other = Point("Rain fell.", (Citation("b", 0, 10, "Rain fell."),))
    conflict = Conflict("families evacuated", (Claim("a", "300", 10, 40, cited.text), Claim("b", "500", 50, 80, "x")))
    marked = mark_disputed([Point(cited.text, (cited,)), other], [conflict])
    assert marked[0].disputed == (0,) and marked[1].disputed == ()
