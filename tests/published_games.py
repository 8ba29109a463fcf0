"""Published test games shared by several test modules (with their sources)."""

import numpy as np

# von Stengel (1999), "New maximal numbers of equilibria in bimatrix games",
# Discrete & Computational Geometry 21, 557-568: a nondegenerate 6 x 6 game
# with 75 equilibria, more than the conjectured bound 2^6 - 1 = 63 (payoffs as
# transcribed in Gambit's game catalog, journals/dcg/vonstengel1999).
VS75_A = np.array([
    [9504, -660, 19976, -20526, 1776, -8976],
    [-111771, 31680, -130944, 168124, -8514, 52764],
    [397584, -113850, 451176, -586476, 29216, -178761],
    [171204, -45936, 208626, -263076, 14124, -84436],
    [1303104, -453420, 1227336, -1718376, 72336, -461736],
    [737154, -227040, 774576, -1039236, 48081, -300036],
], dtype=float)
VS75_B = np.array([
    [72336, 48081, 29216, 14124, 1776, -8514],
    [-461736, -300036, -178761, -84436, -8976, 52764],
    [1227336, 774576, 451176, 208626, 19976, -130944],
    [-1718376, -1039236, -586476, -263076, -20526, 168124],
    [1303104, 737154, 397584, 171204, 9504, -111771],
    [-453420, -227040, -113850, -45936, -660, 31680],
], dtype=float)
