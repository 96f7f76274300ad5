"""The peer libraries, set up to compute exactly what Prioritet computes.

Additive: Prioritet's partial values are (b−1)/4, (s−1)/4 and (5−r)/4. On data where every score
1 and 5 occurs (always, at these sizes; :func:`bench.run` checks it) that is min–max scaling with the
resources criterion inverted, which is scikit-criteria's ``MinMaxInverter`` and pymcdm's
``minmax_normalization`` with a cost type. The weighted sum then uses the same normalised weights.

TOPSIS: Prioritet uses vector normalisation, the weighted Euclidean distance and the ideal and
anti-ideal of the data, with resources as a cost criterion. scikit-criteria: ``VectorScaler`` on the
matrix, then ``TOPSIS`` with resources minimised. pymcdm: ``TOPSIS(vector_normalization)`` with a
cost type; its cost form 1 − x/‖x‖ moves the column but leaves every distance, hence the result, as is.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from prioritet.engine import Method

from .instances import CRITERIA_NAMES, Instance

# TOPSIS with a minimised criterion makes scikit-criteria warn on every call. Silenced once, before
# any timing, so the timed calls do not format warnings.
warnings.filterwarnings("ignore", message="Although TOPSIS can operate with minimization")
# pymcdm's validation (on by default) warns about dominant and dominated alternatives, which random
# data always has; the warning is about its other methods' numerics, not about TOPSIS or WSM.
warnings.filterwarnings("ignore", message="Alternatives with indices", module="pymcdm")


@dataclass(frozen=True)
class PeerRanking:
    """What a peer produced: a value per alternative (higher is better) and a rank per alternative."""

    values: NDArray[np.float64]
    ranks: NDArray[np.float64]


@dataclass(frozen=True)
class Peer:
    name: str
    version: str
    #: Untimed: turn an instance into the peer's own decision-matrix input.
    prepare: Callable[[Instance, NDArray[np.float64], Method], Any]
    #: Timed: from that input to a ranking.
    rank: Callable[[Any], Any]
    #: Untimed: read values and ranks out of what ``rank`` returned.
    read: Callable[[Any], PeerRanking]
    #: How the peer is called, for the report.
    recipe: dict[Method, str]


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def scikit_criteria() -> Peer:
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS  # the class skcriteria.agg.similarity re-exports
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import MinMaxInverter
    from skcriteria.preprocessing.scalers import VectorScaler

    def prepare(instance: Instance, weights: NDArray[np.float64], method: Method) -> Any:
        dm = skc.mkdm(
            instance.scores.astype(np.float64),
            objectives=[max, max, min],
            weights=weights,
            alternatives=list(instance.ids),
            criteria=list(CRITERIA_NAMES),
        )
        if method is Method.ADDITIVE:
            pipe = mkpipe(MinMaxInverter(), WeightedSumModel())
        else:
            pipe = mkpipe(VectorScaler(target="matrix"), TOPSIS())
        return pipe, dm

    def rank(prepared: Any) -> Any:
        pipe, dm = prepared
        return pipe.evaluate(dm)

    def read(result: Any) -> PeerRanking:
        extra = result.e_
        values = extra.score if "score" in extra else extra.similarity
        return PeerRanking(np.asarray(values, dtype=np.float64), np.asarray(result.rank_, dtype=np.float64))

    return Peer(
        name="scikit-criteria",
        version=_version("scikit-criteria"),
        prepare=prepare,
        rank=rank,
        read=read,
        recipe={
            Method.ADDITIVE: "mkpipe(MinMaxInverter(), WeightedSumModel()).evaluate(dm)",
            Method.TOPSIS: "mkpipe(VectorScaler(target='matrix'), TOPSIS()).evaluate(dm)",
        },
    )


def pymcdm(validation: bool = False) -> Peer:
    """pymcdm's ``WSM`` (its weighted-sum / SAW method) and ``TOPSIS``, then its own ``rank``.

    ``validation=False`` by default: Prioritet validates when the measures are built, outside the
    timing, and pymcdm's validation is a Python loop over the rows (the dominance check) that would
    otherwise dominate its time. The report also gives the time with validation on.
    """
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS, WSM

    types = np.array([1, 1, -1])

    def prepare(instance: Instance, weights: NDArray[np.float64], method: Method) -> Any:
        body = (
            WSM(normalizations.minmax_normalization)
            if method is Method.ADDITIVE
            else TOPSIS(normalizations.vector_normalization)
        )
        return body, instance.scores.astype(np.float64), weights

    def rank(prepared: Any) -> Any:
        body, matrix, weights = prepared
        values = body(matrix, weights, types, validation=validation)
        return values, body.rank(values)

    def read(result: Any) -> PeerRanking:
        values, ranks = result
        return PeerRanking(np.asarray(values, dtype=np.float64), np.asarray(ranks, dtype=np.float64))

    flag = "" if validation else ", validation=False"
    return Peer(
        name="pymcdm" if not validation else "pymcdm (validation on)",
        version=_version("pymcdm"),
        prepare=prepare,
        rank=rank,
        read=read,
        recipe={
            Method.ADDITIVE: f"m = WSM(minmax_normalization); m.rank(m(X, w, types{flag}))",
            Method.TOPSIS: f"m = TOPSIS(vector_normalization); m.rank(m(X, w, types{flag}))",
        },
    )
