using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>What every generated formula must satisfy. Null or empty means no constraint.</summary>
/// <param name="Include">Element symbols every formula must contain.</param>
/// <param name="Exclude">Element symbols no formula may contain.</param>
/// <param name="ExactElements">Exact number of distinct elements.</param>
/// <param name="MaxElements">Largest number of distinct elements (the model's own limit applies anyway).</param>
/// <param name="MaxAtoms">Largest number of atoms in the formula unit as generated.</param>
public sealed record DecodingConstraints(
    IReadOnlyList<string>? Include = null,
    IReadOnlyList<string>? Exclude = null,
    int? ExactElements = null,
    int? MaxElements = null,
    int? MaxAtoms = null)
{
    public static DecodingConstraints None { get; } = new();

    /// <summary>True when <paramref name="composition"/> (as generated, before reduction) meets every constraint.</summary>
    public bool IsSatisfiedBy(Composition composition)
    {
        var symbols = composition.Elements.Select(e => e.Symbol).ToHashSet(StringComparer.Ordinal);
        return (Include ?? []).All(symbols.Contains)
            && !(Exclude ?? []).Any(symbols.Contains)
            && (ExactElements is null || composition.ElementCount == ExactElements)
            && (MaxElements is null || composition.ElementCount <= MaxElements)
            && (MaxAtoms is null || composition.NumberOfAtoms <= MaxAtoms);
    }
}

/// <summary>Constraints that no formula can satisfy with the generator's vocabulary and limits.</summary>
public sealed class ImpossibleConstraintsException(string message) : ArgumentException(message);

/// <summary>Where one sequence stands while it is decoded.</summary>
/// <param name="ExpectCount">True right after an element token.</param>
/// <param name="LastRank">Rank of the last element emitted (-1 at the start).</param>
/// <param name="Distinct">Elements emitted so far.</param>
/// <param name="Atoms">Sum of the counts emitted so far.</param>
/// <param name="NextRequired">How many of the required elements have been emitted (they come in rank order).</param>
/// <param name="Finished">True after &lt;/s&gt;.</param>
public readonly record struct DecodingState(bool ExpectCount, int LastRank, int Distinct, int Atoms, int NextRequired, bool Finished)
{
    public static DecodingState Start { get; } = new(false, -1, 0, 0, 0, false);
}

/// <summary>
/// Logit masks that make every sampled sequence a well-formed formula meeting <see cref="DecodingConstraints"/>: element and
/// count tokens alternate, elements come in canonical order without repeats, and a token is allowed only while a completion
/// satisfying every constraint still exists (required elements not skipped, enough elements and atoms left). So sampling
/// never dead-ends, and impossible constraints are refused up front by <see cref="Compile"/>.
/// </summary>
public sealed class ConstraintMasker
{
    private readonly CompositionTokenizer _tokenizer;
    private readonly bool[] _allowedElement;
    private readonly int[] _allowedAfter; // _allowedAfter[r + 1] = allowed ranks greater than r
    private readonly int[] _required;     // ranks, ascending
    private readonly int _minElements;
    private readonly int _maxElements;
    private readonly int _maxAtoms;

    private ConstraintMasker(CompositionTokenizer tokenizer, bool[] allowedElement, int[] required, int minElements, int maxElements, int maxAtoms)
    {
        _tokenizer = tokenizer;
        _allowedElement = allowedElement;
        _required = required;
        _minElements = minElements;
        _maxElements = maxElements;
        _maxAtoms = maxAtoms;
        _allowedAfter = new int[allowedElement.Length + 1];
        for (var r = allowedElement.Length - 1; r >= 0; r--)
        {
            _allowedAfter[r] = _allowedAfter[r + 1] + (allowedElement[r] ? 1 : 0);
        }
    }

    public DecodingConstraints Constraints { get; private init; } = DecodingConstraints.None;

    /// <summary>Ranks that may be emitted at all (not excluded).</summary>
    internal IReadOnlyList<bool> AllowedElements => _allowedElement;

    /// <summary>Most distinct elements a formula may have under these constraints.</summary>
    internal int MaxElementCount => _maxElements;

    /// <summary>Compiles the constraints against the tokenizer; throws <see cref="ImpossibleConstraintsException"/> with the reason.</summary>
    public static ConstraintMasker Compile(CompositionTokenizer tokenizer, DecodingConstraints constraints) =>
        TryCompile(tokenizer, constraints, out var masker, out var error) ? masker : throw new ImpossibleConstraintsException(error);

