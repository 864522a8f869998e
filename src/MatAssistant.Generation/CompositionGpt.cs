using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MatAssistant.Generation;

/// <summary>Size of the GPT-style decoder.</summary>
/// <param name="Layers">Transformer blocks (default 3).</param>
/// <param name="Width">Embedding width (default 64).</param>
/// <param name="Heads">Attention heads; must divide <paramref name="Width"/> (default 4).</param>
/// <param name="Dropout">Dropout in training (default 0.1).</param>
public sealed record GptSize(int Layers = 3, int Width = 64, int Heads = 4, double Dropout = 0.1)
{
    public static GptSize Default { get; } = new();
}

/// <summary>
/// A small GPT (pre-norm blocks, learned positions, causal self-attention) over composition tokens. <see cref="forward"/>
/// scores whole sequences for training; <see cref="Step"/> extends a key/value cache by one position per call for sampling,
/// so that generating L tokens costs L single-position passes instead of L² positions.
/// </summary>
internal sealed class CompositionGpt : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _tokens;
    private readonly Embedding _positions;
    private readonly Dropout _dropout;
    private readonly ModuleList<GptBlock> _blocks;
    private readonly LayerNorm _norm;
    private readonly Linear _head;

    public CompositionGpt(int vocabularySize, int contextLength, GptSize size)
        : base(nameof(CompositionGpt))
    {
        if (size.Width % size.Heads != 0)
        {
            throw new ArgumentException($"The width ({size.Width}) must be a multiple of the heads ({size.Heads}).", nameof(size));
        }

        ContextLength = contextLength;
        _tokens = nn.Embedding(vocabularySize, size.Width);
        _positions = nn.Embedding(contextLength, size.Width);
        _dropout = nn.Dropout(size.Dropout);
        _blocks = nn.ModuleList(Enumerable.Range(0, size.Layers).Select(_ => new GptBlock(size.Width, size.Heads, size.Dropout)).ToArray());
        _norm = nn.LayerNorm(size.Width);
        _head = nn.Linear(size.Width, vocabularySize);
        RegisterComponents();
        foreach (var (name, parameter) in named_parameters())
        {
            using var noGrad = no_grad();
            if (name.EndsWith("weight", StringComparison.Ordinal) && parameter.dim() == 2)
            {
                nn.init.normal_(parameter, 0, 0.02);
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                nn.init.zeros_(parameter);
            }
        }
    }

    public int ContextLength { get; }

    /// <summary>Logits [B, T, V] for tokens [B, T].</summary>
    public override Tensor forward(Tensor tokens)
    {
        var t = tokens.shape[1];
        using var positions = arange(t, dtype: ScalarType.Int64);
        var x = _dropout.forward(_tokens.forward(tokens).add(_positions.forward(positions), KeptScalars.One));
        foreach (var block in _blocks)
        {
            x = block.forward(x);
        }

        return _head.forward(_norm.forward(x));
    }

    /// <summary>Logits [B, V] for the token at <paramref name="position"/> given the cache of earlier positions.</summary>
    public Tensor Step(Tensor token, int position, KeyValueCache cache)
    {
        using var positions = tensor(new long[] { position });
        var x = _tokens.forward(token.view(-1, 1)).add(_positions.forward(positions), KeptScalars.One);
        for (var i = 0; i < _blocks.Count; i++)
        {
            x = _blocks[i].Step(x, cache, i);
        }

        return _head.forward(_norm.forward(x)).squeeze(1);
    }

    public long ParameterCount => parameters().Sum(p => p.numel());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokens.Dispose();
            _positions.Dispose();
            _dropout.Dispose();
            _blocks.Dispose();
            _norm.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Scalars that live as long as the process. TorchSharp 0.107 turns a literal operand (<c>a + b</c> has an implicit alpha of
/// 1, <c>t.mul(0.125)</c>, <c>t.ne(0)</c>) into a temporary <see cref="Scalar"/> whose finaliser may free the native value while
/// the native call still reads it; under garbage-collection pressure sampling failed intermittently with libtorch's
/// "toFloat" check. Operations in the hot paths therefore take these kept scalars explicitly.
/// </summary>
internal static class KeptScalars
{
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar Masked = (-1e9).ToScalar();
    public static readonly Scalar Pad = ((long)CompositionTokenizer.Pad).ToScalar();
}

/// <summary>Keys and values of every layer for the positions decoded so far, [B, H, T, D] each.</summary>
internal sealed class KeyValueCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    public KeyValueCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var k = _keys[layer] is { } oldK ? cat([oldK, keys], 2) : keys.alias();
        var v = _values[layer] is { } oldV ? cat([oldV, values], 2) : values.alias();
        _keys[layer]?.Dispose();
        _values[layer]?.Dispose();
        _keys[layer] = k.DetachFromDisposeScope();
        _values[layer] = v.DetachFromDisposeScope();
        return (k, v);
    }

    /// <summary>Keeps only the rows in <paramref name="rows"/> (sequences still being decoded), in that order.</summary>
    public void Keep(Tensor rows)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] is { } k && _values[i] is { } v)
            {
                _keys[i] = k.index_select(0, rows).DetachFromDisposeScope();
                _values[i] = v.index_select(0, rows).DetachFromDisposeScope();
                k.Dispose();
                v.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values))
        {
            t?.Dispose();
        }
    }
}

