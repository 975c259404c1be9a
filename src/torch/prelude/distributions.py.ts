// torch.distributions: Distribution, Categorical, Normal, Bernoulli, Uniform and kl_divergence (Normal/Normal), as in
// PyTorch 1.13's torch/distributions: the same parameter handling (logits normalised by logsumexp, probs by
// their sum, clamp_probs with float32's eps) and the same draws (Categorical.sample = torch.multinomial with
// replacement, Normal.sample = torch.normal, Normal.rsample = loc + empty(shape).normal_() * scale,
// Bernoulli.sample = torch.bernoulli, Uniform.rsample = low + rand(shape) · (high − low)), and the same argument
// validation (on by default, parameters at construction and values of log_prob/cdf, with PyTorch's ValueError text).
export const DISTRIBUTIONS_PY = String.raw`
import math
import torch
import torch.nn.functional as F

_EPS = 1.1920928955078125e-07


def _size(shape):
    return torch.Size(tuple(shape))


def broadcast_all(*values):
    if all(not isinstance(v, torch.Tensor) for v in values):
        return tuple(torch.tensor(float(v)) for v in values)
    tensors = [v if isinstance(v, torch.Tensor) else torch.tensor(float(v)) for v in values]
    shape = tensors[0].shape
    for t in tensors[1:]:
        shape = (torch.zeros(shape) + torch.zeros(t.shape)).shape
    return tuple(t if t.shape == shape else t.expand(shape) for t in tensors)


def clamp_probs(probs):
    return probs.clamp(min=_EPS, max=1 - _EPS)


def probs_to_logits(probs, is_binary=False):
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return torch.log(ps_clamped) - torch.log1p(-ps_clamped)
    return torch.log(ps_clamped)


def logits_to_probs(logits, is_binary=False):
    if is_binary:
        return torch.sigmoid(logits)
    return F.softmax(logits, dim=-1)


class _Constraint:
    is_dependent = False

    def __repr__(self):
        return type(self).__name__[1:] + '()'


class _Real(_Constraint):
    def check(self, value):
        return value == value  # False for NaN


class _Boolean(_Constraint):
    def check(self, value):
        return (value == 0) | (value == 1)


class _Simplex(_Constraint):
    def check(self, value):
        return torch.all(value >= 0, dim=-1) & ((value.sum(-1) - 1).abs() < 1e-6)


class _GreaterThan(_Constraint):
    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        return self.lower_bound < value

    def __repr__(self):
        return f'GreaterThan(lower_bound={self.lower_bound})'


class _Interval(_Constraint):
    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value):
        return (self.lower_bound <= value) & (value <= self.upper_bound)

    def __repr__(self):
        return f'Interval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})'


class _IntegerInterval(_Interval):
    def check(self, value):
        return (value % 1 == 0) & (self.lower_bound <= value) & (value <= self.upper_bound)

    def __repr__(self):
        return f'IntegerInterval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})'


class _IndependentConstraint(_Constraint):
    def __init__(self, base, reinterpreted_batch_ndims):
        self.base_constraint, self.reinterpreted_batch_ndims = base, reinterpreted_batch_ndims

    def check(self, value):
        result = self.base_constraint.check(value)
        return result.reshape(result.shape[:result.dim() - self.reinterpreted_batch_ndims] + (-1,)).all(-1)

    def __repr__(self):
        return f'IndependentConstraint({self.base_constraint!r}, {self.reinterpreted_batch_ndims})'


class _Dependent(_Constraint):
    is_dependent = True


class constraints:
    real = _Real()
    boolean = _Boolean()
    simplex = _Simplex()
    positive = _GreaterThan(0.)
    unit_interval = _Interval(0., 1.)
    dependent = _Dependent()
    interval = _Interval
    integer_interval = _IntegerInterval
    independent = _IndependentConstraint


class Distribution:
    has_rsample = False
    _validate_args = True

    @staticmethod
    def set_default_validate_args(value):
        if value not in [True, False]:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape = _size(batch_shape)
        self._event_shape = _size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            for param, constraint in self.arg_constraints.items():
                if constraint.is_dependent or param not in self.__dict__:
                    continue  # dependent constraints and lazily computed parameters are not checked
                value = self.__dict__[param]
                if not constraint.check(value).all():
                    raise ValueError(
                        f"Expected parameter {param} "
                        f"({type(value).__name__} of shape {tuple(value.shape)}) "
                        f"of distribution {repr(self)} "
                        f"to satisfy the constraint {repr(constraint)}, "
                        f"but found invalid values:\n{value}"
                    )

    def _validate_sample(self, value):
        if not isinstance(value, torch.Tensor):
            raise ValueError('The value argument to log_prob must be a Tensor')
        event_dim_start = len(value.size()) - len(self._event_shape)
        if value.size()[event_dim_start:] != self._event_shape:
            raise ValueError(f'The right-most size of value must match event_shape: {value.size()} vs {self._event_shape}.')
        actual_shape = value.size()
        expected_shape = _size(tuple(self._batch_shape) + tuple(self._event_shape))
        for i, j in zip(reversed(actual_shape), reversed(expected_shape)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f'Value is not broadcastable with batch_shape+event_shape: {actual_shape} vs {expected_shape}.')
        support = self.support
        if not support.check(value).all():
            raise ValueError(
                "Expected value argument "
                f"({type(value).__name__} of shape {tuple(value.shape)}) "
                f"to be within the support ({repr(support)}) "
                f"of the distribution {repr(self)}, "
                f"but found invalid values:\n{value}"
            )

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    def _extended_shape(self, sample_shape=()):
        return _size(tuple(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def rsample(self, sample_shape=()):
        raise NotImplementedError

    def sample(self, sample_shape=()):
        with torch.no_grad():
            return self.rsample(sample_shape)

    @property
    def stddev(self):
        return self.variance.sqrt()

    def __repr__(self):
        names = [k for k in self.arg_constraints if k in self.__dict__]
        args = ', '.join(f'{p}: {self.__dict__[p] if self.__dict__[p].numel() == 1 else self.__dict__[p].size()}' for p in names)
        return type(self).__name__ + '(' + args + ')'


class Categorical(Distribution):
    arg_constraints = {'probs': constraints.simplex, 'logits': constraints.independent(constraints.real, 1)}

    @property
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    def __init__(self, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError('Either \x60probs\x60 or \x60logits\x60 must be specified, but not both.')
        if probs is not None:
            if probs.dim() < 1:
                raise ValueError('\x60probs\x60 parameter must be at least one-dimensional.')
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            if logits.dim() < 1:
                raise ValueError('\x60logits\x60 parameter must be at least one-dimensional.')
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
        self._param = self.probs if probs is not None else self.logits
        self._num_events = self._param.size()[-1]
        batch_shape = self._param.size()[:-1] if self._param.dim() > 1 else ()
        super().__init__(batch_shape, validate_args=validate_args)

    def __getattr__(self, name):
        # PyTorch's lazy_property: computed once, with grad enabled even when first read under no_grad (sample()).
        if name == 'logits':
            with torch.enable_grad():
                self.logits = probs_to_logits(self.__dict__['probs'])
            return self.logits
        if name == 'probs':
            with torch.enable_grad():
                self.probs = logits_to_probs(self.__dict__['logits'])
            return self.probs
        raise AttributeError(f"'Categorical' object has no attribute '{name}'")

    @property
    def param_shape(self):
        return self._param.size()

    @property
    def mean(self):
        return torch.full(self._extended_shape(), float('nan'))

    @property
    def mode(self):
        return self.probs.argmax(dim=-1)

    @property
    def variance(self):
        return torch.full(self._extended_shape(), float('nan'))

    def sample(self, sample_shape=()):
        sample_shape = _size(sample_shape)
        n = 1
        for s in sample_shape:
            n *= s
        with torch.no_grad():
            probs_2d = self.probs.reshape(-1, self._num_events)
            samples_2d = torch.multinomial(probs_2d, n, True).T
            return samples_2d.reshape(self._extended_shape(sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        logits = self.logits
        shape = (torch.zeros(value.shape) + torch.zeros(logits.shape)).shape
        value = value.expand(shape)[..., :1]
        log_pmf = logits.expand(shape)
        return log_pmf.gather(-1, value).squeeze(-1)

    def entropy(self):
        logits = torch.clamp(self.logits, min=-3.4028234663852886e+38)
        p_log_p = logits * self.probs
        return -p_log_p.sum(-1)


class Normal(Distribution):
    arg_constraints = {'loc': constraints.real, 'scale': constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self._scalar_scale = not isinstance(scale, torch.Tensor)
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.size(), validate_args=validate_args)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.stddev.pow(2)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        with torch.no_grad():
            return torch.normal(self.loc.expand(shape), self.scale.expand(shape))

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        eps = torch.empty(shape).normal_()
        return self.loc + eps * self.scale

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        var = self.scale ** 2
        log_scale = self.scale.log()
        return -((value - self.loc) ** 2) / (2 * var) - log_scale - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (1 + torch.erf((value - self.loc) * self.scale.reciprocal() / math.sqrt(2)))

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + torch.log(self.scale)


class Bernoulli(Distribution):
    arg_constraints = {'probs': constraints.unit_interval, 'logits': constraints.real}
    support = constraints.boolean

    def __init__(self, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError('Either \x60probs\x60 or \x60logits\x60 must be specified, but not both.')
        if probs is not None:
            (self.probs,) = broadcast_all(probs)
            self._param = self.probs
        else:
            (self.logits,) = broadcast_all(logits)
            self._param = self.logits
        super().__init__(self._param.size(), validate_args=validate_args)

    def __getattr__(self, name):
        if name == 'logits':
            with torch.enable_grad():
                self.logits = probs_to_logits(self.__dict__['probs'], is_binary=True)
            return self.logits
        if name == 'probs':
            with torch.enable_grad():
                self.probs = logits_to_probs(self.__dict__['logits'], is_binary=True)
            return self.probs
        raise AttributeError(f"'Bernoulli' object has no attribute '{name}'")

    @property
    def mean(self):
        return self.probs

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        with torch.no_grad():
            return torch.bernoulli(self.probs.expand(shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -F.binary_cross_entropy_with_logits(logits, value, reduction='none')

    def entropy(self):
        return F.binary_cross_entropy_with_logits(self.logits, self.probs, reduction='none')


class Uniform(Distribution):
    arg_constraints = {'low': constraints.dependent, 'high': constraints.dependent}
    has_rsample = True

    def __init__(self, low, high, validate_args=None):
        self.low, self.high = broadcast_all(low, high)
        super().__init__(self.low.size(), validate_args=validate_args)
        if self._validate_args and not torch.lt(self.low, self.high).all():
            raise ValueError("Uniform is not defined when low>= high")

    @property
    def support(self):
        return constraints.interval(self.low, self.high)

    @property
    def mean(self):
        return (self.high + self.low) / 2

    @property
    def stddev(self):
        return (self.high - self.low) / 12 ** 0.5

    @property
    def variance(self):
        return (self.high - self.low).pow(2) / 12

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        rand = torch.rand(shape)
        return self.low + rand * (self.high - self.low)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        lb = self.low.le(value).type_as(self.low)
        ub = self.high.gt(value).type_as(self.low)
        return torch.log(lb.mul(ub)) - torch.log(self.high - self.low)

    def entropy(self):
        return torch.log(self.high - self.low)


def kl_divergence(p, q):
    if isinstance(p, Normal) and isinstance(q, Normal):
        var_ratio = (p.scale / q.scale).pow(2)
        t1 = ((p.loc - q.loc) / q.scale).pow(2)
        return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())
    if isinstance(p, Categorical) and isinstance(q, Categorical):
        t = p.probs * (p.logits - q.logits)
        t[(q.probs == 0).expand_as(t)] = float('inf')
        t[(p.probs == 0).expand_as(t)] = 0
        return t.sum(-1)
    raise NotImplementedError(f'No KL(p || q) is implemented for {type(p).__name__} and {type(q).__name__}')
`;
