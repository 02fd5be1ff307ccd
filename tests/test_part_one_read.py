"""Numbers and labels the cold read of part one (chapters 1-6 and 8) added or corrected.

Each expected value is recomputed here with plain numpy or Python, never with the function
under test.
"""

import numpy as np

import linreg
import plot_utils

X, Y = linreg.article_data()


def test_slider_titles_say_epoch_for_one():
    """The interactive figures name one epoch in the singular, as the static grid does."""
    run = linreg.fit(X, Y, learning_rate=0.01, epochs=30)
    for fig in (plot_utils.line_across_epochs(X, Y, run),
                plot_utils.linked_epoch_views(X, Y, run, contour_size=10)):
        titles = {int(frame.name): frame.layout.title.text for frame in fig.frames}
        assert titles[1].startswith("after 1 epoch: ")
        assert titles[0].startswith("after 0 epochs: ") and "after 1 epochs" not in titles[1]
        assert fig.layout.title.text.startswith("after 0 epochs: ")


def test_the_valley_directions_turn_the_line_about_their_pivots():
    """Chapter 6's folded box: pivots x = -b/m of the two directions and their factors."""
    xx = np.array([2.0, 3.0, 5.0, 6.0, 8.0])
    hessian = 2 * np.array([[np.mean(xx**2), np.mean(xx)], [np.mean(xx), 1.0]])
    values, vectors = np.linalg.eigh(hessian)
    pivots = -vectors[1] / vectors[0]
    assert [f"{p:.2f}" for p in pivots] == ["5.72", "-0.17"]
    factors = 1 - 0.01 * values
    assert (f"{factors[0]:.4f}", f"{factors[1]:.2f}") == ("0.9968", "0.43")
    assert f"{100 * factors[1] ** 10:.2f}" == "0.02"
