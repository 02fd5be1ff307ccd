"""Independent reference code for the tests: the article's loop in plain numpy."""

import numpy as np


def article_loop(X, y, m=0.0, b=0.0, learning_rate=0.01, epochs=3000):
    """Record the loss and (m, b), then update, `epochs` times; return those and the final m, b."""
    losses, params = [], []
    for _ in range(epochs):
        y_pred = m * X + b
        losses.append(np.mean((y - y_pred) ** 2))
        params.append((m, b))
        dm = -2 * np.mean(X * (y - y_pred))
        db = -2 * np.mean(y - y_pred)
        m, b = m - learning_rate * dm, b - learning_rate * db
    return np.array(losses), np.array(params), m, b
