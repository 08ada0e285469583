"""Layer-normalised LSTM and GRU in PyTorch, as rnn trains them with --layer-norm (Ba et al. 2016 §3.1).

torch.nn.LSTM / GRU have no layer norm, so rnn's --layer-norm checkpoints load into this module
instead. Parameter names follow rnn's checkpoints (prefix "rnn."), per layer K in this order:
  weight_ih_lK (G*H, in), weight_hh_lK (G*H, H),
  ln_ih_weight_lK, ln_ih_bias_lK (G*H): gain and bias of LN(W_ih x), replacing bias_ih_lK,
  ln_hh_weight_lK, ln_hh_bias_lK (G*H): gain and bias of LN(W_hh h), replacing bias_hh_lK,
  ln_c_weight_lK, ln_c_bias_lK (H), LSTM only: gain and bias of LN(c_t) before its tanh.
Gate order is PyTorch's (LSTM i, f, g, o; GRU r, z, n); each norm is over the whole G*H (or H)
vector of a row, eps 1e-5, biased variance (torch.nn.functional.layer_norm).
  LSTM: gates = LN_ih(W_ih x) + LN_hh(W_hh h); c_t = f*c + i*g; h_t = o * tanh(LN_c(c_t)); c_t is carried.
  GRU:  a = LN_ih(W_ih x), b = LN_hh(W_hh h); r, z = sigmoid(a + b) blocks;
        n = tanh(a_n + r * b_n); h_t = (1 - z) * n + z * h.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

EPS = 1e-5


class LayerNormRNN(nn.Module):
    """mode "lstm" or "gru"; batch_first input (B, T, D); state h (L, B, H) [and c (L, B, H)]."""

    def __init__(self, mode, input_size, hidden_size, num_layers):
        super().__init__()
        assert mode in ("lstm", "gru"), mode
        self.mode, self.hidden_size, self.num_layers = mode, hidden_size, num_layers
        g = (4 if mode == "lstm" else 3) * hidden_size
        for k in range(num_layers):
            d = input_size if k == 0 else hidden_size
            setattr(self, f"weight_ih_l{k}", nn.Parameter(torch.empty(g, d)))
            setattr(self, f"weight_hh_l{k}", nn.Parameter(torch.empty(g, hidden_size)))
            setattr(self, f"ln_ih_weight_l{k}", nn.Parameter(torch.ones(g)))
            setattr(self, f"ln_ih_bias_l{k}", nn.Parameter(torch.zeros(g)))
            setattr(self, f"ln_hh_weight_l{k}", nn.Parameter(torch.ones(g)))
            setattr(self, f"ln_hh_bias_l{k}", nn.Parameter(torch.zeros(g)))
            if mode == "lstm":
                setattr(self, f"ln_c_weight_l{k}", nn.Parameter(torch.ones(hidden_size)))
                setattr(self, f"ln_c_bias_l{k}", nn.Parameter(torch.zeros(hidden_size)))

    @torch.no_grad()
    def reset_parameters(self):
        """rnn's initialisation: weights uniform in ±1/√H, gains 1, biases 0, the LSTM's forget block of β_ih 1."""
        bound = 1 / self.hidden_size ** 0.5
        for name, p in self.named_parameters():
            if name.startswith("weight_"):
                p.uniform_(-bound, bound)
            elif "_weight_" in name:
                p.fill_(1)
            else:
                p.zero_()
        if self.mode == "lstm":
            H = self.hidden_size
            for k in range(self.num_layers):
                self._p("ln_ih_bias", k)[H:2 * H] = 1

    def _p(self, name, k):
        return getattr(self, f"{name}_l{k}")

    def forward(self, x, state=None):
        """x (B, T, D); state (h0, c0) for the LSTM, h0 for the GRU, zeros when None. Returns out (B, T, H) and the final state."""
        if state is None:
            z = x.new_zeros(self.num_layers, x.shape[0], self.hidden_size)
            state = (z, z) if self.mode == "lstm" else z
        if self.mode == "lstm":
            h0, c0 = state
        else:
            h0, c0 = state, None
        H = self.hidden_size
        hs, cs = [], []
        inp = x
        for k in range(self.num_layers):
            g = self._p("weight_ih", k).shape[0]
            xi = F.layer_norm(inp @ self._p("weight_ih", k).t(), (g,), self._p("ln_ih_weight", k),
                              self._p("ln_ih_bias", k), EPS)            # all T steps at once
            h = h0[k]
            c = c0[k] if c0 is not None else None
            outs = []
            for t in range(inp.shape[1]):
                hh = F.layer_norm(h @ self._p("weight_hh", k).t(), (g,), self._p("ln_hh_weight", k),
                                  self._p("ln_hh_bias", k), EPS)
                a = xi[:, t]
                if self.mode == "lstm":
                    s = a + hh
                    i, f = torch.sigmoid(s[:, :H]), torch.sigmoid(s[:, H:2 * H])
                    gg, o = torch.tanh(s[:, 2 * H:3 * H]), torch.sigmoid(s[:, 3 * H:])
                    c = f * c + i * gg
                    h = o * torch.tanh(F.layer_norm(c, (H,), self._p("ln_c_weight", k), self._p("ln_c_bias", k), EPS))
                else:
                    r = torch.sigmoid(a[:, :H] + hh[:, :H])
                    z = torch.sigmoid(a[:, H:2 * H] + hh[:, H:2 * H])
                    n = torch.tanh(a[:, 2 * H:] + r * hh[:, 2 * H:])
                    h = (1 - z) * n + z * h
                outs.append(h)
            inp = torch.stack(outs, dim=1)
            hs.append(h)
            cs.append(c)
        hT = torch.stack(hs)
        if self.mode == "lstm":
            return inp, (hT, torch.stack(cs))
        return inp, hT
