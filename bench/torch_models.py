"""PyTorch (float32) versions of Unroll's trainable presets, plus a numpy
re-implementation of the chapter-15 data protocol.

Keras semantics are followed (see /work/shared/reference/book-results.md):
glorot_uniform kernels, orthogonal recurrent kernels, zero biases, LSTM
forget-gate bias 1, GRU reset_after=True (== torch.nn.GRU), one bias per
SimpleRNN/LSTM layer (torch's redundant bias_hh is zeroed and frozen).

Used by bench/torch_bench.py; importable on its own:
    /usr/bin/python3 -c "import sys; sys.path.insert(0, 'bench'); import torch_models"
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

N_STEPS = 50

# ---------------------------------------------------------------- data


def generate_time_series(batch_size, n_steps):
    """Exactly the book's generator (chapter 15)."""
    freq1, freq2, offsets1, offsets2 = np.random.rand(4, batch_size, 1)
    time = np.linspace(0, 1, n_steps)
    series = 0.5 * np.sin((time - offsets1) * (freq1 * 10 + 10))
    series += 0.2 * np.sin((time - offsets2) * (freq2 * 20 + 20))
    series += 0.1 * (np.random.rand(batch_size, n_steps) - 0.5)
    return series[..., np.newaxis].astype(np.float32)


_DATA_CACHE = {}


def load_data(kind):
    """kind: 'one-step' | 'vector' | 'seq2seq' | 'seq2seq-conv'.
    Returns (X_train, Y_train, X_valid, Y_valid) as float32 numpy arrays."""
    if kind in _DATA_CACHE:
        return _DATA_CACHE[kind]
    np.random.seed(42)
    if kind == "one-step":
        series = generate_time_series(10000, N_STEPS + 1)
        out = (series[:7000, :N_STEPS], series[:7000, -1],
               series[7000:9000, :N_STEPS], series[7000:9000, -1])
    else:
        series = generate_time_series(10000, N_STEPS + 10)
        X = series[:, :N_STEPS]
        if kind == "vector":
            Y = series[:, -10:, 0]
        else:
            Y = np.empty((10000, N_STEPS, 10), dtype=np.float32)
            for step_ahead in range(1, 10 + 1):
                Y[..., step_ahead - 1] = series[..., step_ahead:step_ahead + N_STEPS, 0]
            if kind == "seq2seq-conv":
                Y = Y[:, 3::2]
        out = (X[:7000], Y[:7000], X[7000:9000], Y[7000:9000])
    out = tuple(np.ascontiguousarray(a, dtype=np.float32) for a in out)
    _DATA_CACHE[kind] = out
    return out


# ---------------------------------------------------------------- Keras-style init


def _glorot(w):
    nn.init.xavier_uniform_(w)      # fan_in/fan_out computed as Keras does for these shapes


def _init_linear(lin):
    _glorot(lin.weight)
    if lin.bias is not None:
        nn.init.zeros_(lin.bias)
    return lin


def _init_conv(conv):
    _glorot(conv.weight)            # (out, in, k): fans in*k / out*k, same as Keras (k, in, out)
    if conv.bias is not None:
        nn.init.zeros_(conv.bias)
    return conv


def _init_recurrent(rnn, kind):
    """kind: 'rnn' | 'lstm' | 'gru'."""
    for layer in range(rnn.num_layers):
        w_ih = getattr(rnn, f"weight_ih_l{layer}")
        w_hh = getattr(rnn, f"weight_hh_l{layer}")
        b_ih = getattr(rnn, f"bias_ih_l{layer}")
        b_hh = getattr(rnn, f"bias_hh_l{layer}")
        _glorot(w_ih)
        nn.init.orthogonal_(w_hh)   # (G*H, H): transpose of Keras' orthogonal (H, G*H)
        with torch.no_grad():
            b_ih.zero_()
            b_hh.zero_()
            if kind == "lstm":
                H = rnn.hidden_size
                b_ih[H:2 * H] = 1.0  # torch gate order i, f, g, o
        if kind in ("rnn", "lstm"):
            b_hh.requires_grad_(False)  # Keras has a single bias for these layers
    return rnn