internal sealed class GptBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm _norm1;
    private readonly LayerNorm _norm2;
    private readonly Linear _qkv;
    private readonly Linear _projection;
    private readonly Linear _up;
    private readonly Linear _down;
    private readonly GELU _gelu;
    private readonly Dropout _dropout;
    private readonly Dropout _attentionDropout;
    private readonly int _heads;
    private readonly Scalar _scale; // 1/√d, held by the block (see KeptScalars)

    public GptBlock(int width, int heads, double dropout)
        : base(nameof(GptBlock))
    {
        _heads = heads;
        _scale = (1.0 / Math.Sqrt(width / heads)).ToScalar();
        _norm1 = nn.LayerNorm(width);
        _norm2 = nn.LayerNorm(width);
        _qkv = nn.Linear(width, 3 * width);
        _projection = nn.Linear(width, width);
        _up = nn.Linear(width, 4 * width);
        _down = nn.Linear(4 * width, width);
        _gelu = nn.GELU();
        _dropout = nn.Dropout(dropout);
        _attentionDropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (q, k, v) = Heads(_qkv.forward(_norm1.forward(x)));
        var t = x.shape[1];
        using var future = ones(t, t, ScalarType.Bool).triu(1);
        var weights = _attentionDropout.forward(q.matmul(k.transpose(-2, -1)).mul(_scale).masked_fill(future, KeptScalars.Masked).softmax(-1));
        x = x.add(_dropout.forward(_projection.forward(Merge(weights.matmul(v)))), KeptScalars.One);
        return x.add(_dropout.forward(_down.forward(_gelu.forward(_up.forward(_norm2.forward(x))))), KeptScalars.One);
    }

    public Tensor Step(Tensor x, KeyValueCache cache, int layer)
    {
        var (q, k, v) = Heads(_qkv.forward(_norm1.forward(x)));
        var (keys, values) = cache.Append(layer, k, v);
        // One query position attending to every cached position: no mask needed.
        var weights = q.matmul(keys.transpose(-2, -1)).mul(_scale).softmax(-1);
        x = x.add(_projection.forward(Merge(weights.matmul(values))), KeptScalars.One);
        return x.add(_down.forward(_gelu.forward(_up.forward(_norm2.forward(x)))), KeptScalars.One);
    }

    private (Tensor Q, Tensor K, Tensor V) Heads(Tensor qkv)
    {
        var b = qkv.shape[0];
        var t = qkv.shape[1];
        var width = qkv.shape[2] / 3;
        var parts = qkv.view(b, t, 3, _heads, width / _heads).permute(2, 0, 3, 1, 4); // [3, B, H, T, D]
        return (parts[0], parts[1], parts[2]);
    }

    private static Tensor Merge(Tensor attended)
    {
        var b = attended.shape[0];
        var t = attended.shape[2];
        return attended.transpose(1, 2).contiguous().view(b, t, -1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _norm1.Dispose();
            _norm2.Dispose();
            _qkv.Dispose();
            _projection.Dispose();
            _up.Dispose();
            _down.Dispose();
            _gelu.Dispose();
            _dropout.Dispose();
            _attentionDropout.Dispose();
            _scale.Dispose();
        }

        base.Dispose(disposing);
    }
}
