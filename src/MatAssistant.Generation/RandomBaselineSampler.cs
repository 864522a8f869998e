using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>
/// The pseudo-random baseline of the enrichment figure (as in MatGAN and MTransformer): the number of distinct elements is
/// drawn from the training set's distribution, the elements uniformly without replacement from the vocabulary, and each
/// count uniformly from 1 to <see cref="MaxCount"/>.
/// </summary>
public sealed class RandomBaselineSampler
{
    private readonly Element[] _elements;
    private readonly double[] _cumulative; // _cumulative[k - 1] = P(elements ≤ k)

    public RandomBaselineSampler(IEnumerable<Element> elements, IReadOnlyList<double> elementCountDistribution, int maxCount)
    {
        _elements = [.. elements];
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var total = elementCountDistribution.Sum();
        if (elementCountDistribution.Count == 0 || total <= 0 || elementCountDistribution.Any(p => p < 0))
        {
            throw new ArgumentException("The element-count distribution must be non-negative with a positive sum.", nameof(elementCountDistribution));
        }

        _cumulative = new double[Math.Min(elementCountDistribution.Count, _elements.Length)];
        var sum = 0.0;
        for (var k = 0; k < _cumulative.Length; k++)
        {
            sum += elementCountDistribution[k] / total;
            _cumulative[k] = sum;
        }

        _cumulative[^1] = 1;
        MaxCount = maxCount;
    }

    /// <summary>Largest count drawn.</summary>
    public int MaxCount { get; }

    /// <summary>P(k elements) for k = 1, 2, … as used.</summary>
    public IReadOnlyList<double> ElementCountDistribution => _cumulative.Select((c, k) => k == 0 ? c : c - _cumulative[k - 1]).ToArray();

    /// <summary>
    /// The baseline for <paramref name="training"/>: its element vocabulary and element-count distribution, counts up to the
    /// <paramref name="countQuantile"/> quantile of its counts (default 0.99).
    /// </summary>
    public static RandomBaselineSampler FromTraining(IReadOnlyList<Composition> training, IEnumerable<Element> elements, double countQuantile = 0.99)
    {
        var histogram = new double[FormulaParser.MaxDistinctElements];
        foreach (var c in training)
        {
            histogram[c.ElementCount - 1]++;
        }

        var counts = training.SelectMany(c => c.Amounts).Order().ToArray();
        var maxCount = (int)Math.Max(1, counts[(int)(countQuantile * (counts.Length - 1))]);
        var last = Array.FindLastIndex(histogram, h => h > 0);
        return new RandomBaselineSampler(elements, histogram[..(last + 1)], maxCount);
    }

    /// <summary><paramref name="count"/> random compositions; the same seed gives the same compositions.</summary>
    public Composition[] Sample(int count, int seed)
    {
        var random = new Random(seed);
        var result = new Composition[count];
        var indices = Enumerable.Range(0, _elements.Length).ToArray();
        for (var i = 0; i < count; i++)
        {
            var u = random.NextDouble();
            var k = Array.FindIndex(_cumulative, c => u < c) + 1;
            if (k == 0)
            {
                k = _cumulative.Length;
            }

            // Partial Fisher-Yates: the first k entries become a uniform k-subset.
            for (var j = 0; j < k; j++)
            {
                var swap = random.Next(j, indices.Length);
                (indices[j], indices[swap]) = (indices[swap], indices[j]);
            }

            result[i] = Composition.Create(Enumerable.Range(0, k).Select(j => KeyValuePair.Create(_elements[indices[j]], (double)random.Next(1, MaxCount + 1))));
        }

        return result;
    }
}