# ---------------------------------------------------------------- layers


class Recurrent(nn.Module):
    """Keras-style SimpleRNN / LSTM / GRU, batch-first; returns the whole sequence
    (return_sequences=True) or the last output only."""

    def __init__(self, kind, n_in, units, return_sequences):
        super().__init__()
        cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
        self.rnn = _init_recurrent(cls(n_in, units, batch_first=True), kind)
        self.rs = return_sequences

    def forward(self, x):
        y, _ = self.rnn(x)
        return y if self.rs else y[:, -1]


class LNSimpleRNN(nn.Module):
    """RNN(LNSimpleRNNCell(units), return_sequences=True): h = tanh(LN(x W + b + h U)).
    The input projection of all steps is done in one matmul, then a Python time loop."""

    def __init__(self, n_in, units):
        super().__init__()
        self.units = units
        self.inp = _init_linear(nn.Linear(n_in, units))
        self.rec = nn.Linear(units, units, bias=False)
        nn.init.orthogonal_(self.rec.weight)
        self.ln = nn.LayerNorm(units, eps=1e-3)

    def forward(self, x):
        xs = self.inp(x)                                   # (N, T, H)
        h = x.new_zeros(x.shape[0], self.units)
        outs = []
        for t in range(x.shape[1]):
            h = torch.tanh(self.ln(xs[:, t] + self.rec(h)))
            outs.append(h)
        return torch.stack(outs, dim=1)


class SeqBatchNorm(nn.Module):
    """Keras BatchNormalization on (N, T, C): statistics over N and T, per channel."""

    def __init__(self, channels):
        super().__init__()
        self.bn = nn.BatchNorm1d(channels, eps=1e-3, momentum=0.01)

    def forward(self, x):
        return self.bn(x.transpose(1, 2)).transpose(1, 2)


class CausalConv1d(nn.Module):
    """Keras Conv1D(padding='causal') on (N, T, C) tensors."""

    def __init__(self, n_in, n_out, kernel, dilation=1, activation=None):
        super().__init__()
        self.conv = _init_conv(nn.Conv1d(n_in, n_out, kernel, dilation=dilation))
        self.pad = dilation * (kernel - 1)
        self.act = activation

    def forward_nct(self, x):
        y = self.conv(F.pad(x, (self.pad, 0)) if self.pad else x)
        return self.act(y) if self.act is not None else y

    def forward(self, x):
        return self.forward_nct(x.transpose(1, 2)).transpose(1, 2)


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)


class ConvValid(nn.Module):
    """Keras Conv1D(filters, kernel, strides, padding='valid') on (N, T, C)."""

    def __init__(self, n_in, n_out, kernel, stride):
        super().__init__()
        self.conv = _init_conv(nn.Conv1d(n_in, n_out, kernel, stride=stride))

    def forward(self, x):
        return self.conv(x.transpose(1, 2)).transpose(1, 2)


class WaveNet(nn.Module):
    """Conv1D(20, 2, causal, relu, dilation 1,2,4,8,1,2,4,8), Conv1D(10, 1).
    Works in (N, C, T) layout internally (one transpose in, one out)."""

    def __init__(self):
        super().__init__()
        layers, n_in = [], 1
        for d in (1, 2, 4, 8) * 2:
            layers.append(CausalConv1d(n_in, 20, 2, d, torch.relu))
            n_in = 20
        self.layers = nn.ModuleList(layers)
        self.out = _init_conv(nn.Conv1d(20, 10, 1))

    def forward(self, x):
        z = x.transpose(1, 2)
        for layer in self.layers:
            z = layer.forward_nct(z)
        return self.out(z).transpose(1, 2)