    public static bool TryCompile(CompositionTokenizer tokenizer, DecodingConstraints constraints, out ConstraintMasker masker, out string error)
    {
        masker = null!;
        var vocabulary = tokenizer.Elements.Count;
        var allowed = Enumerable.Repeat(true, vocabulary).ToArray();
        var required = new SortedSet<int>();
        foreach (var (symbols, include) in new[] { (constraints.Exclude, false), (constraints.Include, true) })
        {
            foreach (var raw in symbols ?? [])
            {
                var symbol = raw.Trim();
                if (!ElementTable.Default.TryGet(symbol, out var element))
                {
                    error = $"'{symbol}' is not an element symbol.";
                    return false;
                }

                var rank = tokenizer.RankOf(element);
                if (rank < 0)
                {
                    if (include)
                    {
                        error = $"{symbol} cannot be included: the generator never saw it in training (its vocabulary has {vocabulary} elements).";
                        return false;
                    }

                    continue;
                }

                if (include)
                {
                    if (!allowed[rank])
                    {
                        error = $"{symbol} is both included and excluded.";
                        return false;
                    }

                    required.Add(rank);
                }
                else
                {
                    allowed[rank] = false;
                }
            }
        }

        var modelMax = tokenizer.MaxElements;
        var maxElements = Math.Min(constraints.MaxElements ?? modelMax, modelMax);
        var minElements = 1;
        if (constraints.MaxElements is < 1)
        {
            error = $"The maximum number of elements must be at least 1, got {constraints.MaxElements}.";
            return false;
        }

        if (constraints.ExactElements is { } exact)
        {
            if (exact < 1 || exact > modelMax)
            {
                error = $"The number of elements must be between 1 and {modelMax} (the generator's limit), got {exact}.";
                return false;
            }

            if (exact > maxElements)
            {
                error = $"Exactly {exact} elements were asked for, but at most {maxElements}.";
                return false;
            }

            minElements = maxElements = exact;
        }

        var maxAtoms = constraints.MaxAtoms ?? (modelMax * tokenizer.MaxCount);
        if (maxAtoms < 1)
        {
            error = $"The maximum number of atoms must be at least 1, got {maxAtoms}.";
            return false;
        }

        var needed = Math.Max(required.Count, minElements);
        var available = allowed.Count(a => a);
        if (required.Count > maxElements)
        {
            error = $"{required.Count} elements must be included, but formulas may have at most {maxElements}.";
            return false;
        }

        if (needed > available)
        {
            var left = Enumerable.Range(0, vocabulary).Where(i => allowed[i]).Select(i => tokenizer.Elements[i].Symbol).ToList();
            error = $"{needed} distinct elements are needed, but only {available} elements remain after the exclusions{(left.Count is > 0 and <= 8 ? $" ({string.Join(", ", left)})" : "")}: the request is contradictory, no composition can meet both.";
            return false;
        }

        if (needed > maxAtoms)
        {
            error = $"{needed} distinct elements need at least {needed} atoms, but at most {maxAtoms} are allowed.";
            return false;
        }

        masker = new ConstraintMasker(tokenizer, allowed, [.. required], minElements, maxElements, maxAtoms) { Constraints = constraints };
        error = "";
        return true;
    }

    /// <summary>Marks in <paramref name="allowed"/> (length <see cref="CompositionTokenizer.VocabularySize"/>) the tokens that may come next.</summary>
    /// <returns>The number of allowed tokens (at least 1 for an unfinished state reached through this masker).</returns>
    public int FillAllowed(in DecodingState state, Span<bool> allowed)
    {
        allowed.Clear();
        if (state.Finished)
        {
            allowed[CompositionTokenizer.Eos] = true;
            return 1;
        }

        var remainingRequired = _required.Length - state.NextRequired;
        var n = 0;
        if (state.ExpectCount)
        {
            var needFurther = Math.Max(remainingRequired, _minElements - state.Distinct);
            var maxCount = Math.Min(_tokenizer.MaxCount, _maxAtoms - state.Atoms - needFurther);
            for (var c = 1; c <= maxCount; c++)
            {
                allowed[_tokenizer.CountToken(c)] = true;
                n++;
            }

            return n;
        }

        if (remainingRequired == 0 && state.Distinct >= _minElements && state.Distinct >= 1)
        {
            allowed[CompositionTokenizer.Eos] = true;
            n++;
        }

        var newDistinct = state.Distinct + 1;
        if (newDistinct > _maxElements)
        {
            return n;
        }

        var limit = remainingRequired > 0 ? _required[state.NextRequired] : _allowedElement.Length - 1;
        for (var r = state.LastRank + 1; r <= limit; r++)
        {
            if (!_allowedElement[r])
            {
                continue;
            }

            var requiredAfter = remainingRequired - (remainingRequired > 0 && r == _required[state.NextRequired] ? 1 : 0);
            var needFurther = Math.Max(requiredAfter, _minElements - newDistinct);
            if (newDistinct + needFurther <= _maxElements && _allowedAfter[r + 1] >= needFurther && state.Atoms + 1 + needFurther <= _maxAtoms)
            {
                allowed[CompositionTokenizer.ElementToken(r)] = true;
                n++;
            }
        }

        return n;
    }

    /// <summary>The state after <paramref name="token"/> (which must have been allowed).</summary>
    public DecodingState Advance(in DecodingState state, int token)
    {
        if (token == CompositionTokenizer.Eos || state.Finished)
        {
            return state with { Finished = true };
        }

        if (state.ExpectCount)
        {
            return state with { ExpectCount = false, Atoms = state.Atoms + _tokenizer.CountOfToken(token) };
        }

        var rank = CompositionTokenizer.RankOfToken(token);
        var next = state.NextRequired < _required.Length && _required[state.NextRequired] == rank ? state.NextRequired + 1 : state.NextRequired;
        return new DecodingState(true, rank, state.Distinct + 1, state.Atoms, next, false);
    }
}
