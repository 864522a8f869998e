using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>
/// Element-and-count tokens: <c>&lt;s&gt; Sr 1 Ti 1 O 3 &lt;/s&gt;</c>, elements in canonical order (Pauling electronegativity
/// ascending, ties and elements without a value by symbol — pymatgen's reduced-formula order, cations first). Chosen over
/// MTransformer's element-symbol sequences (<c>Sr Ti O O O</c>) because the sequences are 2× shorter on average and 16×
/// shorter at the tail (see <see cref="TokenizationStudy"/>), which makes sampling fast and lets one count token carry what
/// would otherwise be a run of repeated symbols.
/// </summary>
public sealed class CompositionTokenizer
{
    /// <summary>Padding (never predicted).</summary>
    public const int Pad = 0;

    /// <summary>Start of a formula.</summary>
    public const int Bos = 1;

    /// <summary>End of a formula.</summary>
    public const int Eos = 2;

    private const int FirstElementToken = 3;
    private readonly Element[] _elements;
    private readonly int[] _rankByAtomicNumber;

    /// <summary>Builds a tokenizer over <paramref name="elements"/> (any order; sorted canonically here).</summary>
    /// <param name="elements">The element vocabulary.</param>
    /// <param name="maxCount">Largest count token (default 24: 98.5 % of the counts in the Materials Project set).</param>
    /// <param name="maxElements">Most distinct elements per formula (default 8).</param>
    public CompositionTokenizer(IEnumerable<Element> elements, int maxCount = 24, int maxElements = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElements, 1);
        _elements = [.. elements.Distinct().OrderBy(e => e, CanonicalOrder)];
        if (_elements.Length == 0)
        {
            throw new ArgumentException("The tokenizer needs at least one element.", nameof(elements));
        }

        MaxCount = maxCount;
        MaxElements = maxElements;
        _rankByAtomicNumber = Enumerable.Repeat(-1, ElementTable.MaxAtomicNumber + 1).ToArray();
        for (var i = 0; i < _elements.Length; i++)
        {
            _rankByAtomicNumber[_elements[i].AtomicNumber] = i;
        }
    }

    /// <summary>Pauling electronegativity ascending, elements without a value last, ties by symbol.</summary>
    public static IComparer<Element> CanonicalOrder { get; } = Comparer<Element>.Create((a, b) =>
    {
        var byChi = (a.PaulingElectronegativity ?? double.PositiveInfinity).CompareTo(b.PaulingElectronegativity ?? double.PositiveInfinity);
        return byChi != 0 ? byChi : string.CompareOrdinal(a.Symbol, b.Symbol);
    });

    /// <summary>The element vocabulary in canonical order; an element's index is its rank.</summary>
    public IReadOnlyList<Element> Elements => _elements;

    public int MaxCount { get; }

    public int MaxElements { get; }

    public int VocabularySize => FirstElementToken + _elements.Length + MaxCount;

    /// <summary>Longest token sequence including &lt;s&gt; and &lt;/s&gt;.</summary>
    public int MaxSequenceLength => (2 * MaxElements) + 2;

    /// <summary>A tokenizer over the elements that occur in <paramref name="compositions"/>.</summary>
    public static CompositionTokenizer FromCompositions(IEnumerable<Composition> compositions, int maxCount = 24, int maxElements = 8) =>
        new(compositions.SelectMany(c => c.Elements), maxCount, maxElements);

    /// <summary>The rank of <paramref name="element"/> in the vocabulary, or -1.</summary>
    public int RankOf(Element element) => _rankByAtomicNumber[element.AtomicNumber];

    public static int ElementToken(int rank) => FirstElementToken + rank;

    public int CountToken(int count) => FirstElementToken + _elements.Length + count - 1;

    public bool IsElementToken(int token) => token >= FirstElementToken && token < FirstElementToken + _elements.Length;

    public bool IsCountToken(int token) => token >= FirstElementToken + _elements.Length && token < VocabularySize;

    public static int RankOfToken(int token) => token - FirstElementToken;

    public int CountOfToken(int token) => token - FirstElementToken - _elements.Length + 1;

    /// <summary>Encodes a composition (reduced first); false when an element is outside the vocabulary, a count exceeds
    /// <see cref="MaxCount"/>, there are too many elements, or the amounts are not whole.</summary>
    public bool TryEncode(Composition composition, out int[] tokens)
    {
        tokens = [];
        var reduced = composition.Reduce();
        if (!reduced.IsIntegral || reduced.Composition.ElementCount > MaxElements)
        {
            return false;
        }

        var c = reduced.Composition;
        var order = new (int Rank, int Count)[c.ElementCount];
        for (var i = 0; i < order.Length; i++)
        {
            var rank = RankOf(c.Elements[i]);
            var count = c.Amounts[i];
            if (rank < 0 || count > MaxCount)
            {
                return false;
            }

            order[i] = (rank, (int)count);
        }

        Array.Sort(order);
        tokens = new int[(2 * order.Length) + 2];
        tokens[0] = Bos;
        for (var i = 0; i < order.Length; i++)
        {
            tokens[1 + (2 * i)] = ElementToken(order[i].Rank);
            tokens[2 + (2 * i)] = CountToken(order[i].Count);
        }

        tokens[^1] = Eos;
        return true;
    }

    /// <summary>Decodes element/count pairs up to &lt;/s&gt; (a leading &lt;s&gt; is skipped); throws on a malformed sequence.</summary>
    public Composition Decode(ReadOnlySpan<int> tokens)
    {
        var pairs = new List<KeyValuePair<Element, double>>(MaxElements);
        var i = tokens.Length > 0 && tokens[0] == Bos ? 1 : 0;
        for (; i < tokens.Length && tokens[i] != Eos && tokens[i] != Pad; i += 2)
        {
            if (!IsElementToken(tokens[i]) || i + 1 >= tokens.Length || !IsCountToken(tokens[i + 1]))
            {
                throw new FormatException($"Malformed token sequence at position {i}: expected an element followed by a count.");
            }

            pairs.Add(KeyValuePair.Create(_elements[RankOfToken(tokens[i])], (double)CountOfToken(tokens[i + 1])));
        }

        return Composition.Create(pairs);
    }

    /// <summary>The tokens as text, e.g. <c>&lt;s&gt; Sr 1 Ti 1 O 3 &lt;/s&gt;</c>.</summary>
    public string Describe(ReadOnlySpan<int> tokens)
    {
        var words = new List<string>(tokens.Length);
        foreach (var t in tokens)
        {
            words.Add(t switch
            {
                Pad => "<pad>",
                Bos => "<s>",
                Eos => "</s>",
                _ when IsElementToken(t) => _elements[RankOfToken(t)].Symbol,
                _ => CountOfToken(t).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return string.Join(' ', words);
    }
}