class WaveNetFull(nn.Module):
    """Conv1D(32, 2, causal); for d in 1,2,4: gated residual block with skip;
    relu(sum(skips)), Conv1D(32, 1, relu), Conv1D(10, 1) (linear output)."""

    def __init__(self, n_filters=32, dilations=(1, 2, 4), n_outputs=10):
        super().__init__()
        self.n = n_filters
        self.first = CausalConv1d(1, n_filters, 2)
        self.gates = nn.ModuleList(CausalConv1d(n_filters, 2 * n_filters, 2, d) for d in dilations)
        self.proj = nn.ModuleList(_init_conv(nn.Conv1d(n_filters, n_filters, 1)) for _ in dilations)
        self.post = _init_conv(nn.Conv1d(n_filters, n_filters, 1))
        self.out = _init_conv(nn.Conv1d(n_filters, n_outputs, 1))

    def forward(self, x):
        x = self.first.forward_nct(x.transpose(1, 2))
        skips = None
        for gate, proj in zip(self.gates, self.proj):
            z = gate.forward_nct(x)
            z = torch.tanh(z[:, :self.n]) * torch.sigmoid(z[:, self.n:])
            z = proj(z)
            skips = z if skips is None else skips + z
            x = x + z
        z = torch.relu(self.post(torch.relu(skips)))
        return self.out(z).transpose(1, 2)


# ---------------------------------------------------------------- presets

# name -> (data kind, learning rate)
PRESETS = {
    "linear":         ("one-step", 0.001),
    "simple-rnn":     ("one-step", 0.005),
    "deep-rnn":       ("one-step", 0.001),
    "deep-rnn-dense": ("one-step", 0.001),
    "linear-10":      ("vector", 0.001),
    "rnn-vector-10":  ("vector", 0.001),
    "rnn-seq2seq":    ("seq2seq", 0.01),
    "bn-rnn":         ("seq2seq", 0.001),
    "ln-rnn":         ("seq2seq", 0.001),
    "lstm":           ("seq2seq", 0.001),
    "gru":            ("seq2seq", 0.001),
    "conv-gru":       ("seq2seq-conv", 0.001),
    "wavenet":        ("seq2seq", 0.001),
    "wavenet-full":   ("seq2seq", 0.001),
}


def build(name):
    """Returns an nn.Module (float32) for preset `name`; input (N, 50, 1)."""
    R = Recurrent
    if name == "linear":
        return nn.Sequential(Flatten(), _init_linear(nn.Linear(50, 1)))
    if name == "simple-rnn":
        return R("rnn", 1, 1, False)
    if name == "deep-rnn":
        return nn.Sequential(R("rnn", 1, 20, True), R("rnn", 20, 20, True), R("rnn", 20, 1, False))
    if name == "deep-rnn-dense":
        return nn.Sequential(R("rnn", 1, 20, True), R("rnn", 20, 20, False),
                             _init_linear(nn.Linear(20, 1)))
    if name == "linear-10":
        return nn.Sequential(Flatten(), _init_linear(nn.Linear(50, 10)))
    if name == "rnn-vector-10":
        return nn.Sequential(R("rnn", 1, 20, True), R("rnn", 20, 20, False),
                             _init_linear(nn.Linear(20, 10)))
    if name == "rnn-seq2seq":
        return nn.Sequential(R("rnn", 1, 20, True), R("rnn", 20, 20, True),
                             _init_linear(nn.Linear(20, 10)))   # Linear on (N,T,C) == TimeDistributed
    if name == "bn-rnn":
        return nn.Sequential(R("rnn", 1, 20, True), SeqBatchNorm(20), R("rnn", 20, 20, True),
                             SeqBatchNorm(20), _init_linear(nn.Linear(20, 10)))
    if name == "ln-rnn":
        return nn.Sequential(LNSimpleRNN(1, 20), LNSimpleRNN(20, 20), _init_linear(nn.Linear(20, 10)))
    if name == "lstm":
        return nn.Sequential(R("lstm", 1, 20, True), R("lstm", 20, 20, True),
                             _init_linear(nn.Linear(20, 10)))
    if name == "gru":
        return nn.Sequential(R("gru", 1, 20, True), R("gru", 20, 20, True),
                             _init_linear(nn.Linear(20, 10)))
    if name == "conv-gru":
        return nn.Sequential(ConvValid(1, 20, 4, 2), R("gru", 20, 20, True), R("gru", 20, 20, True),
                             _init_linear(nn.Linear(20, 10)))
    if name == "wavenet":
        return WaveNet()
    if name == "wavenet-full":
        return WaveNetFull()
    raise KeyError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}")


def n_params(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
