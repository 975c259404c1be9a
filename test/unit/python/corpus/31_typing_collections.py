from typing import List, Dict, Optional, Tuple
from collections import OrderedDict
import typing

def mean(xs: List[float], default: Optional[float] = None) -> float:
    return sum(xs) / len(xs) if xs else default

scores: Dict[str, int] = {'a': 1}
pair: Tuple[int, int] = (1, 2)
print(mean([1.0, 2.0]), mean([], 0.5), scores, pair)
od = OrderedDict([('fc1', 1), ('relu', 2)])
od['fc2'] = 3
print(list(od.keys()), isinstance(od, dict), len(od), od['relu'])
def f(x: 'typing.Any') -> None:
    return None
print(f(3), typing.TYPE_CHECKING)
